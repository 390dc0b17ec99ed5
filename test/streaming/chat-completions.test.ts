// Chat Completions streaming through the scripted server: the run streams the same Responses-style
// event vocabulary as the Responses API, so consumers handle one set of events whichever API runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, tool, type StreamEvent } from '../../src/index.js';
import { functionCall, textMessage, type ScriptedReply } from '../../src/testing/index.js';
import { deltaText, drain, labels, providerFor, scriptedServer } from './helpers.js';

const add = tool({ name: 'add', description: 'Add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b });

const SCRIPT: ScriptedReply[] = [
  { output: [textMessage('Let me add those. '), functionCall('add', { a: 20, b: 22 }, 'call_a'), functionCall('add', { a: 1, b: 1 }, 'call_b')], usage: { inputTokens: 11, outputTokens: 9 } },
  { output: [textMessage('The sums are 42 and 2.')], usage: { inputTokens: 30, outputTokens: 8 } },
];

async function streamedRun(useResponses: boolean) {
  const server = await scriptedServer({ script: structuredClone(SCRIPT) });
  const agent = new Agent({ name: 'adder', model: 'gpt-test', tools: [add] });
  const result = Runner.runStreamed(agent, 'add 20+22 and 1+1', { runConfig: { modelProvider: providerFor(server, useResponses) } });
  const { events, error } = await drain(result);
  assert.equal(error, undefined, String(error));
  return { result, events, server };
}

const rawTypes = (events: readonly StreamEvent[]) => new Set(events.flatMap((e) => (e.type === 'raw_response_event' ? [e.data.type] : [])));

test('Chat Completions streams Responses-style raw events, the same item events and the same text as the Responses API', async () => {
  const responses = await streamedRun(true);
  const chat = await streamedRun(false);
  assert.equal(chat.server.requests[0]!.path, '/v1/chat/completions');
  assert.equal(chat.server.requests[0]!.body.stream, true, 'the chat request was a streaming one');

  // One vocabulary: every chat raw event type is a Responses event type.
  const chatTypes = rawTypes(chat.events);
  for (const type of chatTypes) assert.ok(rawTypes(responses.events).has(type), `${type} is a Responses API event type`);
  for (const type of ['response.created', 'response.output_item.added', 'response.output_text.delta', 'response.function_call_arguments.delta', 'response.output_item.done', 'response.completed']) {
    assert.ok(chatTypes.has(type), `chat stream has ${type}`);
  }

  // The semantic events are identical, each model response's after its response.completed.
  assert.deepEqual(labels(chat.events, { raw: false }), labels(responses.events, { raw: false }));
  assert.deepEqual(labels(chat.events, { raw: false }), [
    'agent:adder', 'message_output_created', 'tool_called', 'tool_called', 'tool_output', 'tool_output', 'message_output_created',
  ]);
  const completedAt = labels(chat.events).flatMap((l, i) => (l === 'raw:response.completed' ? [i] : []));
  assert.equal(completedAt.length, 2, 'one response.completed per model call');
  assert.equal(labels(chat.events)[completedAt[0]! + 1], 'message_output_created');

  assert.equal(deltaText(chat.events), 'Let me add those. The sums are 42 and 2.');
  assert.equal(deltaText(chat.events), deltaText(responses.events));

  // Function-call argument deltas add up to the call's arguments, keyed like the Responses API's.
  const argDeltas = chat.events.filter((e) => e.type === 'raw_response_event' && e.data.type === 'response.function_call_arguments.delta');
  assert.ok(argDeltas.every((e) => e.type === 'raw_response_event' && typeof e.data.delta === 'string' && typeof e.data.output_index === 'number'));

  assert.equal(chat.result.finalOutput, 'The sums are 42 and 2.');
  assert.equal(chat.result.finalOutput, responses.result.finalOutput);
  assert.deepEqual(chat.result.newItems.map((i) => i.type), responses.result.newItems.map((i) => i.type));
  const outputs = chat.result.newItems.flatMap((i) => (i.type === 'tool_call_output_item' ? [[i.rawItem.call_id, i.output]] : []));
  assert.deepEqual(outputs, [['call_a', 42], ['call_b', 2]]);
  assert.deepEqual(chat.result.contextWrapper.usage, { requests: 2, inputTokens: 41, outputTokens: 17, totalTokens: 58 });
  assert.deepEqual(chat.result.contextWrapper.usage, responses.result.contextWrapper.usage);
});

test('Chat Completions: the second request carries the streamed turn (assistant tool calls and tool results)', async () => {
  const { server } = await streamedRun(false);
  const messages = server.requests[1]!.body.messages as Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string; content?: unknown }>;
  assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'tool', 'tool']);
  assert.deepEqual(messages[1]!.tool_calls?.map((c) => c.id), ['call_a', 'call_b']);
  assert.deepEqual(messages.slice(2).map((m) => [m.tool_call_id, m.content]), [['call_a', '42'], ['call_b', '2']]);
});

test('Chat Completions: toTextStream gives the same text as over the Responses API', async () => {
  const texts: string[] = [];
  for (const useResponses of [true, false]) {
    const server = await scriptedServer({ script: structuredClone(SCRIPT) });
    const result = Runner.runStreamed(new Agent({ name: 'adder', model: 'gpt-test', tools: [add] }), 'x', { runConfig: { modelProvider: providerFor(server, useResponses) } });
    let text = '';
    for await (const chunk of result.toTextStream() as unknown as AsyncIterable<string>) text += chunk;
    texts.push(text);
  }
  assert.deepEqual(texts, ['Let me add those. The sums are 42 and 2.', 'Let me add those. The sums are 42 and 2.']);
});
