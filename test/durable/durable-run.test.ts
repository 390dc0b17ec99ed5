// Durable runs in one process: every step journaled; a failed run resumed from its last save
// (recorded model responses not requested again, saved tool outputs not re-run, no session
// duplicates); completed and interrupted runs; approvals decided on a loaded state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MemorySession, Runner, UserError, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { STORE_KINDS } from './stores.js';

function setup() {
  const ran: string[] = [];
  const ids: string[] = [];
  let failFlaky = true;
  const lookup = tool({
    name: 'lookup', description: 'l', parameters: z.object({ order: z.number() }),
    execute: ({ order }, ctx) => { ran.push('lookup'); ids.push(ctx.toolCallId); return { order, total: 500 }; },
  });
  const flaky = tool({
    name: 'flaky', description: 'f', parameters: z.object({}),
    // A fatal error (not fed back to the model) ends the run, as a crash would.
    failureErrorFunction: null,
    execute: (_args, ctx) => {
      ran.push('flaky');
      ids.push(ctx.toolCallId);
      if (failFlaky) { failFlaky = false; throw new Error('flaky broke'); }
      return 'flaky ok';
    },
  });
  const refund = tool({
    name: 'refund', description: 'r', parameters: z.object({ amount: z.number() }), needsApproval: true,
    execute: ({ amount }) => { ran.push(`refund ${amount}`); return `refunded ${amount}`; },
  });
  const model = new ScriptedModel([
    { output: [functionCall('lookup', { order: 7 }, 'c_look'), functionCall('flaky', {}, 'c_flaky')] },
    { output: [textMessage('done: order 7')] },
  ]);
  const agent = new Agent({ name: 'support', model, tools: [lookup, flaky, refund] });
  return { ran, ids, model, agent };
}

for (const kind of STORE_KINDS) {
  test(`${kind.name}: a failed run resumes from its last save: no repeated model call, no re-run of saved tools, no session duplicates`, async () => {
    const { store, reopen, cleanup } = kind.make();
    try {
      const { ran, ids, model, agent } = setup();
      const session = new MemorySession();
      await assert.rejects(Runner.run(agent, 'check order 7', { runStore: store, runId: 'r1', session }), /flaky broke/);
      assert.deepEqual(ran.sort(), ['flaky', 'lookup']);
      assert.equal(model.calls.length, 1);
      assert.deepEqual((await store.list()).map((r) => [r.runId, r.status, r.turn]), [['r1', 'failed', 1]]);

      const other = reopen();
      const result = await Runner.resume(agent, 'r1', { runStore: other, session });
      assert.equal(result.finalOutput, 'done: order 7');
      assert.equal(result.runId, 'r1');
      // Turn 1's recorded response was replayed; only turn 2 asked the model.
      assert.equal(model.calls.length, 2);
      // lookup's saved output was not produced again; flaky (never saved) ran again with its call id.
      assert.deepEqual(ran.sort(), ['flaky', 'flaky', 'lookup']);
      assert.deepEqual(ids, ['c_look', 'c_flaky', 'c_flaky']);
      assert.equal(result.contextWrapper.usage.requests, 2);
      const items = await session.getItems();
      const calls = items.filter((i) => (i as { type?: string }).type === 'function_call');
      assert.equal(calls.length, 2, 'each call saved once');
      assert.equal(items.filter((i) => (i as { role?: string }).role === 'user').length, 1);
      assert.deepEqual((await other.list()).map((r) => [r.runId, r.status, r.turn]), [['r1', 'completed', 2]]);

      // Resuming a completed run: its result again, no model call.
      const again = await Runner.resume(agent, 'r1', { runStore: other });
      assert.equal(again.finalOutput, 'done: order 7');
      assert.equal(model.calls.length, 2);
      const streamed = await Runner.resumeStreamed(agent, 'r1', { runStore: other });
      const events = [];
      for await (const e of streamed.streamEvents()) events.push(e);
      assert.equal(streamed.finalOutput, 'done: order 7');
      assert.equal(model.calls.length, 2);
    } finally {
      await cleanup();
    }
  });

  test(`${kind.name}: a stored state is the run as it was at its last save, whatever the run changed after`, async () => {
    const { store, reopen, cleanup } = kind.make();
    try {
      const note = tool({
        name: 'note', description: 'n', parameters: z.object({}),
        execute: (_args, ctx) => { (ctx.context as { notes: string[] }).notes.push('seen'); return 'noted'; },
      });
      const boom = tool({ name: 'boom', description: 'b', parameters: z.object({}), failureErrorFunction: null, execute: () => { throw new Error('boom'); } });
      const model = new ScriptedModel([{ output: [functionCall('note', {}, 'c_note'), functionCall('boom', {}, 'c_boom')] }]);
      const agent = new Agent({ name: 'support', model, tools: [note, boom] });
      const context = { notes: [] as string[] };
      const failed = await Runner.run(agent, 'go', { runStore: store, runId: 'r2', context }).catch((error: unknown) => error);
      assert.match(String(failed), /boom/);
      assert.deepEqual(context.notes, ['seen']);
      // The run failed in turn 1: what is stored is its state before turn 1 (the turn's steps are journaled apart).
      const state = await reopen().load('r2');
      assert.ok(state);
      assert.deepEqual(state.context.context, { notes: [] });
      assert.equal(state.context.usage.requests, 0);
      assert.equal(state.currentTurn, 0);
      assert.deepEqual([state.generatedItems.length, state.modelResponses.length], [0, 0]);
    } finally {
      await cleanup();
    }
  });

  test(`${kind.name}: an interrupted run is stored as 'interrupted' and finishes after approve() from another store`, async () => {
    const { store, reopen, cleanup } = kind.make();
    try {
      const ran: string[] = [];
      const refund = tool({
        name: 'refund', description: 'r', parameters: z.object({ amount: z.number() }), needsApproval: true,
        execute: ({ amount }) => { ran.push(`refund ${amount}`); return `refunded ${amount}`; },
      });
      const model = new ScriptedModel([{ output: [functionCall('refund', { amount: 500 }, 'c_r')] }, { output: [textMessage('refunded')] }]);
      const agent = new Agent({ name: 'support', model, tools: [refund] });
      const first = await Runner.run(agent, 'refund me', { runStore: store, context: { user: 'ada' } });
      assert.ok(first.runId);
      assert.equal(first.interruptions.length, 1);
      assert.deepEqual((await store.list({ status: 'interrupted' })).map((r) => r.runId), [first.runId]);

      // Resume without a decision: the interruptions again, no model call.
      const other = reopen();
      const waiting = await Runner.resume(agent, first.runId!, { runStore: other });
      assert.equal(waiting.interruptions[0]!.toolName, 'refund');
      assert.equal(model.calls.length, 1);

      const state = await other.load(first.runId!);
      assert.ok(state);
      assert.deepEqual(state.context.context, { user: 'ada' });
      state.approve(state.interruptions[0]!);
      const done = await Runner.run(agent, state, { runStore: other });
      assert.equal(done.finalOutput, 'refunded');
      assert.equal(done.runId, first.runId);
      assert.deepEqual(ran, ['refund 500']);
      assert.deepEqual((await other.list()).map((r) => r.status), ['completed']);
    } finally {
      await cleanup();
    }
  });
}

