import type { SpanData } from './span-data.js';

/** An error recorded on a span. */
export interface SpanError {
  message: string;
  data?: Record<string, unknown>;
}

/**
 * One workflow (usually one run, or several runs grouped with `trace()`).
 * `recording` is false for the shared no-op trace returned when tracing is off.
 */
export interface Trace {
  readonly traceId: string;
  readonly name: string;
  readonly groupId?: string;
  readonly metadata?: Record<string, unknown>;
  /** ISO time the trace started, or null before `start()`. */
  readonly startedAt: string | null;
  /** ISO time the trace ended, or null before `end()`. */
  readonly endedAt: string | null;
  readonly recording: boolean;
  /** Starts the trace and notifies processors; a second call does nothing. */
  start(): void;
  /** Ends the trace and notifies processors; a second call does nothing. */
  end(): void;
}

/**
 * One timed operation inside a trace. `spanData` may be filled in while the span runs (outputs, usage);
 * processors see the final data in `onSpanEnd`. `recording` is false for the shared no-op span.
 */
export interface Span<TData extends SpanData = SpanData> {
  readonly traceId: string;
  readonly spanId: string;
  /** The parent span's id; null for a span directly under its trace. */
  readonly parentId: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  spanData: TData;
  readonly error?: SpanError;
  readonly recording: boolean;
  /** Starts the span and notifies processors; a second call does nothing. */
  start(): void;
  /** Ends the span and notifies processors; a second call does nothing. */
  end(): void;
  /** Records the error the span's operation failed with. */
  setError(error: SpanError): void;
}

/** A span or trace that a new span can hang under. */
export type SpanParent = Span | Trace;

type MaybePromise = void | Promise<void>;

/**
 * Receives traces and spans as they start and end. Every method is optional and may be async.
 * Calls are isolated: a throwing or rejecting method is reported once and never reaches the run,
 * and the run never waits for a returned promise (only `flushTraces()` / shutdown do, with a timeout).
 */
export interface TracingProcessor {
  /** A trace started. */
  onTraceStart?(trace: Trace): MaybePromise;
  /** A trace ended (after all its spans). */
  onTraceEnd?(trace: Trace): MaybePromise;
  /** A span started. */
  onSpanStart?(span: Span): MaybePromise;
  /** A span ended; its data is final. */
  onSpanEnd?(span: Span): MaybePromise;
  /** Flush and release resources; called once, at process exit or by `shutdownTraces()`. */
  shutdown?(timeoutMs?: number): MaybePromise;
  /** Write out everything buffered (called by `flushTraces()`). */
  forceFlush?(): MaybePromise;
}

/** Sends finished traces and spans somewhere (used by `BatchTraceProcessor`). */
export interface TracingExporter {
  /**
   * Send one batch of finished traces and spans; `signal` aborts it (flush and export timeouts).
   * `BatchTraceProcessor` may hand the next export the same signal when this export left it
   * unaborted and with no listener on it: remove the listeners you add once the export is done.
   */
  export(items: ReadonlyArray<Trace | Span>, signal?: AbortSignal): Promise<void>;
  /** Release resources; called once. */
  shutdown?(): MaybePromise;
}

/** True when `item` is a span rather than a trace. */
export function isSpan(item: Trace | Span): item is Span {
  return 'spanId' in item;
}
