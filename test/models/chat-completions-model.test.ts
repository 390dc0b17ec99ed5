import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ModelBehaviorError, ModelHttpError } from '../../src/errors/index.js';
import type { ResponseCompletedEvent, ResponseStreamEvent } from '../../src/models/interface.js';
import { OpenAIChatCompletionsModel } from '../../src/models/openai/chat-completions-model.js';
import { NodeHttpTransport } from '../../src/models/openai/node-http-transport.js';
import { collect, fixtureBytes, fixtureReply, makeRequest, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
let model: OpenAIChatCompletionsModel;
before(async () => {
  server = await startFixtureServer();
  model = new OpenAIChatCompletionsModel({ model: 'gpt-4o-mini', transport: new NodeHttpTransport({ apiKey: 'sk-test', baseURL: server.baseURL }) });
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const completedOf = (events: ResponseStreamEvent[]): ResponseCompletedEvent => {
  const last = events.at(-1) as ResponseCompletedEvent;
  assert.equal(last.type, 'response.completed');
  return last;
};

test('getResponse: a recorded tool call becomes a function_call item; usage mapped', async () => {
  server.enqueue(fixtureReply('chat-tool-calls.json'));
  const response = await model.getResponse(makeRequest());
  assert.equal(server.received[0]!.path, '/v1/chat/completions');
  assert.equal(response.responseId, undefined);
  assert.deepEqual(response.output, [
    { type: 'function_call', id: '__chat__fc_chatcmpl-CdxiKM2sGFeUQe8474UvhFH1JCdyg_0', call_id: 'call_K1e5DeMhf00qONjSQD0B4h9C', name: 'add_numbers', arguments: '{"a":5,"b":7}', status: 'completed' },
  ]);
  assert.deepEqual(response.usage, { requests: 1, inputTokens: 52, outputTokens: 18, totalTokens: 70, inputTokensDetails: { cachedTokens: 0 }, outputTokensDetails: { reasoningTokens: 0 } });
});

test('getResponse: recorded parallel tool calls keep their order', async () => {
  server.enqueue(fixtureReply('chat-parallel-tool-calls.json'));
  const response = await model.getResponse(makeRequest());
  assert.deepEqual(response.output.map((item) => item.type === 'function_call' && [item.name, item.call_id, JSON.parse(item.arguments)]), [
    ['get_weather', 'call_EgULHWKqGjuB36aUeiOSpALZ', { location: 'San Francisco' }],
    ['get_news', 'call_Xer9QGOTDMG2Bxn9AKGiVM14', { location: 'San Francisco' }],
  ]);
  assert.equal(response.usage.totalTokens, 114);
});

test('getResponse: a recorded refusal becomes a refusal content part', async () => {
  server.enqueue(fixtureReply('chat-refusal.json'));
  const response = await model.getResponse(makeRequest({ outputType: { name: 'Location', schema: { type: 'object' }, strict: true } }));
  assert.deepEqual(response.output, [{
    type: 'message', id: '__chat__msg_chatcmpl-AGky8KFDbg6f5fF4qLtsBredIjZZh', role: 'assistant', status: 'completed',
    content: [{ type: 'refusal', refusal: "I'm very sorry, but I can't assist with that request." }],
  }]);
  assert.equal(response.usage.inputTokens, 65);
  assert.deepEqual(server.received[0]!.body.response_format, { type: 'json_schema', json_schema: { name: 'Location', schema: { type: 'object' }, strict: true } });
});

test('stream text: Responses-style events in order, deltas, completed output and usage', async () => {
  server.enqueue(fixtureReply('chat-stream-text.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const body = server.received[0]!.body;
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.deepEqual(events.map((e) => e.type), [
    'response.created', 'response.output_item.added', 'response.content_part.added',
    ...Array<string>(8).fill('response.output_text.delta'),
    'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
  ]);
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  const deltas = events.filter((e) => e.type === 'response.output_text.delta');
  assert.equal(deltas.map((e) => e.delta).join(''), 'The capital of the UK is London.');
  assert.ok(deltas.every((e) => e.item_id === '__chat__msg_chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc' && e.output_index === 0 && e.content_index === 0));
  const textDone = events.find((e) => e.type === 'response.output_text.done')!;
  assert.equal(textDone.text, 'The capital of the UK is London.');
  const completed = completedOf(events);
  assert.equal(completed.response.id, undefined, 'no Responses id: a chat completion cannot be chained');
  assert.equal(completed.response.chat_completion_id, 'chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc');
  assert.deepEqual(completed.response.output, [{
    type: 'message', id: '__chat__msg_chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc', role: 'assistant', status: 'completed',
    content: [{ type: 'output_text', text: 'The capital of the UK is London.', annotations: [] }],
  }]);
  assert.deepEqual(completed.response.usage, { input_tokens: 78, output_tokens: 9, total_tokens: 87, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } });
  const done = events.find((e) => e.type === 'response.output_item.done')!;
  assert.deepEqual(done.item, completed.response.output[0]);
});

test('stream tool call: added item, argument deltas, done events', async () => {
  server.enqueue(fixtureReply('chat-stream-tool-calls.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const added = events.find((e) => e.type === 'response.output_item.added')!;
  assert.deepEqual(added.item, { id: '__chat__fc_chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl_0', type: 'function_call', call_id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital', arguments: '', status: 'in_progress' });
  const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta').map((e) => e.delta);
  assert.deepEqual(deltas, ['{"', 'country', '":"', 'UK', '"}']);
  assert.equal(events.find((e) => e.type === 'response.function_call_arguments.done')!.arguments, '{"country":"UK"}');
  const completed = completedOf(events);
  assert.deepEqual(completed.response.output, [
    { type: 'function_call', id: '__chat__fc_chatcmpl-Dx0XpqH8w09uBXwq1zFGYdETjtnEl_0', call_id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital', arguments: '{"country":"UK"}', status: 'completed' },
  ]);
  assert.equal(completed.response.usage?.total_tokens, 68);
});

test('stream parallel tool calls: assembled per index, in order', async () => {
  server.enqueue(fixtureReply('chat-stream-parallel-tool-calls.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const completed = completedOf(events);
  assert.deepEqual(completed.response.output.map((item) => item.type === 'function_call' && [item.name, item.call_id, JSON.parse(item.arguments)]), [
    ['GetWeatherArgs', 'call_JMW1whyEaYG438VE1OIflxA2', { city: 'Edinburgh', country: 'GB', units: 'c' }],
    ['get_stock_price', 'call_DNYTawLBoN8fj3KN6qU9N1Ou', { ticker: 'AAPL', exchange: 'NASDAQ' }],
  ]);
  const byIndex = (i: number) => events.filter((e) => e.type === 'response.function_call_arguments.delta' && e.output_index === i).map((e) => e.delta).join('');
  assert.equal(byIndex(0), (completed.response.output[0] as { arguments: string }).arguments);
  assert.equal(byIndex(1), (completed.response.output[1] as { arguments: string }).arguments);
  assert.equal(completed.response.usage?.input_tokens, 149);
});

test('interleaved tool call chunks (index 1 before index 0 finishes) assemble correctly', async () => {
  const chunk = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  server.enqueue({
    contentType: 'text/event-stream',
    chunks: [
      chunk({ tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'a', arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'b', arguments: '{"y"' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }, { index: 1, function: { arguments: ':2}' } }] }),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ],
  });
  const completed = completedOf(await collect(model.streamResponse(makeRequest())));
  assert.deepEqual(completed.response.output.map((item) => item.type === 'function_call' && [item.call_id, item.name, item.arguments]), [
    ['call_0', 'a', '{"x":1}'],
    ['call_1', 'b', '{"y":2}'],
  ]);
});

test('stream refusal: refusal part and deltas', async () => {
  server.enqueue(fixtureReply('chat-stream-refusal.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  const part = events.find((e) => e.type === 'response.content_part.added')!;
  assert.deepEqual(part.part, { type: 'refusal', refusal: '' });
  assert.equal(events.filter((e) => e.type === 'response.refusal.delta').map((e) => e.delta).join(''), "I'm sorry, I can't assist with that request.");
  assert.equal(events.find((e) => e.type === 'response.refusal.done')!.refusal, "I'm sorry, I can't assist with that request.");
  const completed = completedOf(events);
  assert.deepEqual((completed.response.output[0] as { content: unknown }).content, [{ type: 'refusal', refusal: "I'm sorry, I can't assist with that request." }]);
  assert.equal(completed.response.usage?.total_tokens, 90);
});

test('a stream cut before finish_reason and [DONE] is a ModelBehaviorError', async () => {
  const text = fixtureBytes('chat-stream-text.sse').toString('utf8');
  const cut = text.split('\n\n').slice(0, 5).join('\n\n') + '\n\n';
  server.enqueue({ contentType: 'text/event-stream', chunks: [cut] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelBehaviorError && /ended before/.test(error.message));
});

test('malformed chunk JSON and in-stream errors are ModelBehaviorErrors', async () => {
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"id":"c","choices":[{"delta":{"content":"hi"}\n\n'] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelBehaviorError && /malformed JSON/.test(error.message));
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"error":{"message":"overloaded"}}\n\n'] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelBehaviorError && /overloaded/.test(error.message));
});

test('HTTP errors and aborts', async () => {
  server.enqueue({ status: 500, chunks: ['oops'] });
  // Not retried here (retries: test/reliability).
  await assert.rejects(model.getResponse(makeRequest({ modelSettings: { retry: { maxRetries: 0 } } })), (error: unknown) => error instanceof ModelHttpError && error.status === 500);
  server.enqueue({ status: 401, chunks: ['no'] });
  await assert.rejects(collect(model.streamResponse(makeRequest())), (error: unknown) => error instanceof ModelHttpError && error.status === 401);
  server.enqueue({ contentType: 'text/event-stream', chunks: [], then: 'hang' });
  const started = Date.now();
  await assert.rejects(collect(model.streamResponse(makeRequest({ signal: AbortSignal.timeout(30) }))), (error: Error) => error.name === 'AbortError');
  assert.ok(Date.now() - started < 1000);
});
