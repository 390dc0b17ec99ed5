import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedModel, functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { UserError } from '../../src/errors/index.js';
import type { ModelRequest, ResponseStreamEvent, SerializedFunctionTool } from '../../src/models/interface.js';
import { checkResponsesStream } from './wire-checks.js';

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    systemInstructions: 'Be helpful.',
    input: [{ role: 'user', content: 'hi' }],
    modelSettings: { temperature: 0.5 },
    tools: [{ type: 'function', name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: {} }, strict: true }],
    ...overrides,
  };
}

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

test('getResponse serves entries in order with ids and usage', async () => {
  const model = new ScriptedModel([
    { output: [functionCall('get_weather', { city: 'Paris' }, 'call_1')], usage: { inputTokens: 10, outputTokens: 4 } },
    { output: [textMessage('Sunny.')], responseId: 'resp_2' },
  ]);
  const first = await model.getResponse(request());
  assert.equal(first.output.length, 1);
  const call = first.output[0]!;
  assert.equal(call.type, 'function_call');
  assert.match(String(call.id), /^fc_/);
  assert.deepEqual(first.usage, { requests: 1, inputTokens: 10, outputTokens: 4, totalTokens: 14 });
  assert.match(String(first.responseId), /^resp_/);
  const second = await model.getResponse(request());
  assert.equal(second.responseId, 'resp_2');
  assert.deepEqual(second.usage, { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  assert.equal(model.remaining, 0);
});

test('streaming and blocking see identical data', async () => {
  const entry = { output: [reasoning('think'), textMessage('Hello there, friend.'), functionCall('f', { a: 1 })], usage: { inputTokens: 7, outputTokens: 3 }, responseId: 'resp_same' };
  const blocking = new ScriptedModel([structuredClone(entry)]);
  const streaming = new ScriptedModel([structuredClone(entry)]);
  const response = await blocking.getResponse(request());
  const events = await collect(streaming.streamResponse(request()));
  const completed = checkResponsesStream(events as Array<Record<string, unknown>>);
  const strip = (items: unknown[]) => items.map((item) => ({ ...(item as Record<string, unknown>), id: undefined }));
  assert.deepEqual(strip(completed.output as unknown[]), strip(response.output));
  assert.equal(completed.id, response.responseId);
  assert.deepEqual(completed.usage, { input_tokens: 7, output_tokens: 3, total_tokens: 10 });
  assert.equal((completed as { instructions?: unknown }).instructions, 'Be helpful.');
});

test('calls are recorded, deep-copied at call time, with the stream flag', async () => {
  const model = new ScriptedModel([{ output: [textMessage('a')] }, { output: [textMessage('b')] }]);
  const req = request({ previousResponseId: 'resp_prev', outputType: { name: 'out', schema: { type: 'object' }, strict: true } });
  await model.getResponse(req);
  req.input.push({ role: 'user', content: 'mutated later' });
  req.modelSettings.temperature = 2;
  ((req.tools[0] as SerializedFunctionTool).parameters as Record<string, unknown>).changed = true;
  await collect(model.streamResponse(request({ conversationId: 'conv_1', systemInstructions: undefined })));
  assert.equal(model.calls.length, 2);
  const [first, second] = model.calls;
  assert.deepEqual(first, {
    input: [{ role: 'user', content: 'hi' }],
    instructions: 'Be helpful.',
    tools: [{ type: 'function', name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: {} }, strict: true }],
    modelSettings: { temperature: 0.5 },
    outputType: { name: 'out', schema: { type: 'object' }, strict: true },
    previousResponseId: 'resp_prev',
    conversationId: undefined,
    stream: false,
  });
  assert.equal(second!.stream, true);
  assert.equal(second!.conversationId, 'conv_1');
  assert.equal(second!.instructions, undefined);
});

test('an Error entry is thrown, by both getResponse and streamResponse', async () => {
  const boom = new Error('rate limited');
  const model = new ScriptedModel([boom, new TypeError('stream failure'), { output: [textMessage('after')] }]);
  await assert.rejects(model.getResponse(request()), (e) => e === boom);
  await assert.rejects(collect(model.streamResponse(request())), TypeError);
  assert.equal((await model.getResponse(request())).output.length, 1);
  assert.equal(model.calls.length, 3, 'failed calls are recorded too');
});

test('function entries compute the reply from the request, sync or async, and may return an Error', async () => {
  const model = new ScriptedModel([
    (req) => ({ output: [textMessage(`you said ${String(req.input[0] && 'content' in req.input[0] ? req.input[0].content : '')}`)] }),
    async (req) => ({ output: req.tools.map((tool) => functionCall((tool as SerializedFunctionTool).name, {})) }),
    () => new Error('computed failure'),
  ]);
  const first = await model.getResponse(request());
  assert.deepEqual(first.output[0]!.type === 'message' && first.output[0]!.content, [{ type: 'output_text', text: 'you said hi' }]);
  const second = await model.getResponse(request());
  assert.equal(second.output[0]!.type === 'function_call' && second.output[0]!.name, 'get_weather');
  await assert.rejects(model.getResponse(request()), /computed failure/);
});

test('running out of entries is a UserError naming ScriptedModel and the call number', async () => {
  const model = new ScriptedModel([{ output: [textMessage('only')] }]);
  await model.getResponse(request());
  await assert.rejects(model.getResponse(request()), (e: unknown) =>
    e instanceof UserError && /ScriptedModel/.test(e.message) && /call #2/.test(e.message));
  await assert.rejects(collect(model.streamResponse(request())), (e: unknown) => e instanceof UserError && /ScriptedModel/.test(e.message));
});

test('push appends entries; invalid entries are rejected when scripted', async () => {
  const model = new ScriptedModel();
  model.push({ output: [textMessage('pushed')] });
  assert.equal(model.remaining, 1);
  assert.equal((await model.getResponse(request())).output.length, 1);
  assert.throws(() => new ScriptedModel([{ text: 'nope' } as never]), (e: unknown) => e instanceof UserError && /entry #0/.test(e.message));
  assert.throws(() => model.push({ output: [], breakStreamAfterEvents: -1 }), /breakStreamAfterEvents/);
  const bad = new ScriptedModel([() => ({ output: 'x' } as never)]);
  await assert.rejects(bad.getResponse(request()), (e: unknown) => e instanceof UserError && /returned by its function/.test(e.message));
});

test('breakStreamAfterEvents cuts the stream after n events with an error', async () => {
  const model = new ScriptedModel([
    { output: [textMessage('one two three')], breakStreamAfterEvents: 4 },
    { output: [textMessage('x')], breakStreamAfterEvents: 2 },
  ]);
  const seen: ResponseStreamEvent[] = [];
  await assert.rejects(async () => {
    for await (const event of model.streamResponse(request())) seen.push(event);
  }, /stream broken after 4 events/);
  assert.deepEqual(seen.map((e) => e.sequence_number), [0, 1, 2, 3]);
  await assert.rejects(model.getResponse(request()), /stream broken/);
});

test('latencyMs delays replies and an abort signal cuts the wait', async () => {
  const model = new ScriptedModel([{ output: [textMessage('slow')] }, { output: [textMessage('aborted')] }], { latencyMs: 60 });
  const started = performance.now();
  await model.getResponse(request());
  assert.ok(performance.now() - started >= 55, 'the reply waited for the latency');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 10);
  const abortStart = performance.now();
  await assert.rejects(model.getResponse(request({ signal: controller.signal })), (e: unknown) => (e as Error).name === 'AbortError');
  assert.ok(performance.now() - abortStart < 50, 'the abort ended the wait early');
  assert.throws(() => new ScriptedModel([], { latencyMs: -1 }), UserError);
});
