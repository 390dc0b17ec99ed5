import { DBOS } from '@dbos-inc/dbos-sdk';
import type { StepExecutor, StepKind } from '../run/steps/step-executor.js';
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
 */
export class DbosStepExecutor implements StepExecutor {
  constructor(
    private readonly events: DurableEventStream,
    /** Aborted when DBOS cancels the workflow, so the run's model call and tools stop. */
    private readonly cancel: AbortController,
  ) {}

  runStep<T>(kind: StepKind, key: string, fn: () => MaybePromise<T>): Promise<T> {
    // Both calls take their DBOS step numbers now, synchronously, in the order the pipeline asks.
    const flushed = this.events.flushItems();
    const step = DBOS.runStep(() => this.execute(kind, fn, flushed), { name: key });
    if (flushed === undefined) return step;
    // A replayed step does not run `execute`; the (replayed) write is still awaited here.
    return step.then(
      (value) => flushed.then(() => value),
      (error: unknown) => flushed.then(() => Promise.reject(error), () => Promise.reject(error)),
    );
  }

  /** The step's body: events before it are written first, a cancel reaches the run, the result is JSON. */
  private async execute<T>(kind: StepKind, fn: () => MaybePromise<T>, flushed: Promise<void> | undefined): Promise<T> {
    if (flushed) await flushed;
    const cancelSignal = DBOS.stepStatus?.cancelSignal;
    const onCancel = () => this.cancel.abort(cancelSignal?.reason ?? new Error('The durable run was cancelled'));
    if (cancelSignal?.aborted) onCancel();
    cancelSignal?.addEventListener('abort', onCancel, { once: true });
    const pump = kind === 'model' ? this.events.startDeltaPump() : undefined;
    try {
      const value = await fn();
      // The same JSON form a replay returns, so a first run and its replay go on identically.
      return toJson(value) as T;
    } finally {
      cancelSignal?.removeEventListener('abort', onCancel);
      await pump?.finish();
    }
  }
}
