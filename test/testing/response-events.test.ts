import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeResponseEvent, functionCall, reasoning, refusal, responseBody, responseEvents, textMessage,
} from '../../src/testing/index.js';
import { UserError } from '../../src/errors/index.js';
import type { AgentOutputItem } from '../../src/items/types.js';
import { fixtureNames, readFixture } from './fixtures.js';
import { parseSseJson } from './sse-parse.js';
import { checkResponsesStream } from './wire-checks.js';

type Payload = Record<string, unknown>;

test('the structural checks accept every recorded Responses stream', () => {
  const names = fixtureNames('responses-stream-', '.sse');
  assert.ok(names.length >= 4);
  for (const name of names) {
    const { payloads, done } = parseSseJson(readFixture(name));
    assert.equal(done, false, `${name}: Responses streams have no [DONE]`);
    checkResponsesStream(payloads);
  }
});

test('a text reply streams like the recorded one: same event names in the same order', () => {
  const recorded = parseSseJson(readFixture('responses-stream-text.sse')).payloads.map((e) => e.type);
  const events = responseEvents({ output: [textMessage('Hello! How can I assist you today?')] });
  const names = events.map((e) => e.type);
  // Our word split gives 7 deltas where the recording had 9 tokens; compare with deltas collapsed.
  const collapse = (list: unknown[]) => list.filter((t, i) => !(t === 'response.output_text.delta' && list[i - 1] === t));
  assert.deepEqual(collapse(names), collapse(recorded));
  assert.ok(names.filter((n) => n === 'response.output_text.delta').length > 3, 'the text is split into several deltas');
  const completed = checkResponsesStream(events as Payload[]);
  const [message] = completed.output as Payload[];
  assert.match(String(message!.id), /^msg_/);
  assert.match(String(completed.id), /^resp_/);
});

test('a function call streams its arguments in pieces, with fc_ and call_ ids', () => {
  const events = responseEvents({ output: [functionCall('get_weather', { location: 'San Francisco, CA' })] });
  const recorded = parseSseJson(readFixture('responses-stream-function-call.sse')).payloads.map((e) => e.type);
  const collapse = (list: unknown[]) => list.filter((t, i) => !(t === 'response.function_call_arguments.delta' && list[i - 1] === t));
  assert.deepEqual(collapse(events.map((e) => e.type)), collapse(recorded));
  const completed = checkResponsesStream(events as Payload[]);
  const [call] = completed.output as Payload[];
  assert.match(String(call!.id), /^fc_/);
  assert.match(String(call!.call_id), /^call_/);
  assert.equal(call!.arguments, '{"location":"San Francisco, CA"}');
  assert.equal(call!.status, 'completed');
  const added = events[2]!.item as Payload;
  assert.equal(added.arguments, '');
  assert.equal(added.status, 'in_progress');
  assert.ok(events.filter((e) => e.type === 'response.function_call_arguments.delta').length >= 4);
});

test('reasoning, text, refusal and parallel calls in one reply: completed output equals the script plus ids', () => {
  const script: AgentOutputItem[] = [
    reasoning('Need the weather in two cities.'),
    textMessage('Checking both.'),
    functionCall('get_weather', { city: 'Paris' }, 'call_a'),
    functionCall('get_weather', '{"city":"Oslo"}', 'call_b'),
    refusal('I cannot share that.'),
  ];
  const events = responseEvents({ output: script, usage: { inputTokens: 30, outputTokens: 12 }, responseId: 'resp_fixed' });
  const completed = checkResponsesStream(events as Payload[]);
  assert.equal(completed.id, 'resp_fixed');
  const output = completed.output as AgentOutputItem[];
  assert.deepEqual(
    output.map(({ id: _id, status: _status, ...rest }) => rest),
    script.map(({ id: _id, status: _status, ...rest }) => rest),
  );
  assert.deepEqual(output.map((item) => String(item.id).split('_')[0]), ['rs', 'msg', 'fc', 'fc', 'msg']);
  assert.equal(new Set(output.map((item) => item.id)).size, 5, 'ids are unique');
  assert.deepEqual(completed.usage, { input_tokens: 30, output_tokens: 12, total_tokens: 42 });
  const types = new Set(events.map((e) => e.type));
  for (const type of [
    'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done',
    'response.reasoning_summary_part.done', 'response.refusal.delta', 'response.refusal.done',
  ]) assert.ok(types.has(type), `emits ${type}`);
  const outputIndexes = events.filter((e) => e.type === 'response.output_item.added').map((e) => e.output_index);
  assert.deepEqual(outputIndexes, [0, 1, 2, 3, 4]);
});

