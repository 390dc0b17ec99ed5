// Backpressure and memory: a slow reader holds the run back instead of letting events pile up;
// an unread run still finishes; finished, failed and cancelled runs leave nothing behind.
// Needs --expose-gc (scripts/run-tests.mjs passes it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { z } from 'zod';
import { Agent, Runner, inputGuardrail, tool, type Model, type ResponseStreamEvent, type RunResultStreaming } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { within } from './helpers.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** A model streaming `count` text deltas, counting how many it has produced so far. */
function floodModel(count: number): Model & { produced: number } {
  const text = 'x'.repeat(count);
  const model = {
    produced: 0,
    getResponse: () => Promise.reject(new Error('streaming only')),
    async *streamResponse(): AsyncIterable<ResponseStreamEvent> {
      for (let i = 0; i < count; i++) {
        model.produced++;
        yield { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x' };
      }
      model.produced++;
      yield {
        type: 'response.completed',
        response: { id: 'resp_flood', output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }] },
      };
    },
  };
  return model;
}

test('a slow reader holds the run back: produced minus read stays bounded, and the run pauses while nobody reads', async () => {
  const model = floodModel(5_000);
  const result = Runner.runStreamed(new Agent({ name: 'flood', model }), 'go');
  let read = 0;
  let maxAhead = 0;
  let text = '';
  for await (const event of result.streamEvents()) {
    read++;
    maxAhead = Math.max(maxAhead, model.produced - read);
    if (event.type === 'raw_response_event' && event.data.type === 'response.output_text.delta') text += event.data.delta as string;
    if (read === 1_000) {
      // The reader stalls: the run must stop producing, not buffer the remaining 4,000 events.
      const before = model.produced;
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(model.produced - before < 300, `produced ${model.produced - before} events while the reader stalled`);
    }
    if (read % 100 === 0) await tick();
  }
  assert.equal(text.length, 5_000);
  assert.equal(model.produced, 5_001);
  assert.ok(maxAhead <= 300, `the run got ${maxAhead} events ahead of the reader`);
  assert.equal(result.finalOutput, 'x'.repeat(5_000));
});

test('nobody reads: the run still proceeds to the end in the background', async () => {
  const model = floodModel(2_000);
  const result = Runner.runStreamed(new Agent({ name: 'unread', model }), 'go');
  await within(result.completed, 5_000, 'an unread run to complete');
  assert.equal(model.produced, 2_001);
  assert.equal(result.finalOutput, 'x'.repeat(2_000));
});

test('a reader that stops early does not stall the run', async () => {
  const model = floodModel(2_000);
  const result = Runner.runStreamed(new Agent({ name: 'quitter', model }), 'go');
  let read = 0;
  for await (const _event of result.streamEvents()) if (++read === 10) break;
  await within(result.completed, 5_000, 'the run to complete after the reader left');
  assert.equal(result.finalOutput, 'x'.repeat(2_000));
});

test('an aborted run paused by backpressure unwinds without waiting for its idle reader', async () => {
  const model = floodModel(3_000);
  const controller = new AbortController();
  const result = Runner.runStreamed(new Agent({ name: 'paused', model }), 'go', { signal: controller.signal });
  const reader = result.streamEvents()[Symbol.asyncIterator]();
  await reader.next(); // attached, then idle
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(model.produced < 300, `paused after ${model.produced} events`);
  const reason = new Error('stop');
  controller.abort(reason);
  await assert.rejects(within(result.completed, 1_000, 'the aborted run to settle'), (e) => e === reason);
  assert.ok(model.produced < 3_000, 'the model stream was not drained to its end');
  await reader.return?.(undefined);
});

const add = tool({ name: 'add', description: 'Add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b });
const parallelGuard = inputGuardrail(() => ({ tripwireTriggered: false }), { name: 'parallel_ok' });
/** One long-lived signal shared by every run (an app-wide shutdown signal): runs must not stay attached to it. */
const appSignal = new AbortController().signal;

/** One streamed run of a varied kind: read fully, cancelled mid-stream, after_turn, failing, or never read; all on `appSignal`. */
async function oneRun(i: number): Promise<void> {
  const model = new ScriptedModel([
    { output: [functionCall('add', { a: i, b: 1 }, `c${i}`)] },
    { output: [textMessage(`The sum is ${i + 1}, computed with care.`)] },
  ]);
  const agent = new Agent({ name: `agent${i % 7}`, model, tools: [add], inputGuardrails: i % 2 === 0 ? [parallelGuard] : [] });
  const kind = i % 5;
  const result = Runner.runStreamed(agent, `add ${i} and 1`, { maxTurns: kind === 3 ? 1 : 10, signal: appSignal });
  if (kind === 0 || kind === 3) {
    try {
      for await (const _event of result.streamEvents());
    } catch {
      // kind 3 fails with MaxTurnsExceeded
    }
  } else if (kind === 1) {
    for await (const event of result.streamEvents()) if (event.type === 'raw_response_event' && event.data.type === 'response.output_item.added') result.cancel();
  } else if (kind === 2) {
    result.cancel('after_turn');
    for await (const _event of result.streamEvents());
  } else {
    await result.completed; // never read: its events stay buffered until the result is dropped
  }
  await result.completed.catch(() => undefined);
}

function heapAfterGc(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

test('1,000 streamed runs (finished, cancelled, failed, unread) leave the heap near its baseline', async () => {
  assert.equal(typeof gc, 'function', 'run with --expose-gc (npm test passes it)');
  for (let i = 0; i < 100; i++) await oneRun(i); // warm up: JIT, module caches, ids
  await tick();
  const baseline = heapAfterGc();
  for (let i = 0; i < 1_000; i++) await oneRun(i);
  await tick();
  const growth = heapAfterGc() - baseline;
  assert.ok(growth < 5 * 1024 * 1024, `heap grew by ${(growth / 1024 / 1024).toFixed(2)} MB over 1,000 runs`);
});

async function finishedRunRef(kind: 'finished' | 'cancelled' | 'unread'): Promise<WeakRef<RunResultStreaming<unknown, unknown>>> {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 }, 'c1')] }, { output: [textMessage('2')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'weak', model, tools: [add], inputGuardrails: [parallelGuard] }), 'x', { signal: appSignal });
  if (kind === 'finished') for await (const _event of result.streamEvents());
  if (kind === 'cancelled') {
    for await (const event of result.streamEvents()) if (event.type === 'run_item_stream_event') result.cancel();
  }
  await result.completed;
  return new WeakRef(result);
}

for (const kind of ['finished', 'cancelled', 'unread'] as const) {
  test(`a WeakRef to a ${kind} run's result is collected`, async () => {
    assert.equal(typeof gc, 'function', 'run with --expose-gc (npm test passes it)');
    const ref = await finishedRunRef(kind);
    for (let i = 0; i < 20 && ref.deref() !== undefined; i++) {
      await tick();
      gc!();
    }
    assert.equal(ref.deref(), undefined, 'nothing holds on to the finished run');
  });
}
