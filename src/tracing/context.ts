import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, Trace } from './types.js';

/** What `getCurrentTrace()` / `getCurrentSpan()` read: the trace and the innermost span of the calling code. */
export interface TraceScope {
  trace: Trace;
  span: Span | null;
}

// Why the storage is switched on only while a scope is open: on Node 20, once any AsyncLocalStorage
// is in use, every promise, tick and socket callback in the process runs async-hook bookkeeping,
// about a fifth of a model call's CPU over HTTP at 50 concurrent runs. The runner itself passes
// its trace and spans explicitly and opens a scope only around the code it calls for the user
// (tools, guardrails, hooks, instructions, models that may read the context); `trace()` and
// `withSpan()` open one for their callback. When the last open scope settles the storage is
// disabled, and the process pays nothing until the next one opens.
const storage = new AsyncLocalStorage<TraceScope>();
let openScopes = 0;

/** The trace the calling code runs inside, or null. */
export function getCurrentTrace(): Trace | null {
  return storage.getStore()?.trace ?? null;
}

/** The innermost span the calling code runs inside, or null. */
export function getCurrentSpan(): Span | null {
  return storage.getStore()?.span ?? null;
}

/** Runs `fn` with `trace` current and no current span. */
export function runWithTrace<T>(trace: Trace, fn: () => T): T {
  return runInScope({ trace, span: null }, fn);
}

/** Runs `fn` with `span` current (under `trace`). */
export function runWithSpan<T>(trace: Trace, span: Span, fn: () => T): T {
  return runInScope({ trace, span }, fn);
}

/**
 * Runs `fn` with `scope` current, for `fn` and everything it starts until the promise it returns
 * settles (or at once when it returns something else). Returns what `fn` returns, the same object.
 */
export function runInScope<T>(scope: TraceScope, fn: () => T): T {
  openScopes++;
  let result: T;
  try {
    result = storage.run(scope, fn);
  } catch (error) {
    closeScope();
    throw error;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    // A side chain that never rejects: the caller still gets (and handles) `result` itself.
    Promise.resolve(result).then(closeScope, closeScope);
  } else {
    closeScope();
  }
  return result;
}

function closeScope(): void {
  if (--openScopes === 0) storage.disable();
}
