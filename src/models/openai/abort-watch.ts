/**
 * Abort callbacks for requests, with one `'abort'` listener per signal shared by every request made
 * with it. A run sends all its model requests with the same signal; adding and removing an
 * EventTarget listener per request costs more than the rest of the request's bookkeeping.
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Call `callback` once if `signal` aborts. Returns the function that detaches it (call it when the
 * request is over). The shared listener holds only the callback set, never the signal, so a signal
 * that is no longer referenced is collected with its set.
 */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
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
