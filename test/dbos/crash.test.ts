// Distributed durable runs under a real crash: two worker processes share the PostgreSQL system
// database, 24 runs are in flight, one worker is SIGKILLed mid-run and restarted with the same
// executor id. Every run completes exactly once with the output an uninterrupted run gives, and no
// step DBOS had recorded before the kill ran again (tool executions counted in a shared log file,
// model calls at the scripted server); steps that were running at the kill run again at most once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { openWorld, until, type DbosWorld } from './harness.js';

const RUNS = 24;
/** The seam's step keys (DBOS step names): a model call of turn N, a tool call by call id. */
const MODEL_STEP = /^(?:turn:(\d+)\/model|model:(\d+))$/;
const TOOL_STEP = /^(?:turn:\d+\/tool:|tool:\d+:)(.+)$/;
let world: DbosWorld;

before(async () => {
  world = await openWorld();
});
after(async () => {
  await world?.close();
});

test('24 runs on two workers; one SIGKILLed mid-run and restarted: every run completes once, no recorded step runs twice', async (t) => {
  const [first, second] = await Promise.all([world.spawnWorker('worker-1', 8), world.spawnWorker('worker-2', 8)]);
  const runIds: string[] = [];
  for (let i = 0; i < RUNS; i++) runIds.push((await world.runner.start(world.agents.worker, `work:r${i}`, { runId: `crash-r${i}` })).runId);

  // Kill worker-1 once it is in the middle of several runs (tools started, runs not finished).
  await until(() => world.toolLog().filter((l) => l.pid === first!.pid && l.phase === 'start').length >= 6, 60_000, 'worker-1 to be busy');
  await world.stopWorker(first!, 'SIGKILL');
  const killedAt = Date.now();
  await world.spawnWorker('worker-1', 8);

  const results = await Promise.all(runIds.map((id) => world.runner.result(id)));
  results.forEach((result, i) => {
    assert.equal(result.status, 'completed', `run ${i}: ${JSON.stringify(result.error)}`);
    assert.equal(result.finalOutput, `done r${i}`);
    assert.equal(result.newItems.length, 5);
  });
  for (const id of runIds) assert.equal((await DBOS.getWorkflowStatus(id))?.status, 'SUCCESS');

  const log = world.toolLog();
  let recoveredRuns = 0;
  let rerunSteps = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = `r${i}`;
    const steps = (await DBOS.listWorkflowSteps(`crash-${run}`))!;
    const onKilled = log.some((l) => l.run === run && l.pid === first!.pid);
    if (onKilled && world.seen.some((s) => s.run === run && s.at > killedAt)) recoveredRuns++;
    for (const step of steps) {
      const recordedBeforeKill = step.completedAtEpochMs !== undefined && step.completedAtEpochMs !== null && step.completedAtEpochMs < killedAt;
      const model = MODEL_STEP.exec(step.name);
      const toolCall = TOOL_STEP.exec(step.name);
      let executions: number;
      let firstBy: number | undefined;
      if (model) {
        executions = world.seen.filter((s) => s.run === run && s.turn === Number(model[1] ?? model[2]) - 1).length;
      } else if (toolCall) {
        const starts = log.filter((l) => l.callId === toolCall[1] && l.phase === 'start');
        executions = starts.length;
        firstBy = starts[0]?.pid;
      } else {
        continue;
      }
      if (recordedBeforeKill) {
        assert.equal(executions, 1, `${run} ${step.name} was recorded before the kill but ran ${executions} times`);
      } else {
        assert.ok(executions === 1 || executions === 2, `${run} ${step.name} ran ${executions} times`);
        if (executions === 2) {
          rerunSteps++;
          if (firstBy !== undefined) assert.equal(firstBy, first!.pid, `${run} ${step.name}: only a step interrupted by the crash runs again`);
        }
      }
    }
    // Every model call and tool call of the run is a recorded step.
    assert.equal(steps.filter((s) => MODEL_STEP.test(s.name)).length, 3);
    assert.equal(steps.filter((s) => TOOL_STEP.test(s.name)).length, 2);
  }
  // The crash really hit runs in flight; restarting worker-1 put them back on the queue (either worker may take them).
  assert.ok(recoveredRuns >= 1, 'no run was taken over after the crash');
  assert.ok(log.some((l) => l.pid === second!.pid), 'worker-2 took no runs');
  // Every tool call ended in some process; twice only when the first ending was the killed worker's (not yet recorded).
  for (let i = 0; i < RUNS; i++) {
    for (let turn = 0; turn < 2; turn++) {
      const ends = log.filter((l) => l.callId === `call_r${i}_${turn}` && l.phase === 'end');
      assert.ok(ends.length === 1 || (ends.length === 2 && ends[0]!.pid === first!.pid), `call_r${i}_${turn} ended ${ends.length} times`);
    }
  }
  t.diagnostic(`runs taken over after the crash: ${recoveredRuns}; steps interrupted by the crash and run again: ${rerunSteps}`);
});
