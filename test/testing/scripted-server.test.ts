import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { functionCall, reasoning, startScriptedServer, textMessage, type ScriptedServer } from '../../src/testing/index.js';
import { parseSse, parseSseJson } from './sse-parse.js';
import { checkChatStream, checkResponsesStream } from './wire-checks.js';

type Payload = Record<string, unknown>;
const servers: ScriptedServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(options: Parameters<typeof startScriptedServer>[0] = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer(options);
  servers.push(server);
  return server;
}

function post(server: ScriptedServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

test('listens on 127.0.0.1 with an ephemeral port and a /v1 base URL', async () => {
  const server = await start();
  assert.ok(server.port > 0);
  assert.equal(server.url, `http://127.0.0.1:${server.port}/v1`);
});

test('POST /v1/responses answers the completed response as JSON and records the request', async () => {
  const server = await start({ script: [{ output: [textMessage('Hello!')], usage: { inputTokens: 11, outputTokens: 3 }, responseId: 'resp_abc' }] });
  const res = await post(server, '/responses?x=1', { model: 'gpt-4o-mini', input: 'hi', instructions: 'be nice' }, { 'x-custom': 'yes' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await res.json()) as Payload;
  assert.equal(body.id, 'resp_abc');
  assert.equal(body.object, 'response');
  assert.equal(body.status, 'completed');
  assert.equal(body.model, 'gpt-4o-mini');
  assert.equal(body.instructions, 'be nice');
  assert.deepEqual(body.usage, { input_tokens: 11, output_tokens: 3, total_tokens: 14 });
  const [message] = body.output as Payload[];
  assert.match(String(message!.id), /^msg_/);
  assert.deepEqual(message!.content, [{ type: 'output_text', text: 'Hello!' }]);
  assert.equal(server.requests.length, 1);
  const recorded = server.requests[0]!;
  assert.equal(recorded.path, '/v1/responses');
  assert.equal(recorded.method, 'POST');
  assert.equal(recorded.headers.authorization, 'Bearer test-key');
  assert.equal(recorded.headers['x-custom'], 'yes');
  assert.deepEqual(recorded.body, { model: 'gpt-4o-mini', input: 'hi', instructions: 'be nice' });
});

test('POST /v1/responses with stream: true answers the realistic SSE sequence', async () => {
  const server = await start({ script: [{ output: [reasoning('plan'), textMessage('Sure, calling now.'), functionCall('lookup', { q: 'x' })] }] });
  const res = await post(server, '/responses', { model: 'm', input: [], stream: true, tools: [{ type: 'function', name: 'lookup' }] });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const { payloads, done } = parseSseJson(await res.text());
  assert.equal(done, false);
  const completed = checkResponsesStream(payloads);
  assert.deepEqual((completed.output as Payload[]).map((i) => i.type), ['reasoning', 'message', 'function_call']);
  assert.deepEqual(completed.tools, [{ type: 'function', name: 'lookup' }]);
  assert.equal(completed.model, 'm');
});

test('POST /v1/chat/completions answers JSON, and SSE chunks ending in [DONE] when streaming', async () => {
  const server = await start({
    script: [
      { output: [functionCall('add', { a: 5, b: 7 }, 'call_add')], usage: { inputTokens: 52, outputTokens: 18 } },
      { output: [textMessage('The answer is 12.')], usage: { inputTokens: 60, outputTokens: 6 } },
      { output: [textMessage('No usage chunk.')] },
    ],
  });
  const json = (await (await post(server, '/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'add' }] })).json()) as Payload;
  assert.equal(json.object, 'chat.completion');
  const choice = (json.choices as Payload[])[0]!;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.deepEqual((choice.message as Payload).tool_calls, [{ id: 'call_add', type: 'function', function: { name: 'add', arguments: '{"a":5,"b":7}' } }]);
  assert.deepEqual(json.usage, { prompt_tokens: 52, completion_tokens: 18, total_tokens: 70 });

  const res = await post(server, '/chat/completions', { model: 'gpt', messages: [], stream: true, stream_options: { include_usage: true } });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const { payloads, done } = parseSseJson(await res.text());
  assert.equal(done, true);
  const assembled = checkChatStream(payloads);
  assert.equal(assembled.content, 'The answer is 12.');
  assert.deepEqual(assembled.usage, { prompt_tokens: 60, completion_tokens: 6, total_tokens: 66 });

  // Like the real API, no usage chunk unless stream_options.include_usage is set.
  const plain = parseSseJson(await (await post(server, '/chat/completions', { messages: [], stream: true })).text());
  assert.equal(checkChatStream(plain.payloads).usage, null);
});

test('function entries compute replies from the parsed body (echoing the tools offered)', async () => {
  const server = await start({
    script: [
      (body) => ({ output: (body.tools as Array<{ name: string }>).map((t) => functionCall(t.name, {})) }),
      async (body, { api, request }) => ({ output: [textMessage(`${api} ${request.path} ${String((body.messages as unknown[]).length)}`)] }),
    ],
  });
  const first = (await (await post(server, '/responses', { input: 'x', tools: [{ type: 'function', name: 'a' }, { type: 'function', name: 'b' }] })).json()) as Payload;
  assert.deepEqual((first.output as Payload[]).map((i) => i.name), ['a', 'b']);
  const second = (await (await post(server, '/chat/completions', { messages: [1, 2, 3] })).json()) as Payload;
  assert.equal(((second.choices as Payload[])[0]!.message as Payload).content, 'chat /v1/chat/completions 3');
});

test('HTTP error entries answer their status, body and headers; Error entries answer 500', async () => {
  const server = await start({
    script: [
      { httpStatus: 429, body: { error: { message: 'Rate limit reached', type: 'requests' } }, headers: { 'retry-after': '1' } },
      { httpStatus: 503 },
      { httpStatus: 400, body: 'plain text' },
      new Error('scripted failure'),
      () => {
        throw new Error('responder threw');
      },
    ],
  });
  const r1 = await post(server, '/responses', { input: 'x' });
  assert.equal(r1.status, 429);
  assert.equal(r1.headers.get('retry-after'), '1');
  assert.deepEqual(await r1.json(), { error: { message: 'Rate limit reached', type: 'requests' } });
  const r2 = await post(server, '/responses', { input: 'x' });
  assert.equal(r2.status, 503);
  assert.match(((await r2.json()) as { error: { message: string } }).error.message, /503/);
  const r3 = await post(server, '/chat/completions', { messages: [] });
  assert.equal(r3.status, 400);
  assert.equal(await r3.text(), 'plain text');
  const r4 = await post(server, '/responses', { input: 'x' });
  assert.equal(r4.status, 500);
  assert.match(await r4.text(), /scripted failure/);
  const r5 = await post(server, '/responses', { input: 'x' });
  assert.equal(r5.status, 500);
  assert.match(await r5.text(), /entry #4 \(a function\) threw: responder threw/);
});

test('an empty queue answers HTTP 500 with a JSON error naming the server; push refills it', async () => {
  const server = await start();
  const res = await post(server, '/responses', { input: 'x' });
  assert.equal(res.status, 500);
  const body = (await res.json()) as { error: { message: string } };
  assert.match(body.error.message, /ScriptedServer: no scripted reply left for POST \/v1\/responses \(request #1; 0 entries were served\)/);
  server.push({ output: [textMessage('now there is one')] });
  assert.equal(server.remaining, 1);
  assert.equal((await post(server, '/responses', { input: 'x' })).status, 200);
  assert.equal(server.remaining, 0);
});

test('bad requests: unknown route 404, invalid JSON 400, invalid script entry 500 naming the field', async () => {
  const server = await start({ script: [{ output: [{ type: 'function_call', name: 'f', arguments: 42 }] } as never] });
  const notFound = await post(server, '/embeddings', { input: 'x' });
  assert.equal(notFound.status, 404);
  assert.match(await notFound.text(), /no route for POST \/v1\/embeddings/);
  const get = await fetch(`${server.url}/responses`);
  assert.equal(get.status, 404);
  assert.match(await get.text(), /no route for GET \/v1\/responses/);
  const invalid = await post(server, '/responses', '{not json');
  assert.equal(invalid.status, 400);
  assert.match(await invalid.text(), /not valid JSON/);
  const array = await post(server, '/responses', [1]);
  assert.equal(array.status, 400);
  assert.match(await array.text(), /must be a JSON object/);
  assert.equal(server.requests.length, 0, 'rejected requests neither consume the queue nor get recorded');
  assert.equal(server.remaining, 1);
  const badEntry = await post(server, '/responses', { input: 'x' });
  assert.equal(badEntry.status, 500);
  assert.match(await badEntry.text(), /output\[0\].*arguments/);
  assert.throws(() => server.push(42 as never), /ScriptedServer/);
});

async function readUntilError(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

test('breakStreamAfterEvents cuts the connection mid-stream (both APIs) and mid-body for JSON', async () => {
  const server = await start({
    script: [
      { output: [textMessage('one two three four')], breakStreamAfterEvents: 3 },
      { output: [textMessage('one two three four')], breakStreamAfterEvents: 2 },
      { output: [textMessage('cut json')], breakStreamAfterEvents: 1 },
      { output: [textMessage('still serving')] },
    ],
  });
  const streamed = await readUntilError(await post(server, '/responses', { input: 'x', stream: true }));
  assert.ok(streamed.error, 'reading the cut stream fails');
  const { payloads } = parseSseJson(streamed.text);
  assert.deepEqual(payloads.map((p) => p.type), ['response.created', 'response.in_progress', 'response.output_item.added']);

  const chat = await readUntilError(await post(server, '/chat/completions', { messages: [], stream: true }));
  assert.ok(chat.error);
  const chatFrames = parseSseJson(chat.text);
  assert.equal(chatFrames.payloads.length, 2);
  assert.equal(chatFrames.done, false);

  const json = await readUntilError(await post(server, '/responses', { input: 'x' }));
  assert.ok(json.error);
  assert.throws(() => JSON.parse(json.text));

  assert.equal((await post(server, '/responses', { input: 'x' })).status, 200, 'the server keeps serving after a cut');
});

test('malformedJson inserts an invalid data line in streams and truncates JSON bodies', async () => {
  const server = await start({
    script: [
      { output: [textMessage('hi')], malformedJson: true },
      { output: [textMessage('hi')], malformedJson: true },
      { output: [textMessage('hi')], malformedJson: true },
    ],
  });
  const sse = await (await post(server, '/responses', { input: 'x', stream: true })).text();
  assert.throws(() => parseSseJson(sse), SyntaxError);
  assert.match(sse, /^event: response\.created\n/);
  const chat = await (await post(server, '/chat/completions', { messages: [], stream: true })).text();
  assert.throws(() => parseSseJson(chat), SyntaxError);
  const json = await post(server, '/responses', { input: 'x' });
  assert.equal(json.status, 200);
  await assert.rejects(json.json(), SyntaxError);
});

test('100 parallel requests are all answered, each with the entry it consumed', async () => {
  const n = 100;
  const script = Array.from({ length: n }, (_, i) => ({ output: [textMessage(`reply ${i}`)] }));
  const server = await start({ script });
  const answers = await Promise.all(Array.from({ length: n }, async (_, marker) => {
    const stream = marker % 2 === 0;
    const res = await post(server, '/responses', { input: `request ${marker}`, stream });
    assert.equal(res.status, 200);
    if (!stream) return { marker, text: (((await res.json()) as { output: Array<{ content: Array<{ text: string }> }> }).output[0]!.content[0]!.text) };
    const completed = checkResponsesStream(parseSseJson(await res.text()).payloads);
    return { marker, text: ((completed.output as Array<{ content: Array<{ text: string }> }>)[0]!.content[0]!.text) };
  }));
  assert.equal(server.requests.length, n);
  const consumedBy = new Map(server.requests.map((r, k) => [r.body.input, k]));
  for (const { marker, text } of answers) assert.equal(text, `reply ${consumedBy.get(`request ${marker}`)}`);
  assert.equal(new Set(answers.map((a) => a.text)).size, n, 'no entry served twice');
  assert.equal(server.remaining, 0);
});

test('latencyMs delays answers; eventDelayMs spaces stream events', async () => {
  const server = await start({ script: [{ output: [textMessage('x')] }], latencyMs: 60 });
  const started = performance.now();
  await (await post(server, '/responses', { input: 'x' })).json();
  assert.ok(performance.now() - started >= 55);

  const spaced = await start({ script: [{ output: [textMessage('a b c')] }], eventDelayMs: 15 });
  const res = await post(spaced, '/responses', { input: 'x', stream: true });
  const reader = res.body!.getReader();
  const arrivals: number[] = [];
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
    arrivals.push(performance.now());
  }
  assert.ok(arrivals.length >= 5, `events arrive separately (${arrivals.length} reads)`);
  assert.ok(arrivals[arrivals.length - 1]! - arrivals[0]! >= 15 * 4);
});

test('connections are kept alive between requests', async () => {
  const server = await start({ script: [{ output: [textMessage('1')] }, { output: [textMessage('2')] }] });
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  const send = () => new Promise<boolean>((resolve, reject) => {
    const req = httpRequest(`${server.url}/responses`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.reusedSocket));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ input: 'x' }));
  });
  assert.equal(await send(), false);
  assert.equal(await send(), true, 'the second request reused the socket');
  agent.destroy();
});

test('the official openai client works against it, blocking and streaming, for both APIs', async () => {
  const server = await start({
    script: [
      { output: [functionCall('get_weather', { city: 'Paris' }, 'call_w')], usage: { inputTokens: 20, outputTokens: 5 } },
      { output: [textMessage('It is sunny in Paris.')] },
      { output: [textMessage('Chat hello.')] },
      { output: [functionCall('get_weather', { city: 'Oslo' }, 'call_o')] },
    ],
  });
  const client = new OpenAI({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
  const response = await client.responses.create({ model: 'gpt-test', input: 'weather?' });
  assert.equal(response.output[0]!.type, 'function_call');
  assert.equal(response.usage?.total_tokens, 25);
  assert.equal(response.output_text, '', 'the SDK finds no text in a function-call reply');

  const stream = await client.responses.create({ model: 'gpt-test', input: 'again', stream: true });
  let text = '';
  let completedText: string | undefined;
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') {
      const message = event.response.output[0];
      completedText = message?.type === 'message' && message.content[0]?.type === 'output_text' ? message.content[0].text : undefined;
    }
  }
  assert.equal(text, 'It is sunny in Paris.');
  assert.equal(completedText, 'It is sunny in Paris.');

  const chat = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(chat.choices[0]!.message.content, 'Chat hello.');
  const chatStream = await client.chat.completions.create({ model: 'gpt-test', messages: [], stream: true, stream_options: { include_usage: true } });
  let args = '';
  let finish: string | null = null;
  for await (const chunk of chatStream) {
    for (const call of chunk.choices[0]?.delta.tool_calls ?? []) args += call.function?.arguments ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(args, '{"city":"Oslo"}');
  assert.equal(finish, 'tool_calls');
  assert.equal(server.requests[0]!.headers.authorization, 'Bearer test-key');
});

test('close() stops the server even with idle keep-alive connections', async () => {
  const server = await startScriptedServer({ script: [{ output: [textMessage('x')] }] });
  await (await post(server, '/responses', { input: 'x' })).json();
  await server.close();
  await assert.rejects(post(server, '/responses', { input: 'x' }));
});

test('the library SSE parser reads the server streams chunk by chunk exactly as the test parser does', async () => {
  const { SseParser } = await import('../../src/models/openai/sse.js');
  const server = await start({
    script: [{ output: [textMessage('Grüße 🌍 from the stream'), functionCall('f', { a: 'ü' })] }, { output: [textMessage('chat text')] }],
  });
  for (const [path, body] of [['/responses', { input: 'x', stream: true }], ['/chat/completions', { messages: [], stream: true }]] as const) {
    const res = await post(server, path, body);
    const parser = new SseParser();
    const viaLibrary: Array<{ event: string | undefined; data: string }> = [];
    let raw = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      raw += decoder.decode(chunk, { stream: true });
      // Feed in small slices so frames and UTF-8 characters straddle chunk borders.
      for (let i = 0; i < chunk.length; i += 7) viaLibrary.push(...parser.push(chunk.subarray(i, i + 7)));
    }
    viaLibrary.push(...parser.end());
    const expected = parseSse(raw);
    assert.deepEqual(viaLibrary.map((m) => ({ event: m.event, data: m.data })), expected.map((f) => ({ event: f.event, data: f.data })));
  }
});
