// agentrun/ai-sdk against the AI SDK's own mock language model (ai/test, AI SDK 7), under this Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { APICallError, type LanguageModelV4StreamPart, type LanguageModelV4Usage } from '@ai-sdk/provider';
import { MockLanguageModelV4, convertArrayToReadableStream } from 'ai/test';
import { aisdk } from '../../src/ai-sdk.js';
import { Agent, Runner, UserError, tool, type StreamEvent } from '../../src/index.js';
import { ModelConnectionError, ModelHttpError } from '../../src/errors/index.js';

function usage(input: number, output: number, extra: { cacheRead?: number; reasoning?: number } = {}): LanguageModelV4Usage {
  return {
    inputTokens: { total: input, noCache: undefined, cacheRead: extra.cacheRead, cacheWrite: undefined },
    outputTokens: { total: output, text: undefined, reasoning: extra.reasoning },
  };
}

const STOP = { unified: 'stop', raw: 'stop' } as const;
const TOOL_CALLS = { unified: 'tool-calls', raw: 'tool_calls' } as const;

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

test('a blocking run with a tool: prompt, tools, settings and usage map both ways', async () => {
  const mock = new MockLanguageModelV4({
    doGenerate: [
      { content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Paris"}' }], finishReason: TOOL_CALLS, usage: usage(10, 5, { cacheRead: 4 }), warnings: [] },
      { content: [{ type: 'text', text: 'Sunny in Paris.' }], finishReason: STOP, usage: usage(20, 3), warnings: [] },
    ],
  });
  const agent = new Agent({
    name: 'Weather',
    instructions: 'Be brief.',
    tools: [getWeather],
    model: aisdk(mock),
    modelSettings: { temperature: 0.2, topP: 0.9, maxTokens: 100, toolChoice: 'get_weather', reasoning: { effort: 'low' } },
    resetToolChoice: false,
  });
  const result = await Runner.run(agent, 'Weather in Paris?');
  assert.equal(result.finalOutput, 'Sunny in Paris.');
  assert.deepEqual(result.newItems.map((item) => item.type), ['message_output_item', 'tool_call_item', 'tool_call_output_item', 'message_output_item']);
  assert.deepEqual(result.contextWrapper.usage, { requests: 2, inputTokens: 30, outputTokens: 8, totalTokens: 38, inputTokensDetails: { cachedTokens: 4 } });

  const [first, second] = mock.doGenerateCalls;
  assert.deepEqual(first!.tools, [{ type: 'function', name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }]);
  assert.equal(first!.temperature, 0.2);
  assert.equal(first!.topP, 0.9);
  assert.equal(first!.maxOutputTokens, 100);
  assert.deepEqual(first!.toolChoice, { type: 'tool', toolName: 'get_weather' });
  assert.equal(first!.reasoning, 'low');
  assert.deepEqual(first!.prompt, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
  ]);
  assert.deepEqual(second!.prompt.slice(2), [
    { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: { city: 'Paris' } }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'get_weather', output: { type: 'text', value: 'Sunny in Paris' } }] },
  ]);
  const call = result.newItems[1]!.rawItem;
  assert.equal(call.type === 'function_call' && call.call_id, 'c1');
});

test('structured output: the schema goes as responseFormat and the JSON answer is parsed', async () => {
  const mock = new MockLanguageModelV4({
    doGenerate: { content: [{ type: 'text', text: '{"city":"Oslo","celsius":4}' }], finishReason: STOP, usage: usage(5, 5), warnings: [] },
  });
  const agent = new Agent({ name: 'Typed', model: aisdk(mock), outputType: z.object({ city: z.string(), celsius: z.number() }) });
  const result = await Runner.run(agent, 'Oslo?');
  assert.deepEqual(result.finalOutput, { city: 'Oslo', celsius: 4 });
  const format = mock.doGenerateCalls[0]!.responseFormat;
  assert.equal(format?.type, 'json');
  assert.deepEqual(format?.type === 'json' && format.schema && Object.keys((format.schema as { properties: object }).properties), ['city', 'celsius']);
});

test('reasoning becomes a reasoning item, and is sent back as a reasoning part', async () => {
  const mock = new MockLanguageModelV4({
    doGenerate: [
      { content: [{ type: 'reasoning', text: 'The user wants weather.' }, { type: 'tool-call', toolCallId: 'c9', toolName: 'get_weather', input: '{"city":"Rome"}' }], finishReason: TOOL_CALLS, usage: usage(3, 7, { reasoning: 5 }), warnings: [] },
      { content: [{ type: 'text', text: 'Sunny.' }], finishReason: STOP, usage: usage(3, 1), warnings: [] },
    ],
  });
  const result = await Runner.run(new Agent({ name: 'R', tools: [getWeather], model: aisdk(mock) }), 'Rome?');
  assert.equal(result.newItems[0]!.type, 'reasoning_item');
  assert.deepEqual((result.newItems[0]!.rawItem as { summary: unknown }).summary, [{ type: 'summary_text', text: 'The user wants weather.' }]);
  assert.deepEqual(result.contextWrapper.usage.outputTokensDetails, { reasoningTokens: 5 });
  const assistant = mock.doGenerateCalls[1]!.prompt[1]!;
  assert.deepEqual(assistant.content[0], { type: 'reasoning', text: 'The user wants weather.' });
});

