import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, Trace } from './types.js';

interface Scope {
  trace: Trace;
  span: Span | null;
}

const storage = new AsyncLocalStorage<Scope>();

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
  return storage.run({ trace, span: null }, fn);
}

/** Runs `fn` with `span` current (under `trace`). */
export function runWithSpan<T>(trace: Trace, span: Span, fn: () => T): T {
  return storage.run({ trace, span }, fn);
}
