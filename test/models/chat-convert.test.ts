import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors/index.js';
import type { AgentInputItem } from '../../src/items/types.js';
import { buildChatBody, toChatMessages } from '../../src/models/openai/chat-convert.js';
import { chatCompletionToResponse } from '../../src/models/openai/chat-output.js';
import { makeRequest } from './fixture-server.js';

test('items become chat messages: system first, calls grouped, outputs as tool messages, reasoning dropped', () => {
  const input: AgentInputItem[] = [
    { role: 'developer', content: 'dev note' },
    { role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'https://x/img.png', detail: 'low' }] },
    { type: 'reasoning', id: 'rs_1', summary: [] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
    { type: 'function_call', call_id: 'c1', name: 'a', arguments: '{"x":1}' },
    { type: 'function_call', call_id: 'c2', name: 'b', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c1', output: 'one' },
    { type: 'function_call_output', call_id: 'c2', output: 'two' },
    { type: 'function_call', call_id: 'c3', name: 'a', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c3', output: 'three' },
    { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
  ];
  assert.deepEqual(toChatMessages(input, 'Be nice.'), [
    { role: 'system', content: 'Be nice.' },
    { role: 'developer', content: 'dev note' },
    { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://x/img.png', detail: 'low' } }] },
    {
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
        { id: 'c2', type: 'function', function: { name: 'b', arguments: '{}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'one' },
    { role: 'tool', tool_call_id: 'c2', content: 'two' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c3', type: 'function', function: { name: 'a', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'c3', content: 'three' },
    { role: 'assistant', content: null, refusal: 'No.' },
  ]);
});

test('inputs Chat Completions cannot express are UserErrors naming the problem', () => {
  assert.throws(() => toChatMessages([{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }]), (e: unknown) => e instanceof UserError && /file_id/.test(e.message));
  assert.throws(() => toChatMessages([{ type: 'web_search_call' } as unknown as AgentInputItem]), (e: unknown) => e instanceof UserError && /web_search_call/.test(e.message));
  assert.throws(() => buildChatBody({ model: 'm', request: makeRequest({ previousResponseId: 'resp_1' }), stream: false }), UserError);
});

test('body: tools, forced tool, response_format, settings mapping, streaming usage, extraBody last', () => {
  const tool = { type: 'function' as const, name: 'add', description: 'Add', parameters: { type: 'object' }, strict: true };
  const body = buildChatBody({
    model: 'gpt-4o-mini',
    stream: true,
    request: makeRequest({
      systemInstructions: 'sys',
      tools: [tool],
      outputType: { name: 'out', schema: { type: 'object' }, strict: true },
      modelSettings: {
        toolChoice: 'add', parallelToolCalls: true, temperature: 0, topP: 0.5, maxTokens: 10, truncation: 'auto',
        reasoning: { effort: 'high', summary: 'auto' }, metadata: { a: 'b' }, store: true, extraBody: { seed: 7, top_p: 0.1 },
      },
    }),
  });
  assert.deepEqual(body, {
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }],
    tools: [{ type: 'function', function: { name: 'add', description: 'Add', parameters: { type: 'object' }, strict: true } }],
    parallel_tool_calls: true,
    tool_choice: { type: 'function', function: { name: 'add' } },
    temperature: 0,
    top_p: 0.1,
    max_tokens: 10,
    reasoning_effort: 'high',
    metadata: { a: 'b' },
    store: true,
    response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    stream: true,
    stream_options: { include_usage: true },
    seed: 7,
  });
  // Without tools, parallel_tool_calls is not sent (the API rejects it).
  const plain = buildChatBody({ model: 'm', stream: false, request: makeRequest({ modelSettings: { parallelToolCalls: false } }) });
  assert.equal('parallel_tool_calls' in plain, false);
  assert.equal('stream' in plain, false);
});

test('a completion with text and tool calls becomes a message then function calls with stable ids', () => {
  const completion = {
    id: 'chatcmpl-1',
    choices: [{ message: { role: 'assistant', content: 'Sure.', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'f', arguments: '{}' } }] } }],
    usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 2 } },
  };
  const first = chatCompletionToResponse(completion);
  assert.deepEqual(first, {
    output: [
      { type: 'message', id: '__chat__msg_chatcmpl-1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Sure.', annotations: [] }] },
      { type: 'function_call', id: '__chat__fc_chatcmpl-1_0', call_id: 'call_a', name: 'f', arguments: '{}', status: 'completed' },
    ],
    usage: { requests: 1, inputTokens: 3, outputTokens: 4, totalTokens: 7, inputTokensDetails: { cachedTokens: 1 }, outputTokensDetails: { reasoningTokens: 2 } },
  });
  assert.deepEqual(chatCompletionToResponse(completion), first);
  // An empty answer is one empty message (a plain-text agent then ends with '').
  const empty = chatCompletionToResponse({ id: 'x', choices: [{ message: { role: 'assistant', content: null } }] });
  assert.deepEqual(empty.output, [{ type: 'message', id: '__chat__msg_x', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '', annotations: [] }] }]);
});
