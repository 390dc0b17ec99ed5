import type { SpanData, SpanDataOf, SpanType } from './span-data.js';
import type { Span, SpanParent, Trace } from './types.js';
import { isSpan } from './types.js';
import { genSpanId, genTraceId, validateTraceId } from './ids.js';
import { isTracingActive } from './provider.js';
import { RecordingSpan, noopSpan } from './spans.js';
import { NOOP_TRACE, RecordingTrace } from './traces.js';
import { getCurrentSpan, getCurrentTrace, runWithSpan, runWithTrace } from './context.js';
import { toSpanError } from './sensitive.js';

/** Options for `startTrace()`. */
export interface StartTraceOptions {
  /** The workflow name shown in trace viewers. */
  name: string;
  /** A custom id: `trace_` + 32 alphanumeric characters; anything else is a `UserError`. */
  traceId?: string;
  /** Links traces of one conversation or process (for example a chat thread id). */
  groupId?: string;
  metadata?: Record<string, unknown>;
  /** Return the no-op trace (for a run with `tracingDisabled`). */
  disabled?: boolean;
}

/** Creates and starts a trace. Returns the shared no-op trace when tracing is off. Does not make it current. */
export function startTrace(options: StartTraceOptions): Trace {
  if (options.traceId !== undefined) validateTraceId(options.traceId);
  if (options.disabled || !isTracingActive()) return NOOP_TRACE;
  const trace = new RecordingTrace({
    traceId: options.traceId ?? genTraceId(),
    name: options.name,
    ...(options.groupId !== undefined && { groupId: options.groupId }),
    ...(options.metadata !== undefined && { metadata: options.metadata }),
  });
  trace.start();
  return trace;
}

/** Options for `trace()`. */
export interface TraceOptions {
  traceId?: string;
  groupId?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Runs `fn` inside a new trace named `workflowName`, ending the trace when `fn` settles. Runs started
 * inside `fn` join this trace instead of opening their own, so several runs show as one workflow.
 */
export async function trace<T>(
  workflowName: string,
  fn: (trace: Trace) => T | Promise<T>,
  options: TraceOptions = {},
): Promise<T> {
  const current = startTrace({ name: workflowName, ...options });
  try {
    return await runWithTrace(current, () => fn(current));
  } finally {
    current.end();
  }
}

/**
 * For the runner: runs `fn` inside the current trace if there is one (without ending it), otherwise
 * inside a new trace made from `options` that is ended when `fn` settles.
 */
export async function runInTrace<T>(options: StartTraceOptions, fn: (trace: Trace) => T | Promise<T>): Promise<T> {
  const { trace, owned } = joinOrStartTrace(options);
  // With nothing listening there is nothing to join later either; skip the context switch.
  if (!owned || !isTracingActive()) return fn(trace);
  try {
    return await runWithTrace(trace, () => fn(trace));
  } finally {
    trace.end();
  }
}

/**
 * For the runner, which passes its trace explicitly instead of making it current: the current
 * trace to join (`owned: false`, the caller ends it), or a new one made from `options` that the
 * run must end (`owned: true`).
 */
export function joinOrStartTrace(options: StartTraceOptions): { trace: Trace; owned: boolean } {
  const current = getCurrentTrace();
  if (current) return { trace: current, owned: false };
  return { trace: startTrace(options), owned: true };
}

/** Options for `startSpan()`. */
export interface StartSpanOptions {
  /** Where the span hangs; default: the current span, else the current trace. */
  parent?: SpanParent;
  /** Return the no-op span. */
  disabled?: boolean;
}

/**
 * Creates and starts a span. Returns the shared no-op span when tracing is off, when `disabled`, or
 * when there is no trace to attach it to (spans outside a trace are dropped). Does not make it current:
 * use `withSpan()` for that.
 */
export function startSpan<K extends SpanType>(
  data: SpanDataOf<K> & { type: K },
  options: StartSpanOptions = {},
): Span<SpanDataOf<K>> {
  if (options.disabled || !isTracingActive()) return noopSpan<SpanDataOf<K>>();
  return startChildSpan(snapshotInput(data), options.parent);
}

/**
 * For the runner, which builds each span's data itself (copying a model input as `startSpan` does):
 * starts a span with `data` as given under `parent` (default: the current span, else the current trace).
 */
export function startChildSpan<TData extends SpanData>(data: TData, parent: SpanParent | undefined): Span<TData> {
  const under = parent ?? getCurrentSpan() ?? getCurrentTrace();
  if (!under || !under.recording || !isTracingActive()) return noopSpan<TData>();
  const span = new RecordingSpan<TData>({
    traceId: under.traceId,
    spanId: genSpanId(),
    parentId: isSpan(under) ? under.spanId : null,
    data,
  });
  span.start();
  return span;
}

// A model call's input is usually the run's history array, which keeps growing after the call;
// processors export later, so keep the items as they were sent (a shallow copy: items are not mutated).
function snapshotInput<T extends SpanData>(data: T): T {
  if ((data.type === 'generation' || data.type === 'response') && Array.isArray(data.input)) {
    return Object.assign({}, data, { input: data.input.slice() });
  }
  return data;
}

/** Runs `fn` with `span` as the current span, so spans started inside nest under it. Returns `fn`'s result. */
export function withSpan<T>(span: Span, fn: () => T): T {
  if (!span.recording) return fn();
  return runWithSpan(getCurrentTrace() ?? NOOP_TRACE, span, fn);
}

/** Options for `runInSpan()`. */
export interface RunInSpanOptions extends StartSpanOptions {
  /** When false, an error recorded from a throw keeps only the error's class name. Default true. */
  includeSensitiveData?: boolean;
}

/**
 * Starts a span, runs `fn` with it current, records a throw as the span's error (unless `fn` set one),
 * and ends the span when `fn` settles.
 */
export async function runInSpan<K extends SpanType, T>(
  data: SpanDataOf<K> & { type: K },
  fn: (span: Span<SpanDataOf<K>>) => T | Promise<T>,
  options: RunInSpanOptions = {},
): Promise<T> {
  const span = startSpan<K>(data, options);
  try {
    return await withSpan(span, () => fn(span));
  } catch (error) {
    if (span.recording && !span.error) span.setError(toSpanError(error, options.includeSensitiveData ?? true));
    throw error;
  } finally {
    span.end();
  }
}
