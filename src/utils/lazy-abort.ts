/**
 * A run's cancellation: an `AbortController` whose abort also calls callbacks registered with
 * {@link LazyAbort.onAbort}, without an event listener.
 *
 * Node adds the first listener to an `AbortSignal` in about 4 µs (and makes the signal in about 2),
 * more than the rest of a model call's bookkeeping; every run, model request and async tool would
 * pay it, though few runs are ever aborted. agentrun's own code (the transport through
 * {@link watchAbort}, tools, tracing) registers callbacks here instead. The standard signal is made
 * on first access to `signal`, for tools, hooks and third-party models. Model requests carry it
 * as their public {@link RunAbort} (`ModelRequest.abort`).
 */
import type { RunAbort } from '../models/interface.js';
import { registerOwner } from './abort-watch.js';

export class LazyAbort implements RunAbort {
  #aborted = false;
  #reason: unknown = undefined;
  #controller: AbortController | undefined;
  // An array, not a Set: a run's list goes from 0 to 1 callback and back on every model call, and
  // a Set reallocates its table on that add and delete (about 160 B per call).
  #callbacks: Array<() => void> | undefined;

  /** Whether the run was aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why the run was aborted (what `abort()` was given); undefined while it is not. */
  get reason(): unknown {
    return this.#reason;
  }

  /** A standard signal that aborts with the run (for tools, hooks and third-party models), made on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
      else registerOwner(this.#controller.signal, this);
    }
    return this.#controller.signal;
  }

  /** Abort once: the signal (if made) first, then the registered callbacks. Later calls do nothing. */
  abort(reason: unknown = abortReason()): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return;
    this.#callbacks = undefined;
    // A copy: a callback may detach others (they are then not called, as with a Set).
    for (const callback of callbacks.slice()) if (callbacks.includes(callback)) callback();
  }

  /** Call `callback` once when the run aborts; returns the function that detaches it. */
  onAbort(callback: () => void): () => void {
    const callbacks = (this.#callbacks ??= []);
    callbacks.push(callback);
    return () => {
      const at = callbacks.lastIndexOf(callback);
      // The usual case, the newest callback leaving, allocates nothing (splice returns an array).
      if (at === callbacks.length - 1) callbacks.pop();
      else if (at !== -1) callbacks.splice(at, 1);
    };
  }

  /** Throw the abort's reason if the run was aborted. */
  throwIfAborted(): void {
    if (this.#aborted) throw this.#reason;
  }
}

/** The reason `AbortController.abort()` gives when called without one. */
function abortReason(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}