test('a run holding a live lease cannot be resumed elsewhere; the lease is released at the end', async () => {
  const { store, cleanup } = STORE_KINDS[1]!.make();
  try {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let started!: () => void;
    const running = new Promise<void>((r) => { started = r; });
    const slow = tool({ name: 'slow', description: 's', parameters: z.object({}), execute: async () => { started(); await gate; return 'ok'; } });
    const model = new ScriptedModel([{ output: [functionCall('slow', {}, 'c_s')] }, { output: [textMessage('fine')] }]);
    const agent = new Agent({ name: 'a', model, tools: [slow] });
    const run = Runner.run(agent, 'go', { runStore: store, runId: 'busy' });
    await running;
    await assert.rejects(Runner.resume(agent, 'busy', { runStore: store }), (e: unknown) => e instanceof UserError && /Run 'busy' is being executed by process \d+ on this host/.test((e as Error).message));
    release();
    assert.equal((await run).finalOutput, 'fine');
    assert.equal((await Runner.resume(agent, 'busy', { runStore: store })).finalOutput, 'fine');
  } finally {
    await cleanup();
  }
});

test('runId without runStore, a bad runStore, a reused runId and a missing run are UserErrors', async () => {
  const { store, cleanup } = STORE_KINDS[0]!.make();
  try {
    const agent = new Agent({ name: 'a', model: new ScriptedModel([{ output: [textMessage('x')] }, { output: [textMessage('y')] }]) });
    await assert.rejects(Runner.run(agent, 'hi', { runId: 'x' }), /runId needs a runStore/);
    await assert.rejects(Runner.run(agent, 'hi', { runStore: {} as never }), /runStore must be a RunStore/);
    await Runner.run(agent, 'hi', { runStore: store, runId: 'same' });
    await assert.rejects(Runner.run(agent, 'hi', { runStore: store, runId: 'same' }), /Run 'same' already exists/);
    await assert.rejects(Runner.resume(agent, 'missing', { runStore: store }), /No run 'missing' in the run store/);
    await assert.rejects(Runner.resume(agent, 'same', {} as never), /needs the runStore option/);
    const unserialisable: Record<string, unknown> = {};
    unserialisable.self = unserialisable;
    await assert.rejects(Runner.run(agent, 'hi', { runStore: store, context: unserialisable }), /needs a JSON-serialisable context/);
  } finally {
    await cleanup();
  }
});

test('run and runStreamed checkpoint the same way', async () => {
  const { store, cleanup } = STORE_KINDS[1]!.make();
  try {
    const model = new ScriptedModel([
      { output: [functionCall('echo', { text: 'a' }, 'c1')] }, { output: [textMessage('one')] },
      { output: [functionCall('echo', { text: 'b' }, 'c2')] }, { output: [textMessage('two')] },
    ]);
    const echo = tool({ name: 'echo', description: 'e', parameters: z.object({ text: z.string() }), execute: ({ text }) => text });
    const agent = new Agent({ name: 'a', model, tools: [echo] });
    const blocking = await Runner.run(agent, 'go', { runStore: store, runId: 'blocking' });
    assert.equal(blocking.finalOutput, 'one');
    const streamed = Runner.runStreamed(agent, 'go', { runStore: store, runId: 'streamed' });
    for await (const _ of streamed.streamEvents()) { /* drain */ }
    assert.equal(streamed.finalOutput, 'two');
    assert.equal(streamed.runId, 'streamed');
    const rows = await store.list();
    assert.deepEqual(rows.map((r) => [r.runId, r.status, r.turn]).sort(), [['blocking', 'completed', 2], ['streamed', 'completed', 2]]);
  } finally {
    await cleanup();
  }
});
