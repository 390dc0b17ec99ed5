import type { StepKind } from '../durable/step-journal.js';
import type { RunState } from './run-state.js';

/**
 * The step seam of a run: model calls, tool calls and session writes go through `run` with a key
 * stable within the run (its result must be JSON); the loop calls `begin` before its first turn
 * and `checkpoint` at the end of every turn. Absent for ordinary runs (the work is just done);
 * a durable run's journal implements it.
 */
export interface RunSteps {
  run<T>(kind: StepKind, key: string, fn: () => T | Promise<T>): Promise<T>;
  begin(state: RunState<unknown>): Promise<void>;
  checkpoint(state: RunState<unknown>): Promise<void>;
}
