import type { MaybePromise } from './types.js';

/**
 * `fn(value)` now when `value` is not a promise, else once it resolves. The turn pipeline runs
 * through this instead of `await` so that a turn with nothing asynchronous in it (a sync tool, no
 * hooks) costs no promise and no microtask per step. Only native promises are deferred: values
 * returned by user callbacks go through {@link fromUser} first, so a foreign thenable is never
 * mistaken for a plain value.
 */
export function then<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** A user callback's result as a plain value or a native promise (any thenable is adopted). */
export function fromUser<T>(value: T | PromiseLike<T>): MaybePromise<T> {
  if (value instanceof Promise) return value;
  if (isThenable(value)) return Promise.resolve(value);
  return value as T;
}

/** Whether `value` has a callable `then` (a promise of any library, or a native one). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
