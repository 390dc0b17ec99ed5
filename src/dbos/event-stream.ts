import { dbos } from './sdk.js';
import type { StreamEvent, StreamSink } from '../run/stream-events.js';
import { eventToJson } from './to-json.js';
import type { DurableStreamEvent } from './types.js';

/** The DBOS stream holding one segment of a run's events: from its start, or from a resumption after approvals. */
export function eventStreamKey(round: number): string {
  return `agentrun.events.${round}`;
}

/** How long a model step gathers stream deltas before writing them as one batch. */
const DELTA_BATCH_MS = 100;

/**
 * Where a durable run's pipeline sends its stream events; they reach readers in other processes
 * through a DBOS stream, in batches (arrays of events), never one database write per event:
 * - Item and agent events are the same on a replay (the run derives them from recorded steps):
 *   they wait here and are written as one checkpointed `DBOS.writeStream` just before the next
 *   step, so a replay (which finds that write recorded) does not write them again.
 * - The model's raw events exist only while a model step really runs: a pump started inside that
 *   step writes them every {@link DELTA_BATCH_MS} ms, as an unrecorded write from the step.
 */
export class DurableEventStream implements StreamSink {
  private items: DurableStreamEvent[] = [];
  private deltas: DurableStreamEvent[] = [];
  private wakePump: (() => void) | undefined;

  constructor(readonly key: string) {}

  push(event: StreamEvent): void {
    if (event.type === 'raw_response_event') {
      this.deltas.push(eventToJson(event));
      this.wakePump?.();
    } else {
      this.items.push(eventToJson(event));
    }
  }

  /**
   * Write the waiting item events (call from workflow code, at a point a replay reaches in the same
   * order). `DBOS.writeStream` takes its step number synchronously, before any await.
   */
  flushItems(): Promise<void> | undefined {
    if (this.items.length === 0) return undefined;
    const batch = this.items;
    this.items = [];
    return dbos().writeStream(this.key, batch);
  }

  /** End the segment: later readers stop here. Workflow code only. */
  close(): Promise<void> {
    return dbos().closeStream(this.key);
  }

  /**
   * Start writing raw events, after `after` (the item events' write) settles; call inside a step
   * (the pump's awaits keep the step's context, so its writes are the step's). `finish()` writes
   * what is left and resolves when all is written.
   */
  startDeltaPump(after: Promise<void> | undefined): { finish(): Promise<void> } {
    let finishing = false;
    let wake: (() => void) | undefined;
    const wait = (ms: number | undefined) =>
      new Promise<void>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
        wake = () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
      });
    const pump = async (): Promise<void> => {
      if (after) await after; // the item events before this step come first (and two writers would collide)
      for (;;) {
        if (this.deltas.length === 0 && !finishing) await wait(undefined);
        if (!finishing) await wait(DELTA_BATCH_MS);
        if (this.deltas.length > 0) {
          const batch = this.deltas;
          this.deltas = [];
          await dbos().writeStream(this.key, batch);
        }
        if (finishing && this.deltas.length === 0) return;
      }
    };
    // Raw events wake the pump only to start a batch; during the batch window they just gather.
    this.wakePump = () => {
      if (this.deltas.length === 1) wake?.();
    };
    const done = pump();
    done.catch(() => undefined); // observed by finish(); until then a failed write must not be an unhandled rejection
    return {
      finish: () => {
        finishing = true;
        this.wakePump = undefined;
        wake?.();
        return done;
      },
    };
  }
}
