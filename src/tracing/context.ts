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
//
// Switching the storage on and off is not free either (Node swaps its promise hooks, and promises
// made meanwhile are tracked: about 3 µs per switch in a busy process). So a callback the runner
// has seen return a plain value is taken to be synchronous: the next time it is only given a
// scope for as long as it runs (`syncScope`), with the storage left off. If it then returns a
// promise after all, its later calls get the storage again.
const storage = new AsyncLocalStorage<TraceScope>();
let openScopes = 0;
/** The scope of the synchronous callback running now, if any (innermost wins over the storage's). */
let syncScope: TraceScope | undefined;
/** Callbacks (by the object the runner keys them with) that returned a plain value last time. */
const synchronous = new WeakSet<object>();

/** The trace the calling code runs inside, or null. */
export function getCurrentTrace(): Trace | null {
  return (syncScope ?? storage.getStore())?.trace ?? null;
}

/** The innermost span the calling code runs inside, or null. */
export function getCurrentSpan(): Span | null {
  return (syncScope ?? storage.getStore())?.span ?? null;
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
 * `key` names the user's callback behind `fn`: one that returned a plain value last time is run
 * with the scope current only while it runs (see above).
 */
export function runInScope<T>(scope: TraceScope, fn: () => T, key?: object): T {
  if (key !== undefined && synchronous.has(key)) {
    const result = runSynchronously(scope, fn);
    if (isThenable(result)) synchronous.delete(key); // it went asynchronous: its next calls get the storage
    return result;
  }
  openScopes++;
  const outer = syncScope;
  syncScope = undefined; // the storage's scope is the innermost now
  let result: T;
  try {
    result = storage.run(scope, fn);
  } catch (error) {
    closeScope();
    throw error;
  } finally {
    syncScope = outer;
  }
  if (isThenable(result)) {
    // A side chain that never rejects: the caller still gets (and handles) `result` itself.
    Promise.resolve(result).then(closeScope, closeScope);
  } else {
    if (key !== undefined) synchronous.add(key);
    closeScope();
  }
  return result;
}

function runSynchronously<T>(scope: TraceScope, fn: () => T): T {
  const outer = syncScope;
  syncScope = scope;
  try {
    return fn();
  } finally {
    syncScope = outer;
  }
}

function closeScope(): void {
  if (--openScopes === 0) storage.disable();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
