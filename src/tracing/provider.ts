import type { Span, Trace, TracingProcessor } from './types.js';
import { reportProcessorError, safeCall, safeInvoke, settleWithin } from './isolation.js';
import { defaultProcessorsFromEnv, tracingDisabledByEnv } from './defaults.js';
import { processDefaults } from '../config/process-defaults.js';

// One tracing pipeline per process, as in the Python SDK: its state is in config/process-defaults.ts.
const state = processDefaults.tracing;

function recompute(): void {
  state.active = !state.disabled && state.processors.length > 0;
}

// Defaults are read on first use, not at import, so env vars set after import still count.
function resolveDefaults(): void {
  if (state.defaultsResolved) return;
  state.defaultsResolved = true;
  if (tracingDisabledByEnv(process.env)) state.disabled = true;
  state.processors = [...defaultProcessorsFromEnv(process.env), ...state.processors];
  recompute();
}

/** True when traces and spans would reach at least one processor. Cheap: a cached boolean. */
export function isTracingActive(): boolean {
  if (!state.defaultsResolved) resolveDefaults();
  return state.active;
}

/** Adds a processor after the existing ones (including the defaults picked from the environment). */
export function addTraceProcessor(processor: TracingProcessor): void {
  resolveDefaults();
  state.processors = [...state.processors, processor];
  recompute();
}

/** Replaces every processor, including the defaults. Replaced processors are not shut down. */
export function setTraceProcessors(list: readonly TracingProcessor[]): void {
  state.defaultsResolved = true;
  state.processors = [...list];
  recompute();
}

/** The processors currently registered (a snapshot). */
export function getTraceProcessors(): readonly TracingProcessor[] {
  resolveDefaults();
  return state.processors;
}

/** Turns tracing off (or back on) for the whole process. */
export function setTracingDisabled(value: boolean): void {
  resolveDefaults();
  state.disabled = value;
  recompute();
}

/** Whether tracing was turned off with `setTracingDisabled(true)` or `OPENAI_AGENTS_DISABLE_TRACING`. */
export function isTracingDisabled(): boolean {
  resolveDefaults();
  return state.disabled;
}

// One function per event, each reading its method by name: see `safeInvoke`.

/** Tells every processor that `trace` started. Never throws and never waits: a slow processor cannot slow the run. */
export function dispatchTraceStart(trace: Trace): void {
  const list = state.processors;
  for (let i = 0; i < list.length; i++) safeInvoke(list[i]!, list[i]!.onTraceStart, 'onTraceStart', trace);
}

/** Tells every processor that `trace` ended (see `dispatchTraceStart`). */
export function dispatchTraceEnd(trace: Trace): void {
  const list = state.processors;
  for (let i = 0; i < list.length; i++) safeInvoke(list[i]!, list[i]!.onTraceEnd, 'onTraceEnd', trace);
}

/** Tells every processor that `span` started (see `dispatchTraceStart`). */
export function dispatchSpanStart(span: Span): void {
  const list = state.processors;
  for (let i = 0; i < list.length; i++) safeInvoke(list[i]!, list[i]!.onSpanStart, 'onSpanStart', span);
}

/** Tells every processor that `span` ended (see `dispatchTraceStart`). */
export function dispatchSpanEnd(span: Span): void {
  const list = state.processors;
  for (let i = 0; i < list.length; i++) safeInvoke(list[i]!, list[i]!.onSpanEnd, 'onSpanEnd', span);
}

/** Options for `flushTraces()` / `shutdownTraces()`. */
export interface FlushOptions {
  /** How long to wait for each processor; default 5000 ms. A processor still busy after it is abandoned. */
  timeoutMs?: number;
}

async function callAll(method: 'forceFlush' | 'shutdown', timeoutMs: number): Promise<void> {
  const list = state.processors;
  await Promise.all(
    list.map(async (processor) => {
      const done = await settleWithin(safeCall(processor, method, method === 'shutdown' ? timeoutMs : undefined), timeoutMs);
      if (!done) reportProcessorError(processor, method, new Error(`timed out after ${timeoutMs} ms`));
    }),
  );
}

/**
 * Asks every processor to export what it holds. Resolves when all are done or `timeoutMs` has passed
 * for the slow ones; never rejects.
 */
export function flushTraces(options: FlushOptions = {}): Promise<void> {
  resolveDefaults();
  return callAll('forceFlush', options.timeoutMs ?? 5000);
}

/** Flushes and shuts down every processor (for example before the process exits). Never rejects. */
export function shutdownTraces(options: FlushOptions = {}): Promise<void> {
  resolveDefaults();
  return callAll('shutdown', options.timeoutMs ?? 5000);
}
