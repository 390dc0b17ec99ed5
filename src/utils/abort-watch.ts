import type { LazyAbort } from './lazy-abort.js';

/**
 * Abort callbacks for requests and tools. A signal that belongs to a run ({@link LazyAbort})
 * dispatches to its callbacks directly, with no event listener at all; any other signal gets one
 * `'abort'` listener, shared by every callback watching it. Adding an EventTarget listener per
 * request costs more than the rest of the request's bookkeeping (the first one on a signal about
 * 4 µs on Node 20).
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();
const owners = new WeakMap<AbortSignal, LazyAbort>();

/** @internal Called by {@link LazyAbort} when it makes its signal: watchers of it go to the run. */
export function registerOwner(signal: AbortSignal, owner: LazyAbort): void {
  owners.set(signal, owner);
}

/**
 * Call `callback` once if `signal` aborts. Returns the function that detaches it (call it when the
 * request is over). The shared listener holds only the callback set, never the signal, so a signal
 * that is no longer referenced is collected with its set.
 */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  const owner = owners.get(signal);
  if (owner !== undefined) return owner.onAbort(callback);
  let callbacks = watchers.get(signal);
  if (callbacks === undefined) {
    const set = new Set<() => void>();
    callbacks = set;
    watchers.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        const pending = [...set];
        set.clear();
        for (const fn of pending) fn();
      },
      { once: true },
    );
  }
  callbacks.add(callback);
  const set = callbacks;
  return () => {
    set.delete(callback);
  };
}
