/**
 * The journaling executor: given a step's stable key and a journal of completed steps, return the
 * saved result, or run the step and record its result before the run goes on. It knows nothing of
 * stores: the RunStore-backed journal (durable-run.ts) plugs in here (a DBOS run has DBOS record its steps).
 */
import type { StepKind } from '../run/steps/step-executor.js';

/** A run's record of its completed steps. */
export interface StepJournal {
  /** The recorded result of `key`, wrapped (a result may itself be undefined), or undefined. */
  lookup(key: string): { value: unknown } | undefined;
  /** Make `value` durable as the result of the `kind` step `key`; resolves once it is saved. */
  record(key: string, value: unknown, kind: StepKind): Promise<void>;
}

/** Run `fn` as the step `key` (keys: `turn/turn.ts` `stepKey`): once, however often the run is resumed after it was recorded. */
export async function journaledStep<T>(journal: StepJournal, step: { kind: StepKind; key: string }, fn: () => T | Promise<T>): Promise<T> {
  const saved = journal.lookup(step.key);
  if (saved) return saved.value as T;
  const value = await fn();
  await journal.record(step.key, value, step.kind);
  return value;
}
