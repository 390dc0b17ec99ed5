import type { SpanData } from './span-data.js';
import type { Span, SpanError } from './types.js';
import { dispatchSpanEnd, dispatchSpanStart } from './provider.js';
import { clockNow, isoAt } from './clock.js';

/** Options for `RecordingSpan`. */
export interface RecordingSpanOptions<TData extends SpanData> {
  traceId: string;
  spanId: string;
  parentId: string | null;
  data: TData;
}

/** A span that reports to the registered processors. Made by `startSpan()`. */
export class RecordingSpan<TData extends SpanData = SpanData> implements Span<TData> {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  spanData: TData;
  error?: SpanError;
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

  constructor(options: RecordingSpanOptions<TData>) {
    this.traceId = options.traceId;
    this.spanId = options.spanId;
    this.parentId = options.parentId;
    this.spanData = options.data;
  }

  start(): void {
    if (this.#start >= 0) return;
    this.#start = clockNow();
    dispatchSpanStart(this);
  }

  end(): void {
    if (this.#end >= 0) return;
    this.#end = clockNow();
    if (this.#start < 0) this.#start = this.#end;
    dispatchSpanEnd(this);
  }

  setError(error: SpanError): void {
    this.error = error;
  }

  toJSON(): Record<string, unknown> {
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      parentId: this.parentId,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      spanData: this.spanData,
      error: this.error ?? null,
    };
  }
}

/**
 * The span returned when tracing is off: every method does nothing. Writes to `spanData` land on a
 * throwaway object, so the shared instance never holds on to a run's data.
 */
class NoopSpan implements Span<never> {
  readonly traceId = 'no-op';
  readonly spanId = 'no-op';
  readonly parentId = null;
  readonly startedAt = null;
  readonly endedAt = null;
  readonly error = undefined;
  get recording(): boolean {
    return false;
  }
  get spanData(): never {
    return {} as never;
  }
  set spanData(_value: never) {}
  start(): void {}
  end(): void {}
  setError(_error: SpanError): void {}
}

const NOOP = new NoopSpan();

/** The shared no-op span, typed for any span data. */
export function noopSpan<TData extends SpanData>(): Span<TData> {
  return NOOP as unknown as Span<TData>;
}
