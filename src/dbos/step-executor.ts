import { dbos } from './sdk.js';
import type { SeamExecutor, SeamStepKind as StepKind } from './seam.js';
import type { MaybePromise } from '../utils/types.js';
import type { DurableEventStream } from './event-stream.js';
import { toJson } from './json-value.js';

/**
 * The step seam of a durable run: every step of the pipeline (model call, tool call, guardrail,
 * handoff callback, session I/O) is one DBOS step named by its key. DBOS records the step's result
 * when it completes and, when the workflow is replayed after a crash, returns the recorded result
 * instead of running it again. DBOS numbers a workflow's steps in the order they start, which the
 * pipeline keeps the same on a replay (concurrent tool steps start in call order); the names make a
 * mismatch fail loudly (`DBOSUnexpectedStepError`) instead of returning another step's result.
 *
 * Stream writes stay off the critical path where they can: the item events written before a step
 * go on while it runs, and a model step's last batch of raw events is written while DBOS records
 * the step. A step's promise settles only when its writes are done, so writes never overlap (two
 * writers of one DBOS stream would collide) and the stream keeps the run's order.
 */
export class DbosStepExecutor implements SeamExecutor {
  /** The latest write of item events: a model step's raw events go after it. */
  private lastFlush: Promise<void> | undefined;

  constructor(
    private readonly events: DurableEventStream,
    /** Aborted when DBOS cancels the workflow, so the run's model call and tools stop. */
    private readonly cancel: AbortController,
  ) {}

  // No begin() / checkpoint(): DBOS replays the workflow from its first step, and every step is recorded as it completes.

  run<T>(kind: StepKind, key: string, fn: () => MaybePromise<T>): Promise<T> {
    // Both calls take their DBOS step numbers now, synchronously, in the order the pipeline asks.
    const flushed = this.events.flushItems();
    if (flushed) this.lastFlush = flushed;
    const before = this.lastFlush;
    const writes: Array<Promise<void>> = flushed ? [flushed] : [];
    const step = dbos().runStep(() => this.execute({ kind, fn, before, writes }), { name: key });
    // A replayed step runs nothing: only the (replayed) item write is waited for.
    return step.then(
      (value) => Promise.all(writes).then(() => value),
      (error: unknown) => Promise.allSettled(writes).then(() => Promise.reject(error)),
    );
  }

  /** The step's body: a cancel of the workflow reaches the run; a model step's raw events are pumped out; the result is JSON. */
  private async execute<T>(step: { kind: StepKind; fn: () => MaybePromise<T>; before?: Promise<void>; writes: Array<Promise<void>> }): Promise<T> {
    const { kind, fn, before, writes } = step;
    const cancelSignal = dbos().stepStatus?.cancelSignal;
    const onCancel = () => this.cancel.abort(cancelSignal?.reason ?? new Error('The durable run was cancelled'));
    if (cancelSignal?.aborted) onCancel();
    cancelSignal?.addEventListener('abort', onCancel, { once: true });
    const pump = kind === 'model' ? this.events.startDeltaPump(before) : undefined;
    try {
      const value = await fn();
      // The same JSON form a replay returns, so a first run and its replay go on identically.
      return toJson(value) as T;
    } finally {
      cancelSignal?.removeEventListener('abort', onCancel);
      if (pump) writes.push(pump.finish());
    }
  }
}
