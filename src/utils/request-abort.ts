import { watchAbort } from './abort-watch.js';
import { abortSourceOf } from './lazy-abort.js';

/**
 * How a model or transport request is aborted, read without making the run's signal: a request
 * agentrun built carries its run's abort (ABORT_SOURCE), any other has at most a `signal`.
 */
type Abortable = { signal?: AbortSignal };

/** Whether the request's run (or, for a request built elsewhere, its signal) was aborted. */
export function isRequestAborted(request: Abortable): boolean {
  const source = abortSourceOf(request);
  return source !== undefined ? source.aborted : request.signal?.aborted === true;
}

/** Why the request was aborted (undefined while it is not). */
export function requestAbortReason(request: Abortable): unknown {
  const source = abortSourceOf(request);
  return source !== undefined ? source.reason : request.signal?.reason;
}

/** Call `callback` once when the request is aborted; returns the function that detaches it. */
export function onRequestAbort(request: Abortable, callback: () => void): () => void {
  const source = abortSourceOf(request);
  if (source !== undefined) return source.onAbort(callback);
  return request.signal !== undefined ? watchAbort(request.signal, callback) : noop;
}

function noop(): void {}
