import type { Trace } from './types.js';
import { dispatchTraceEnd, dispatchTraceStart } from './provider.js';
import { clockNow, isoAt } from './clock.js';

/** Options for `RecordingTrace`. */
export interface RecordingTraceOptions {
  traceId: string;
  name: string;
  groupId?: string;
  metadata?: Record<string, unknown>;
}

/** A trace that reports to the registered processors. Made by `startTrace()` / `trace()`. */
export class RecordingTrace implements Trace {
  readonly traceId: string;
  readonly name: string;
  readonly groupId?: string;
  readonly metadata?: Record<string, unknown>;
  // Clock readings (-1 until set), formatted when read (see clock.ts).
  #start = -1;
  #end = -1;
  get recording(): boolean {
    return true;
  }

  get startedAt(): string | null {
    return this.#start >= 0 ? isoAt(this.#start) : null;
  }

  get endedAt(): string | null {
    return this.#end >= 0 ? isoAt(this.#end) : null;
  }

  constructor(options: RecordingTraceOptions) {
    this.traceId = options.traceId;
    this.name = options.name;
    if (options.groupId !== undefined) this.groupId = options.groupId;
    if (options.metadata !== undefined) this.metadata = options.metadata;
  }

  start(): void {
    if (this.#start >= 0) return;
    this.#start = clockNow();
    dispatchTraceStart(this);
  }

  end(): void {
    if (this.#end >= 0) return;
    this.#end = clockNow();
    if (this.#start < 0) this.#start = this.#end;
    dispatchTraceEnd(this);
  }

  toJSON(): Record<string, unknown> {
    return {
      traceId: this.traceId,
      name: this.name,
      groupId: this.groupId ?? null,
      metadata: this.metadata ?? null,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
    };
  }
}

class NoopTrace implements Trace {
  readonly traceId = 'no-op';
  readonly name = 'no-op';
  readonly startedAt = null;
  readonly endedAt = null;
  get recording(): boolean {
    return false;
  }
  start(): void {}
  end(): void {}
}

/** The shared trace returned when tracing is off. */
export const NOOP_TRACE: Trace = new NoopTrace();