function streamOf(parts: LanguageModelV4StreamPart[]) {
  return { stream: convertArrayToReadableStream(parts) };
}

test('a streamed run emits the Responses-style raw events, then runs the streamed tool call', async () => {
  const mock = new MockLanguageModelV4({
    doStream: [
      streamOf([
        { type: 'stream-start', warnings: [] },
        { type: 'tool-input-start', id: 'c2', toolName: 'get_weather' },
        { type: 'tool-input-delta', id: 'c2', delta: '{"city":' },
        { type: 'tool-input-delta', id: 'c2', delta: '"Lima"}' },
        { type: 'tool-input-end', id: 'c2' },
        { type: 'tool-call', toolCallId: 'c2', toolName: 'get_weather', input: '{"city":"Lima"}' },
        { type: 'finish', usage: usage(8, 4), finishReason: TOOL_CALLS },
      ]),
      streamOf([
        { type: 'text-start', id: 't1' },
        { type: 'text-delta', id: 't1', delta: 'Sunny ' },
        { type: 'text-delta', id: 't1', delta: 'in Lima.' },
        { type: 'text-end', id: 't1' },
        { type: 'finish', usage: usage(12, 3), finishReason: STOP },
      ]),
    ],
  });
  const result = Runner.runStreamed(new Agent({ name: 'S', tools: [getWeather], model: aisdk(mock) }), 'Lima?');
  const raw: string[] = [];
  const deltas: string[] = [];
  for await (const event of result.streamEvents() as AsyncIterable<StreamEvent>) {
    if (event.type !== 'raw_response_event') continue;
    raw.push(event.data.type);
    if (event.data.type === 'response.output_text.delta') deltas.push(String(event.data.delta));
  }
  assert.equal(result.finalOutput, 'Sunny in Lima.');
  assert.deepEqual(deltas, ['Sunny ', 'in Lima.']);
  assert.deepEqual(raw, [
    'response.created', 'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
    'response.function_call_arguments.done', 'response.output_item.done', 'response.completed',
    'response.created', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
    'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
  ]);
  assert.equal(result.newItems[1]!.type, 'tool_call_output_item');
  assert.equal((result.newItems[1]!.rawItem as { output: string }).output, 'Sunny in Lima');
  assert.deepEqual(result.contextWrapper.usage, { requests: 2, inputTokens: 20, outputTokens: 7, totalTokens: 27 });
});

test('provider errors become ModelHttpError (status, body) and ModelConnectionError (code), blocking and streamed', async () => {
  const http = new APICallError({
    message: 'Too Many Requests', url: 'https://api.example.com/v1/messages', requestBodyValues: {}, statusCode: 429,
    responseBody: '{"error":"rate limited"}', responseHeaders: { 'retry-after': '2' },
  });
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const network = new APICallError({ message: 'Cannot connect to API: fetch failed', url: 'https://api.example.com/v1/messages', requestBodyValues: {}, cause: new TypeError('fetch failed', { cause: refused }) });

  const blocking = new MockLanguageModelV4({ doGenerate: async () => { throw http; } });
  const error = await Runner.run(new Agent({ name: 'E', model: aisdk(blocking) }), 'hi').catch((e: unknown) => e);
  assert.ok(error instanceof ModelHttpError, String(error));
  assert.equal(error.status, 429);
  assert.equal(error.body, '{"error":"rate limited"}');
  assert.equal(error.headers['retry-after'], '2');
  assert.ok(error.runData, 'the run attaches its data');

  const streamed = new MockLanguageModelV4({ doStream: streamOf([{ type: 'text-start', id: 't' }, { type: 'error', error: network }]) });
  const run = Runner.runStreamed(new Agent({ name: 'E', model: aisdk(streamed) }), 'hi');
  const failure = await (async () => {
    for await (const _ of run.streamEvents()) { /* drain */ }
  })().catch((e: unknown) => e);
  assert.ok(failure instanceof ModelConnectionError, String(failure));
  assert.equal(failure.code, 'ECONNREFUSED');
});

test('aisdk() refuses what is not an AI SDK v4 language model, and server-managed conversations', async () => {
  assert.throws(() => aisdk({} as never), UserError);
  assert.throws(() => aisdk({ specificationVersion: 'v3', doGenerate() {}, doStream() {} } as never), /specification "v3"; agentrun supports 'v4'/);
  const mock = new MockLanguageModelV4({ doGenerate: { content: [], finishReason: STOP, usage: usage(0, 0), warnings: [] } });
  await assert.rejects(Runner.run(new Agent({ name: 'P', model: aisdk(mock) }), 'hi', { previousResponseId: 'resp_1' }), /server-managed conversations/);
  const empty = await Runner.run(new Agent({ name: 'P', model: aisdk(mock) }), 'hi');
  assert.equal(empty.finalOutput, '', 'an empty answer is an empty message');
});
