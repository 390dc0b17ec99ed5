// toTextStream() (a web ReadableStream of the text deltas) and `await result.completed`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MaxTurnsExceeded, Runner, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { within } from './helpers.js';

const add = tool({ name: 'add', description: 'Add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b });

async function readAll(stream: ReadableStream<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<string>) chunks.push(chunk);
  return chunks;
}

test('toTextStream yields only the text deltas of every message, across turns, and closes at the end', async () => {
  const model = new ScriptedModel([
    { output: [reasoning('adding'), textMessage('Let me add that. '), functionCall('add', { a: 2, b: 3 }, 'c1')] },
    { output: [textMessage('The sum is 5.')] },
  ]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [add] }), 'add 2 and 3');
  const stream = result.toTextStream();
  assert.ok(stream instanceof ReadableStream);
  const chunks = await readAll(stream);
  assert.ok(chunks.length > 2, 'several chunks, one per delta');
  assert.ok(chunks.every((c) => typeof c === 'string' && c.length > 0));
  assert.equal(chunks.join(''), 'Let me add that. The sum is 5.', 'no reasoning summary, no tool arguments');
  assert.equal(result.isComplete, true);
  assert.equal(result.finalOutput, 'The sum is 5.');
});

test('toTextStream works with web stream plumbing (pipeThrough a TextEncoderStream)', async () => {
  const model = new ScriptedModel([{ output: [textMessage('héllo wörld')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi');
  const bytes: Uint8Array[] = [];
  for await (const chunk of result.toTextStream().pipeThrough(new TextEncoderStream()) as unknown as AsyncIterable<Uint8Array>) bytes.push(chunk);
  assert.equal(Buffer.concat(bytes).toString('utf8'), 'héllo wörld');
});

test("toTextStream errors with the run's error after the text produced before it", async () => {
  const model = new ScriptedModel([{ output: [textMessage('Working on it. '), functionCall('add', { a: 1, b: 1 }, 'c1')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [add] }), 'x', { maxTurns: 1 });
  const reader = result.toTextStream().getReader();
  let text = '';
  let caught: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
  } catch (error) {
    caught = error;
  }
  assert.equal(text, 'Working on it. ');
  assert.ok(caught instanceof MaxTurnsExceeded, `got ${String(caught)}`);
});

test('cancelling the text stream stops reading; the run itself goes on to the end', async () => {
  const model = new ScriptedModel([{ output: [textMessage('one two three four five six seven eight nine ten')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi');
  const reader = result.toTextStream().getReader();
  const first = await reader.read();
  assert.equal(first.done, false);
  await reader.cancel();
  await within(result.completed, 1_000, 'completed');
  assert.equal(result.finalOutput, 'one two three four five six seven eight nine ten');
});

test('completed resolves when the run ends, read or not; it can be awaited many times', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 2 }, 'c1')] }, { output: [textMessage('3')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [add] }), 'x');
  assert.equal(result.isComplete, false);
  const [first, second] = await Promise.all([result.completed, result.completed]);
  assert.equal(first, undefined);
  assert.equal(second, undefined);
  assert.equal(result.isComplete, true);
  assert.equal(result.finalOutput, '3');
  assert.equal(model.calls.length, 2);
  assert.equal(await result.completed, undefined);
});

test("completed rejects with the run's error, every time, without an unhandled rejection when unobserved", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    // Never observed: must not surface as an unhandled rejection.
    const ignored = Runner.runStreamed(new Agent({ name: 'a', model: new ScriptedModel([]) }), 'x');
    const result = Runner.runStreamed(new Agent({ name: 'b', model: new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 }, 'c1')] }]), tools: [add] }), 'x', { maxTurns: 1 });
    await assert.rejects(result.completed, MaxTurnsExceeded);
    await assert.rejects(result.completed, MaxTurnsExceeded);
    while (!ignored.isComplete) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
