import type { Agent } from '../agent/agent.js';
import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import { RunState } from '../run/run-state.js';
import type { RunEnv } from '../run/run-env.js';
import { SESSION_INPUT_STEP } from '../run/steps/step-executor.js';
import { DurableRun } from './durable-run.js';
import { RunLeaseLostError } from './errors.js';
import { assertRunId } from './lease.js';
import type { RunStore } from './run-store.js';

/** Check the `runStore` / `runId` run options. */
export function checkDurableOptions(options: { runStore?: unknown; runId?: unknown }): void {
  const store = options.runStore as Partial<RunStore> | undefined;
  if (store !== undefined && (typeof store?.acquire !== 'function' || typeof store.save !== 'function')) {
    throw new UserError('Run option runStore must be a RunStore (SQLiteRunStore, MemoryRunStore, PostgresRunStore)');
  }
  if (options.runId !== undefined) {
    if (store === undefined) throw new UserError('Run option runId needs a runStore');
    assertRunId(options.runId, 'Run option runId');
  }
}

/**
 * Run `body` (the run's execution) as a durable run: take the lease (a new run, or the stored run
 * a RunState came from), journal every step through `env.steps`, save 'failed' on an error, and
 * always stop renewing and give the lease up at the end.
 */
export async function executeDurably<C>(options: {
  store: RunStore;
  runId: string | undefined;
  state: RunState<C>;
  fromState: boolean;
  env: RunEnv<C>;
  opened: DurableRun | undefined;
  body: () => Promise<void>;
  cancelled: () => boolean;
}): Promise<void> {
  const { store, state, env } = options;
  const s = state as RunState<unknown>;
  let durable = options.opened;
  if (!durable) {
    if (options.fromState && s.runId !== undefined && options.runId === undefined) {
      durable = await DurableRun.resume(store, s.runId);
      durable.adoptState(s);
    } else durable = DurableRun.create(store, s, options.runId);
  }
  env.steps = durable;
  replaySessionInput(durable, s);
  try {
    await options.body();
  } catch (error) {
    if (!(error instanceof RunLeaseLostError) && !options.cancelled()) await durable.fail();
    throw error;
  } finally {
    await durable.close();
  }
}

/**
 * A new run's session read and input write is one journaled step; the state gets the merged
 * history from it, and is first saved with it at `begin`. A run that died between the two was
 * saved without that history: the journaled step restores it (the session already has the input,
 * so it is not written again). Once `begin` has saved, this sets the same history again.
 */
function replaySessionInput(durable: DurableRun, state: RunState<unknown>): void {
  const journaled = durable.lookup(SESSION_INPUT_STEP);
  if (journaled && state.currentTurn === 0) state.replaceHistory(journaled.value as AgentInputItem[], []);
}

/** What `Runner.resume` found: a run to go on with, or one with nothing to do (its result as is). */
export interface OpenedResume<C> {
  state: RunState<C>;
  /** Set when the run must go on; undefined for a completed run, or one still waiting for approvals. */
  durable: DurableRun | undefined;
}

/** Take a stored run's lease and decode its state in the graph of `agent`. */
export async function openResume<C>(agent: Agent<C, unknown>, runId: string, store: RunStore | undefined): Promise<OpenedResume<C>> {
  if (store === undefined) throw new UserError('Runner.resume needs the runStore option');
  checkDurableOptions({ runStore: store });
  assertRunId(runId, 'Runner.resume');
  const durable = await DurableRun.resume(store, runId);
  let state: RunState<C>;
  try {
    state = await RunState.fromString(agent, durable.stored!.state);
  } catch (error) {
    await durable.close();
    throw error;
  }
  state.runId = runId;
  const undecided = state.interruptions.some((i) => !state.approvals.has(i.callId));
  const status = durable.stored!.status;
  if (status === 'completed' || (status === 'interrupted' && undecided)) {
    await durable.close();
    return { state, durable: undefined };
  }
  return { state, durable };
}
