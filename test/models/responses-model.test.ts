import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBehaviorError, ModelHttpError, UserError } from '../../src/errors/index.js';
import type { ResponseCompletedEvent, ResponseStreamEvent, SerializedFunctionTool } from '../../src/models/interface.js';
import { NodeHttpTransport } from '../../src/models/openai/node-http-transport.js';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.js';
import { collect, fixtureBytes, fixturePayloads, fixtureReply, makeRequest, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
let model: OpenAIResponsesModel;
before(async () => {
  server = await startFixtureServer();
  model = new OpenAIResponsesModel({ model: 'gpt-4.1-nano', transport: new NodeHttpTransport({ apiKey: 'sk-test', baseURL: server.baseURL }) });
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const weatherTool: SerializedFunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false },
  strict: true,
};

test('getResponse decodes a recorded function call, usage and response id', async () => {
  server.enqueue(fixtureReply('responses-function-call.json'));
  const response = await model.getResponse(makeRequest({ tools: [weatherTool], modelSettings: { toolChoice: 'required' } }));
  assert.equal(response.responseId, 'resp_0e24a47955abae920069cbdf5f685c81978d9f91c3422081db');
  assert.equal(response.output.length, 1);
  const call = response.output[0]!;
  assert.equal(call.type, 'function_call');
  if (call.type !== 'function_call') return;
  assert.equal(call.name, 'get_weather');
  assert.equal(call.call_id, 'call_u7hc7oWBn1bvGlcSegpiJOiJ');
  assert.deepEqual(JSON.parse(call.arguments), { location: 'Paris' });
  assert.deepEqual(response.usage, {
    requests: 1, inputTokens: 58, outputTokens: 6, totalTokens: 64,
    inputTokensDetails: { cachedTokens: 0 }, outputTokensDetails: { reasoningTokens: 0 },
  });
  const body = server.received[0]!.body;
  assert.equal(server.received[0]!.path, '/v1/responses');
  assert.equal(body.tool_choice, 'required');
  assert.deepEqual(body.tools, [weatherTool]);
  assert.equal(body.stream, undefined);
});

test('getResponse keeps parallel function calls in order', async () => {
  server.enqueue(fixtureReply('responses-parallel-function-calls.json'));
  const response = await model.getResponse(makeRequest({ tools: [weatherTool] }));
  assert.deepEqual(
    response.output.map((item) => item.type === 'function_call' && [item.name, item.call_id, item.arguments]),
    [
      ['get_weather', 'call_grggfsR0ccRoMcXy17gsju6I', '{"location":"London"}'],
      ['get_weather', 'call_jQ4vl5MZL0h55SoqPmlfYYyd', '{"location":"London"}'],
    ],
  );
  assert.equal(response.usage.totalTokens, 104);
  assert.equal(response.responseId, 'resp_0f241063cf6416c80069cbcbe19f8c8199b8295e95a345f359');
});

test('request body: instructions, tools, forced tool, output format, settings, chaining, extraBody last', async () => {
  server.enqueue(fixtureReply('responses-function-call.json'));
  await model.getResponse(makeRequest({
    systemInstructions: 'Be brief.',
    input: [
      { role: 'user', content: 'weather?' },
      { type: 'message', id: '__chat__msg_chatcmpl-1', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] },
    ],
    tools: [weatherTool],
    outputType: { name: 'final_output', schema: { type: 'object', properties: {} }, strict: true },
    previousResponseId: 'resp_prev',
    conversationId: 'conv_1',
    modelSettings: {
      toolChoice: 'get_weather', parallelToolCalls: false, temperature: 0.2, topP: 0.9, maxTokens: 99,
      truncation: 'auto', reasoning: { effort: 'low', summary: 'auto' }, metadata: { k: 'v' }, store: false,
      extraBody: { temperature: 0.7, include: ['reasoning.encrypted_content'] },
    },
  }));
  assert.deepEqual(server.received[0]!.body, {
    model: 'gpt-4.1-nano',
    input: [
      { role: 'user', content: 'weather?' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] },
    ],
    instructions: 'Be brief.',
    tools: [weatherTool],
    tool_choice: { type: 'function', name: 'get_weather' },
    parallel_tool_calls: false,
    temperature: 0.7,
    top_p: 0.9,
    max_output_tokens: 99,
    truncation: 'auto',
    reasoning: { effort: 'low', summary: 'auto' },
    metadata: { k: 'v' },
    store: false,
    previous_response_id: 'resp_prev',
    conversation: 'conv_1',
    text: { format: { type: 'json_schema', name: 'final_output', schema: { type: 'object', properties: {} }, strict: true } },
    include: ['reasoning.encrypted_content'],
  });
});

