// Structural checks every real recorded stream satisfies (they are run on the fixtures too,
// so a check that real data fails would show up there first).
import assert from 'node:assert/strict';

type Payload = Record<string, unknown>;

/** Check a Responses API event sequence; returns the completed response. */
export function checkResponsesStream(events: Payload[]): Payload {
  assert.ok(events.length >= 3, 'a stream has at least created, in_progress, completed');
  events.forEach((event, i) => assert.equal(event.sequence_number, i, `sequence_number of event ${i} (${String(event.type)})`));
  assert.equal(events[0]!.type, 'response.created');
  assert.equal(events[1]!.type, 'response.in_progress');
  const last = events[events.length - 1]!;
  assert.equal(last.type, 'response.completed');
  const created = events[0]!.response as Payload;
  const completed = last.response as Payload;
  assert.equal(created.status, 'in_progress');
  assert.deepEqual(created.output, []);
  assert.equal(completed.status, 'completed');
  assert.equal(completed.object, 'response');
  assert.equal(completed.id, created.id);
  const usage = completed.usage as Payload;
  for (const key of ['input_tokens', 'output_tokens', 'total_tokens']) assert.equal(typeof usage[key], 'number', `usage.${key}`);

  const output = completed.output as Payload[];
  const open = new Map<number, Payload>();
  const doneItems: Payload[] = [];
  const texts = new Map<string, string>();
  for (const event of events.slice(2, -1)) {
    const type = event.type as string;
    const index = event.output_index as number;
    assert.equal(typeof index, 'number', `${type} has an output_index`);
    if (type === 'response.output_item.added') {
      assert.ok(!open.has(index), `item ${index} added twice`);
      assert.equal(index, doneItems.length, 'items are added in output order, one at a time');
      open.set(index, event.item as Payload);
      continue;
    }
    const item = open.get(index);
    assert.ok(item, `${type} for output_index ${index} outside its item`);
    if (type === 'response.output_item.done') {
      const doneItem = event.item as Payload;
      assert.equal(doneItem.id, item.id, 'done item keeps its id');
      assert.equal(doneItem.type, item.type);
      doneItems.push(doneItem);
      open.delete(index);
      continue;
    }
    assert.equal(event.item_id, item.id, `${type} names its item`);
    const key = `${index}/${String(event.content_index ?? event.summary_index ?? '')}/${type.replace(/\.(delta|done)$/, '')}`;
    if (type.endsWith('.delta')) {
      assert.equal(typeof event.delta, 'string');
      texts.set(key, (texts.get(key) ?? '') + (event.delta as string));
    } else if (/\.(output_text|refusal|function_call_arguments|reasoning_summary_text|reasoning_text)\.done$/.test(type)) {
      const full = (event.text ?? event.refusal ?? event.arguments) as string;
      assert.equal(texts.get(key) ?? '', full, `${type}: the deltas add up to the final text`);
    }
  }
  assert.equal(open.size, 0, 'every added item is done');
  // The real API re-encrypts `encrypted_content` at every emission, so it is left out of the comparison.
  const comparable = (items: Payload[]) => items.map(({ encrypted_content: _e, ...rest }) => rest);
  assert.deepEqual(comparable(doneItems), comparable(output), 'the completed output is the sequence of done items');
  return completed;
}

export interface AssembledChat {
  id: string;
  content: string | null;
  refusal: string | null;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string;
  usage: Payload | null;
}

/** Check a chat chunk sequence (payloads without [DONE]) and assemble the message it streams. */
export function checkChatStream(chunks: Payload[]): AssembledChat {
  assert.ok(chunks.length >= 2);
  const id = chunks[0]!.id as string;
  let content: string | null = null;
  let refusal: string | null = null;
  const toolCalls: AssembledChat['toolCalls'] = [];
  let finishReason: string | undefined;
  let usage: Payload | null = null;
  chunks.forEach((chunk, i) => {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.id, id, 'every chunk has the same id');
    const choices = chunk.choices as Payload[];
    if (choices.length === 0) {
      assert.equal(i, chunks.length - 1, 'the usage chunk comes last');
      usage = chunk.usage as Payload;
      for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens']) assert.equal(typeof usage[key], 'number');
      return;
    }
    assert.equal(finishReason, undefined, 'nothing but usage after the finish chunk');
    const choice = choices[0]!;
    const delta = choice.delta as Payload;
    if (i === 0) assert.equal(delta.role, 'assistant', 'the first chunk carries the role');
    if (typeof delta.content === 'string') content = (content ?? '') + delta.content;
    if (typeof delta.refusal === 'string') refusal = (refusal ?? '') + delta.refusal;
    for (const call of (delta.tool_calls ?? []) as Payload[]) {
      const fn = call.function as Payload;
      const index = call.index as number;
      if (call.id !== undefined) {
        assert.equal(index, toolCalls.length, 'tool calls open in index order');
        assert.equal(call.type, 'function');
        toolCalls.push({ id: call.id as string, name: fn.name as string, arguments: '' });
      }
      const open = toolCalls[index];
      assert.ok(open, `arguments for tool call ${index} before its header`);
      open.arguments += (fn.arguments as string | undefined) ?? '';
    }
    if (choice.finish_reason !== null) finishReason = choice.finish_reason as string;
  });
  assert.ok(finishReason, 'a chunk carries finish_reason');
  return { id, content, refusal, toolCalls, finishReason, usage };
}
