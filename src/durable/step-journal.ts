/**
 * The journaling executor: given a step's stable key and a journal of completed steps, return the
 * saved result, or run the step and record its result before the run goes on. It knows nothing of
 * stores or of DBOS: a RunStore-backed journal (durable-run.ts) and a DBOS one both plug in here.
 */

/** What kind of work a step is (keys are unique within a run whatever the kind). */
export type StepKind = 'model' | 'tool' | 'session';

/** A run's record of its completed steps. */
export interface StepJournal {
  /** The recorded result of `key`, wrapped (a result may itself be undefined), or undefined. */
  lookup(key: string): { value: unknown } | undefined;
  /** Make `value` durable as the result of `key`; resolves once it is saved. */
  record(key: string, value: unknown): Promise<void>;
}

/** Run `fn` as the step `key`: once, however often the run is resumed after it was recorded. */
export async function journaledStep<T>(journal: StepJournal, key: string, fn: () => T | Promise<T>): Promise<T> {
  const saved = journal.lookup(key);
  if (saved) return saved.value as T;
  const value = await fn();
  await journal.record(key, value);
  return value;
}

/** The model call of turn `turn` (turns count model calls over the whole run). */
export const modelStepKey = (turn: number): string => `model:${turn}`;
/** A tool call: its call id is stable across resumes (it comes from the recorded model response). */
export const toolStepKey = (turn: number, callId: string): string => `tool:${turn}:${callId}`;
/** The end-of-turn session write of turn `turn`. */
export const sessionStepKey = (turn: number): string => `session:${turn}`;
