// DurableRunner with one worker process: runs complete with the same pipeline as Runner.run, results
// and stream events are read from this process (not the worker), approvals are decided from here,
// even across a worker crash while the run waits, and a cancel stops a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Agent, UserError } from '../../src/index.js';
import { DurableRunner, type DurableStreamEvent } from '../../src/dbos.js';
import { openWorld, until, type DbosWorld, type Worker } from './harness.js';
import { talkText } from './fixtures/agents.js';

let world: DbosWorld;
let worker: Worker;

before(async () => {
  world = await openWorld();
  worker = await world.spawnWorker('worker-a', 4);
});
after(async () => {
  await world?.close();
});

test('a run on a worker completes; its result and JSON items are read from another process', async () => {
  const { runId } = await world.runner.start(world.agents.worker, 'work:basic', { context: { user: 'u1' } });
  const result = await world.runner.result(runId);
  assert.equal(result.status, 'completed');
  assert.equal(result.finalOutput, 'done basic');
  assert.equal(result.lastAgentName, 'worker');
  assert.deepEqual(result.interruptions, []);
  assert.deepEqual(result.newItems.map((i) => ('type' in i ? i.type : i.role)), [
    'function_call', 'function_call_output', 'function_call', 'function_call_output', 'message',
  ]);
  const outputs = result.newItems.filter((i) => 'type' in i && i.type === 'function_call_output') as Array<{ output: string }>;
  assert.deepEqual(JSON.parse(outputs[0]!.output), { run: 'basic', step: 1, by: worker.pid });
  // Each tool ran once, in the worker; each model call was made once.
  const lines = world.toolLog().filter((l) => l.run === 'basic' && l.phase === 'start');
  assert.deepEqual(lines.map((l) => l.pid), [worker.pid, worker.pid]);
  assert.deepEqual(world.seen.filter((s) => s.run === 'basic').map((s) => s.turn), [0, 1, 2]);
  // The same id again is the same run: no second run.
  assert.deepEqual(await world.runner.start(world.agents.worker, 'work:basic', { runId }), { runId });
  assert.equal((await world.runner.result(runId)).finalOutput, 'done basic');
});

