import type { RunAbort } from '../models/interface.js';
import { watchAbort } from './abort-watch.js';

/**
 * How a model or transport request is aborted, read without making the run's signal: a request
 * the run built carries the run's abort (`abort`), any other has at most a `signal`.
 */
type Abortable = { signal?: AbortSignal; abort?: RunAbort };

/**
 * @internal The run's abort to listen to, unless the request object itself was given a signal (a
 * copy `{ ...request, signal }`): that one wins. The run's requests have their `signal` on the
 * prototype (made on first read), so this never makes it.
 */
export function runAbortOf(request: Abortable): RunAbort | undefined {
  const abort = request.abort;
  if (abort === undefined) return undefined;
  return Object.hasOwn(request, 'signal') && request.signal !== undefined ? undefined : abort;
}

/** Whether the request's run (or, for a request built elsewhere, its signal) was aborted. */
export function isRequestAborted(request: Abortable): boolean {
  const abort = runAbortOf(request);
  return abort !== undefined ? abort.aborted : request.signal?.aborted === true;
}

/** Why the request was aborted (undefined while it is not). */
export function requestAbortReason(request: Abortable): unknown {
  const abort = runAbortOf(request);
  return abort !== undefined ? abort.reason : request.signal?.reason;
}

/** Call `callback` once when the request is aborted; returns the function that detaches it. */
export function onRequestAbort(request: Abortable, callback: () => void): () => void {
  const abort = runAbortOf(request);
  if (abort !== undefined) return abort.onAbort(callback);
  return request.signal !== undefined ? watchAbort(request.signal, callback) : noop;
}

function noop(): void {}
