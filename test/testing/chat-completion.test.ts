import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHAT_DONE_FRAME, chatCompletionBody, chatCompletionChunks, encodeDataFrame, functionCall, reasoning, refusal, textMessage,
} from '../../src/testing/index.js';
import { fixtureNames, readFixture } from './fixtures.js';
import { parseSseJson } from './sse-parse.js';
import { checkChatStream } from './wire-checks.js';

type Payload = Record<string, unknown>;

test('the chat stream checks accept every recorded chat stream', () => {
  const names = fixtureNames('chat-stream-', '.sse');
  assert.ok(names.length >= 4);
  for (const name of names) {
    const { payloads, done } = parseSseJson(readFixture(name));
    assert.equal(done, true, `${name} ends with [DONE]`);
    const assembled = checkChatStream(payloads);
    assert.ok(assembled.usage, `${name} has a usage chunk`);
  }
});

test('a text reply: role chunk, several content deltas, stop, usage; the body says the same', () => {
  const entry = { output: [textMessage('The capital of the UK is London.')], usage: { inputTokens: 78, outputTokens: 9 } };
  const chunks = chatCompletionChunks(entry) as unknown as Payload[];
  const assembled = checkChatStream(chunks);
  assert.equal(assembled.content, 'The capital of the UK is London.');
  assert.equal(assembled.refusal, null);
  assert.equal(assembled.finishReason, 'stop');
  assert.deepEqual(assembled.usage, { prompt_tokens: 78, completion_tokens: 9, total_tokens: 87 });
  assert.ok(chunks.length >= 6, 'content arrives in several deltas');
  assert.deepEqual((chunks[0]!.choices as Payload[])[0]!.delta, { role: 'assistant', content: '', refusal: null });
  assert.match(assembled.id, /^chatcmpl-/);

  const body = chatCompletionBody(entry);
  assert.equal(body.object, 'chat.completion');
  assert.deepEqual(body.choices[0]!.message, { role: 'assistant', content: 'The capital of the UK is London.', refusal: null, annotations: [] });
  assert.equal(body.choices[0]!.finish_reason, 'stop');
  assert.deepEqual(body.usage, { prompt_tokens: 78, completion_tokens: 9, total_tokens: 87 });
});

test('tool calls: the first header rides in the role chunk, as recorded; arguments come in pieces', () => {
  const recorded = parseSseJson(readFixture('chat-stream-tool-calls.sse')).payloads;
  const recordedFirst = (recorded[0]!.choices as Payload[])[0]!.delta as Payload;
  const entry = { output: [functionCall('get_capital', { country: 'UK' }, 'call_1'), functionCall('get_time', { zone: 'GMT' }, 'call_2')] };
  const chunks = chatCompletionChunks(entry) as unknown as Payload[];
  const first = (chunks[0]!.choices as Payload[])[0]!.delta as Payload;
  assert.deepEqual(Object.keys(first).sort(), Object.keys(recordedFirst).sort());
  assert.deepEqual(first.tool_calls, [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_capital', arguments: '' } }]);
  const assembled = checkChatStream(chunks);
  assert.deepEqual(assembled.toolCalls, [
    { id: 'call_1', name: 'get_capital', arguments: '{"country":"UK"}' },
    { id: 'call_2', name: 'get_time', arguments: '{"zone":"GMT"}' },
  ]);
  assert.equal(assembled.finishReason, 'tool_calls');
  const pieces = chunks.filter((c) => ((c.choices as Payload[])[0]?.delta as Payload | undefined)?.tool_calls !== undefined);
  assert.ok(pieces.length >= 8, 'arguments are split into several pieces');

  const body = chatCompletionBody(entry);
  assert.equal(body.choices[0]!.finish_reason, 'tool_calls');
  assert.equal(body.choices[0]!.message.content, null);
  assert.deepEqual(body.choices[0]!.message.tool_calls, [
    { id: 'call_1', type: 'function', function: { name: 'get_capital', arguments: '{"country":"UK"}' } },
    { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"zone":"GMT"}' } },
  ]);
  const recordedBody = JSON.parse(readFixture('chat-tool-calls.json')) as Payload;
  const recordedMessage = ((recordedBody.choices as Payload[])[0]!.message) as Payload;
  assert.deepEqual(Object.keys(body.choices[0]!.message).sort(), Object.keys(recordedMessage).sort());
});

test('text then a tool call: content deltas first, then a separate tool call header', () => {
  const chunks = chatCompletionChunks({ output: [textMessage('Let me check.'), functionCall('lookup', {}, 'call_x')] }) as unknown as Payload[];
  const assembled = checkChatStream(chunks);
  assert.equal(assembled.content, 'Let me check.');
  assert.deepEqual(assembled.toolCalls, [{ id: 'call_x', name: 'lookup', arguments: '{}' }]);
  const first = (chunks[0]!.choices as Payload[])[0]!.delta as Payload;
  assert.equal(first.tool_calls, undefined);
});

test('a refusal streams as refusal deltas, like the recording', () => {
  const recorded = parseSseJson(readFixture('chat-stream-refusal.sse')).payloads;
  const chunks = chatCompletionChunks({ output: [refusal("I'm sorry, I can't assist with that request.")] }) as unknown as Payload[];
  assert.deepEqual((chunks[0]!.choices as Payload[])[0]!.delta, (recorded[0]!.choices as Payload[])[0]!.delta);
  const assembled = checkChatStream(chunks);
  assert.equal(assembled.refusal, "I'm sorry, I can't assist with that request.");
  assert.equal(assembled.content, null);
  const body = chatCompletionBody({ output: [refusal('No.')] });
  assert.equal(body.choices[0]!.message.refusal, 'No.');
  assert.equal(body.choices[0]!.message.content, null);
});

test('reasoning items have no chat equivalent and are left out; usage details map to chat names', () => {
  const body = chatCompletionBody({
    output: [reasoning('thinking'), textMessage('ok')],
    usage: { inputTokens: 3, outputTokens: 4, inputTokensDetails: { cachedTokens: 1 }, outputTokensDetails: { reasoningTokens: 2 } },
  });
  assert.equal(body.choices[0]!.message.content, 'ok');
  assert.deepEqual(body.usage, {
    prompt_tokens: 3, completion_tokens: 4, total_tokens: 7,
    prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 2 },
  });
});

test('includeUsage: false drops the usage chunk and the per-chunk usage field', () => {
  const chunks = chatCompletionChunks({ output: [textMessage('hi there')] }, { includeUsage: false }) as unknown as Payload[];
  const assembled = checkChatStream(chunks);
  assert.equal(assembled.usage, null);
  assert.ok(chunks.every((c) => !('usage' in c)));
});

test('encoded chunks parse back and end with [DONE]', () => {
  const chunks = chatCompletionChunks({ output: [textMessage('a b')], responseId: 'chatcmpl-fixed' }, { model: 'm', createdAt: 5 });
  const text = chunks.map(encodeDataFrame).join('') + CHAT_DONE_FRAME;
  const { payloads, done } = parseSseJson(text);
  assert.equal(done, true);
  assert.deepEqual(payloads, JSON.parse(JSON.stringify(chunks)));
  assert.ok(payloads.every((p) => p.id === 'chatcmpl-fixed' && p.model === 'm' && p.created === 5));
});