test('scripted ids, statuses and usage details are kept; the script objects are not mutated', () => {
  const item = { type: 'message' as const, id: 'msg_given', role: 'assistant' as const, content: [{ type: 'output_text' as const, text: 'hi' }] };
  const script = { output: [item], usage: { inputTokens: 5, outputTokens: 2, totalTokens: 9, inputTokensDetails: { cachedTokens: 3 }, outputTokensDetails: { reasoningTokens: 1 } } };
  const events = responseEvents(script);
  const completed = checkResponsesStream(events as Payload[]);
  assert.equal((completed.output as Payload[])[0]!.id, 'msg_given');
  assert.deepEqual(completed.usage, {
    input_tokens: 5, output_tokens: 2, total_tokens: 9,
    input_tokens_details: { cached_tokens: 3 }, output_tokens_details: { reasoning_tokens: 1 },
  });
  assert.equal('status' in item, false, 'the scripted item is left untouched');
});

test('an empty text gives no deltas and an empty output gives just the envelope', () => {
  const events = responseEvents({ output: [textMessage('')] });
  checkResponsesStream(events as Payload[]);
  assert.equal(events.filter((e) => e.type === 'response.output_text.delta').length, 0);
  const empty = responseEvents({ output: [] });
  assert.deepEqual(empty.map((e) => e.type), ['response.created', 'response.in_progress', 'response.completed']);
  checkResponsesStream(empty as Payload[]);
});

test('deltas reassemble exactly, whitespace and non-ASCII included', () => {
  const text = '  Grüße,\n\nworld 🌍 — “quoted” ';
  const events = responseEvents({ output: [textMessage(text), functionCall('f', { s: 'ü 🌍 "x"', n: [1, 2] })] });
  checkResponsesStream(events as Payload[]);
  const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
  assert.equal(deltas, text);
});

test('responseBody is the completed response, and options are echoed', () => {
  const body = responseBody({ output: [textMessage('hi')], responseId: 'resp_1' }, { model: 'gpt-test', instructions: 'be brief', createdAt: 1700000000 });
  assert.equal(body.object, 'response');
  assert.equal(body.status, 'completed');
  assert.equal(body.model, 'gpt-test');
  assert.equal(body.instructions, 'be brief');
  assert.equal(body.created_at, 1700000000);
  assert.equal(body.id, 'resp_1');
  assert.equal(body.output.length, 1);
  assert.deepEqual(body.usage, { input_tokens: 0, output_tokens: 0, total_tokens: 0 });
});

test('SSE encoding round-trips through an SSE parser with matching event names', () => {
  const events = responseEvents({ output: [textMessage('a b c'), functionCall('f', { x: 1 })] });
  const text = events.map(encodeResponseEvent).join('');
  const { payloads } = parseSseJson(text);
  assert.deepEqual(payloads, JSON.parse(JSON.stringify(events)));
});

test('bad scripts raise a UserError naming the problem', () => {
  assert.throws(() => responseEvents({} as never), (e: unknown) => e instanceof UserError && /expected \{ output/.test(e.message));
  assert.throws(
    () => responseEvents({ output: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: { x: 1 } as never }] }),
    (e: unknown) => e instanceof UserError && /output\[0\].*arguments.*JSON string/.test(e.message),
  );
  assert.throws(
    () => responseEvents({ output: [textMessage('x')], usage: { inputTokens: -1 } }),
    (e: unknown) => e instanceof UserError && /usage\.inputTokens/.test(e.message),
  );
  assert.throws(
    () => responseEvents({ output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text' }] } as never] }),
    (e: unknown) => e instanceof UserError && /content\[0\]/.test(e.message),
  );
});

test('the structural checks reject a dropped delta, a gap in sequence numbers and a missing completed event', () => {
  const events = responseEvents({ output: [textMessage('one two three')] }) as Payload[];
  const firstDelta = events.findIndex((e) => e.type === 'response.output_text.delta');
  const dropped = events.filter((_, i) => i !== firstDelta).map((e, i) => ({ ...e, sequence_number: i }));
  assert.throws(() => checkResponsesStream(dropped), /deltas add up/);
  assert.throws(() => checkResponsesStream(events.filter((_, i) => i !== firstDelta)), /sequence_number/);
  assert.throws(() => checkResponsesStream(events.slice(0, -1)), /response.completed/);
});
