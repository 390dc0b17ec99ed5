/**
 * The error a model request rejects with when its `AbortSignal` fires: the signal's own reason
 * when that is already an `AbortError` (the default `DOMException`), otherwise a new `Error` named
 * `'AbortError'` carrying the reason as `cause`, so callers can test `err.name === 'AbortError'`.
 */
export function abortError(signal: AbortSignal): Error {
  return abortErrorFor(signal.reason);
}

/** {@link abortError} for an abort `reason` (a run's, whose signal may never have been made). */
export function abortErrorFor(reason: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The model request was aborted', { cause: reason });
  error.name = 'AbortError';
  return error;
}