test('streamEvents from another process: agent, raw deltas in batches, items in order, then the end', async () => {
  const { runId } = await world.runner.start(world.agents.worker, 'talk:stream');
  const events: DurableStreamEvent[] = [];
  for await (const event of world.runner.streamEvents(runId)) events.push(event);
  assert.deepEqual(events[0], { type: 'agent_updated_stream_event', newAgent: { name: 'worker' } });
  const deltas = events.filter((e) => e.type === 'raw_response_event' && e.data.type === 'response.output_text.delta');
  const text = deltas.map((e) => (e as unknown as { data: { delta: string } }).data.delta).join('');
  assert.equal(text, talkText('stream'));
  assert.ok(deltas.length > 10, `expected many deltas, got ${deltas.length}`);
  const last = events.at(-1)!;
  assert.equal(last.type, 'run_item_stream_event');
  assert.equal(last.type === 'run_item_stream_event' && last.name, 'message_output_created');
  assert.equal(last.type === 'run_item_stream_event' && last.item.agentName, 'worker');
  // Batched: far fewer stream rows than events.
  const client = new (await import('pg')).default.Client({ connectionString: world.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM dbos.streams WHERE workflow_uuid = $1', [runId]);
    assert.ok(rows[0].n <= 4, `expected at most 4 stream writes for ${events.length} events, got ${rows[0].n}`);
  } finally {
    await client.end();
  }
  assert.equal((await world.runner.result(runId)).finalOutput, talkText('stream'));
});

test('approvals across processes: interrupted, decided here, resumed by the worker even after it was killed while waiting', async () => {
  const { runId } = await world.runner.start(world.agents.refunder, 'refund2:appr');
  const interrupted = await world.runner.result(runId);
  assert.equal(interrupted.status, 'interrupted');
  assert.deepEqual(interrupted.interruptions.map((i) => [i.callId, i.toolName, JSON.parse(i.arguments).amount, i.agentName]), [
    ['call_appr_a', 'refund', 5, 'refunder'],
    ['call_appr_b', 'refund', 7, 'refunder'],
  ]);
  // streamEvents of an interrupted run ends at the interruption.
  const names: string[] = [];
  for await (const e of world.runner.streamEvents(runId)) if (e.type === 'run_item_stream_event') names.push(e.name);
  assert.deepEqual(names, ['tool_called', 'tool_called', 'tool_approval_requested', 'tool_approval_requested']);

  // The worker dies while the run waits; its replacement (same executor id) recovers the wait.
  await world.stopWorker(worker, 'SIGKILL');
  worker = await world.spawnWorker('worker-a', 4);
  await assert.rejects(world.runner.approve(runId, 'call_nope'), (e: unknown) => e instanceof UserError && /no pending approval for the call 'call_nope'/.test(e.message));
  await world.runner.approve(runId, 'call_appr_a');
  await world.runner.approve(runId, 'call_appr_a'); // the same decision again: nothing happens
  await assert.rejects(world.runner.reject(runId, 'call_appr_a'), /the call 'call_appr_a' of run '.*' was already approved/);
  assert.equal((await world.runner.result(runId)).status, 'interrupted'); // one call is still undecided
  await world.runner.reject(runId, 'call_appr_b', 'Refunds over 6 need a manager.');
  const done = await world.runner.result(runId);
  assert.equal(done.status, 'completed');
  assert.equal(done.finalOutput, 'result: refunded 5 | Refunds over 6 need a manager.');
  // The approved tool ran once; the rejected one never; the first model call was not repeated.
  assert.deepEqual(world.toolLog().filter((l) => l.run === 'appr').map((l) => l.callId), ['call_appr_a']);
  assert.deepEqual(world.seen.filter((s) => s.run === 'appr').map((s) => s.turn), [0, 2]); // turn = tool outputs sent
  await assert.rejects(world.runner.approve(runId, 'call_appr_a'), UserError);
});

test('cancel stops a run; result says cancelled', async () => {
  const { runId } = await world.runner.start(world.agents.refunder, 'refund:cancelme');
  assert.equal((await world.runner.result(runId)).status, 'interrupted');
  await world.runner.cancel(runId);
  const result = await world.runner.result(runId);
  assert.equal(result.status, 'cancelled');
  assert.equal(result.lastAgentName, 'refunder');
  assert.equal((await DBOS.getWorkflowStatus(runId))?.status, 'CANCELLED');
});

test('cancel reaches a running tool: its signal aborts, the run ends cancelled', async () => {
  const { runId } = await world.runner.start(world.agents.worker, 'slow:linger');
  await until(() => world.toolLog().some((l) => l.run === 'linger' && l.phase === 'start'), 30_000, 'the slow tool to start');
  const cancelledAt = Date.now();
  await world.runner.cancel(runId);
  assert.equal((await world.runner.result(runId)).status, 'cancelled');
  // DBOS notices the cancel by polling (about a second); the tool's sleep of a minute is aborted in the worker.
  await until(() => world.toolLog().some((l) => l.run === 'linger' && l.phase !== 'start'), 15_000, 'the tool to see its signal abort');
  assert.deepEqual(world.toolLog().filter((l) => l.run === 'linger').map((l) => l.phase), ['start', 'aborted']);
  assert.ok(Date.now() - cancelledAt < 15_000);
});

test('bad input is a UserError before anything is stored', async () => {
  const { worker: agent } = world.agents;
  await assert.rejects(world.runner.start(agent, 'work:x', { context: { when: new Date() } }), (e: unknown) =>
    e instanceof UserError && /context\.when is a Date/.test(e.message));
  await assert.rejects(world.runner.start(agent, 'work:x', { context: { f: () => 1 } as never }), /context\.f is a function/);
  await assert.rejects(world.runner.start(agent, 'work:x', { nope: 1 } as never), /unknown option 'nope'/);
  await assert.rejects(world.runner.result('no-such-run'), /there is no run 'no-such-run'/);
  await assert.rejects(world.runner.start(new Agent({ name: 'stranger' }), 'hi'), /the agent 'stranger' is not one of this runner's agents/);
  await assert.rejects(world.runner.start(new Agent({ name: 'worker' }), 'hi'), /the agent 'worker' is not one of this runner's agents/);
  await assert.rejects(world.runner.start(agent, 'work:x', { maxTurns: 0.5 }), /maxTurns must be/);
  await assert.rejects(world.runner.reject('no-such-run', 'c1', 7 as never), /message must be a string/);
  // Agents are found by name in every process: one name, one agent; and DBOS must know the workflow at launch.
  assert.throws(() => new DurableRunner({ agents: [agent, new Agent({ name: 'worker' })] }), /two different agents are named 'worker'/);
  assert.throws(() => new DurableRunner({ agents: [] }), /non-empty array of Agents/);
  assert.throws(() => new DurableRunner({ agents: [agent], workerConcurrency: 0 }), /workerConcurrency must be a positive integer/);
  assert.throws(() => new DurableRunner({ agents: [agent], queueName: 'other' }), /create it before DBOS.launch\(\)/);
});