test('forcing a tool the request does not offer is a UserError, before any request', async () => {
  await assert.rejects(model.getResponse(makeRequest({ tools: [weatherTool], modelSettings: { toolChoice: 'nope' } })), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /nope/);
    return true;
  });
  assert.equal(server.received.length, 0);
});

test('streamResponse yields the recorded text stream events as-is', async () => {
  server.enqueue(fixtureReply('responses-stream-text.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  assert.deepEqual(events, fixturePayloads('responses-stream-text.sse'));
  const text = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
  assert.equal(text, 'Hello! How can I assist you today?');
  const completed = events.at(-1) as ResponseCompletedEvent;
  assert.equal(completed.type, 'response.completed');
  assert.equal(completed.response.id, 'resp_0b70e4946283a4df0068c9ef5ef4d88194adeeb6e2283d609a');
  assert.deepEqual(completed.response.usage, {
    input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 21,
  });
  assert.equal(server.received[0]!.body.stream, true);
  assert.equal(server.received[0]!.headers.accept, 'text/event-stream');
});

test('streamed function call: argument deltas add up to the final arguments', async () => {
  server.enqueue(fixtureReply('responses-stream-function-call.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const args = events.filter((e) => e.type === 'response.function_call_arguments.delta').map((e) => e.delta).join('');
  assert.equal(args, '{"location":"San Francisco, CA"}');
  const completed = events.at(-1) as ResponseCompletedEvent;
  const [call] = completed.response.output;
  assert.deepEqual(call && call.type === 'function_call' && [call.name, call.call_id], ['get_weather_at_location', 'call_0UFGPwrziw5rbinYp7rthrTb']);
});

test('streamed reasoning items come through with encrypted content and reasoning usage', async () => {
  server.enqueue(fixtureReply('responses-stream-reasoning-function-call.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const completed = events.at(-1) as ResponseCompletedEvent;
  assert.deepEqual(completed.response.output.map((item) => item.type), ['reasoning', 'function_call']);
  const reasoning = completed.response.output[0]!;
  assert.ok(reasoning.type === 'reasoning' && typeof reasoning.encrypted_content === 'string' && reasoning.encrypted_content.startsWith('gAAAA'));
  assert.equal(completed.response.usage?.output_tokens_details?.reasoning_tokens, 448);
  const call = completed.response.output[1]!;
  assert.ok(call.type === 'function_call' && call.name === 'final_result');
});

test('reasoning + commentary text + function call in one stream (UTF-8 smart quotes intact)', async () => {
  server.enqueue(fixtureReply('responses-stream-reasoning-text-function-call.sse'));
  const events: ResponseStreamEvent[] = await collect(model.streamResponse(makeRequest()));
  assert.equal(events.length, 33);
  const completed = events.at(-1) as ResponseCompletedEvent;
  assert.deepEqual(completed.response.output.map((item) => item.type), ['reasoning', 'message', 'function_call']);
  const message = completed.response.output[1]!;
  assert.ok(message.type === 'message');
  const part = message.content[0]!;
  assert.ok(part.type === 'output_text');
  const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
  assert.equal(deltas, part.text);
  assert.match(part.text, /[’“”]/);
  assert.equal(completed.response.usage?.total_tokens, 132);
});

function sseWithout(name: string, drop: (block: string) => boolean): string {
  return fixtureBytes(name).toString('utf8').split('\n\n').filter((block) => block.length > 0 && !drop(block)).map((b) => `${b}\n\n`).join('');
}

test('a stream that ends before response.completed is a ModelBehaviorError', async () => {
  const cut = sseWithout('responses-stream-text.sse', (block) => block.startsWith('event: response.completed'));
  server.enqueue({ contentType: 'text/event-stream', chunks: [cut] });
  const seen: ResponseStreamEvent[] = [];
  await assert.rejects(
    (async () => {
      for await (const event of model.streamResponse(makeRequest())) seen.push(event);
    })(),
    (error: unknown) => error instanceof ModelBehaviorError && /response\.completed/.test(error.message),
  );
  assert.equal(seen.length, 16);
});

test('a data line with malformed JSON is a ModelBehaviorError', async () => {
  const text = fixtureBytes('responses-stream-text.sse').toString('utf8').replace('"type":"response.in_progress"', '"type":response.in_progress');
  server.enqueue({ contentType: 'text/event-stream', chunks: [text] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => {
    assert.ok(error instanceof ModelBehaviorError);
    assert.match(error.message, /malformed JSON/);
    return true;
  });
});

test('response.failed and error events are ModelBehaviorErrors with the server message', async () => {
  server.enqueue({
    contentType: 'text/event-stream',
    chunks: [
      'event: response.created\ndata: {"type":"response.created","response":{"id":"r1","output":[]}}\n\n',
      'event: response.failed\ndata: {"type":"response.failed","response":{"id":"r1","status":"failed","output":[],"error":{"code":"server_error","message":"The server had an error"}}}\n\n',
    ],
  });
  await assert.rejects(collect(model.streamResponse(makeRequest())), /The server had an error/);
  server.enqueue({ contentType: 'text/event-stream', chunks: ['event: error\ndata: {"type":"error","code":"rate_limit_exceeded","message":"Slow down"}\n\n'] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelBehaviorError && /Slow down/.test(error.message));
});

test('HTTP errors: 500 on getResponse, 401 on streamResponse', async () => {
  server.enqueue({ status: 500, contentType: 'application/json', chunks: ['{"error":{"message":"internal"}}'] });
  // Not retried here (retries: test/reliability).
  await assert.rejects(model.getResponse(makeRequest({ modelSettings: { retry: { maxRetries: 0 } } })), (error: unknown) => error instanceof ModelHttpError && error.status === 500 && error.body.includes('internal'));
  server.enqueue({ status: 401, contentType: 'application/json', chunks: ['{"error":{"message":"bad key"}}'] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelHttpError && error.status === 401);
});

test('a failed (non-streamed) response is a ModelBehaviorError', async () => {
  server.enqueue({ contentType: 'application/json', chunks: ['{"id":"r","status":"failed","output":[],"error":{"message":"model crashed"}}'] });
  await assert.rejects(model.getResponse(makeRequest()), (error: unknown) => error instanceof ModelBehaviorError && /model crashed/.test(error.message));
  server.enqueue({ contentType: 'application/json', chunks: ['{"id":"r"}'] });
  await assert.rejects(model.getResponse(makeRequest()), ModelBehaviorError);
});

test('abort via the request signal rejects promptly', async () => {
  server.enqueue({ contentType: 'text/event-stream', chunks: ['event: response.created\ndata: {"type":"response.created","response":{"output":[]}}\n\n'], then: 'hang' });
  const controller = new AbortController();
  const started = Date.now();
  const seen: ResponseStreamEvent[] = [];
  await assert.rejects(
    (async () => {
      for await (const event of model.streamResponse(makeRequest({ signal: controller.signal }))) {
        seen.push(event);
        setTimeout(() => controller.abort(), 5);
      }
    })(),
    (error: Error) => error.name === 'AbortError',
  );
  assert.equal(seen.length, 1);
  assert.ok(Date.now() - started < 1000);
  server.enqueue({ contentType: 'application/json', chunks: [], then: 'hang' });
  await assert.rejects(model.getResponse(makeRequest({ signal: AbortSignal.timeout(30) })), (error: Error) => error.name === 'AbortError');
});
