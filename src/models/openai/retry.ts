import { AgentsException } from '../../errors/agents-exception.js';
import { ModelConnectionError, ModelHttpError, ModelTimeoutError } from '../../errors/model-errors.js';
import { isRequestAborted, onRequestAbort, requestAbortReason } from '../../utils/request-abort.js';
import { retryPolicies, type ModelRetryFailure } from '../retry-policies.js';
import { abortErrorFor } from './abort-error.js';
import type { TransportRequest } from './transport.js';

/** The defaults of `modelSettings.retry` (as the official `openai` client). */
export const RETRY_DEFAULTS = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000 } as const;

/** A server-requested delay longer than this is ignored in favour of the backoff. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Sends of a request that failed on a stale pooled socket before any response byte, per call. */
const MAX_STALE_RESENDS = 3;

/** One failed attempt, as the transport saw it. */
export interface AttemptFailure {
  error: unknown;
  /** An event of this response already reached the run. */
  streamStarted: boolean;
  /** It failed on a reused keep-alive socket before any response byte: the server never answered. */
  stale: boolean;
}

/** @internal The retry bookkeeping of one model call; made at its first failure only. */
export class RetryState {
  retries = 0;
  stale = 0;
  /** HTTP attempts made so far. */
  attempts = 1;
}

/**
 * @internal Decide whether the call is sent again after `failure`, and wait for it: resolves
 * true once the next attempt may start, false when `failure.error` is final. Rejects with the
 * run's abort error if the run is aborted (meanwhile or during the wait), or with a policy's error.
 */
export async function retryAfterFailure(request: TransportRequest, state: RetryState, failure: AttemptFailure): Promise<boolean> {
  if (isRequestAborted(request)) throw abortErrorFor(requestAbortReason(request));
  const { error } = failure;
  if (!isTransportError(error) || failure.streamStarted) return false;
  if (failure.stale && error instanceof ModelConnectionError && state.stale < MAX_STALE_RESENDS) {
    // Costs the user nothing: the request never reached a live server. Sent again at once.
    state.stale += 1;
    nextAttempt(request, state);
    return true;
  }
  const settings = request.retry;
  const maxRetries = settings?.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  if (!(state.retries < maxRetries)) return false;
  const attempt = state.retries + 1;
  const info: ModelRetryFailure = { error, attempt, streamStarted: false };
  if (error instanceof ModelHttpError) {
    info.status = error.status;
    info.headers = error.headers;
  }
  const policy = settings?.policy ?? retryPolicies.default;
  if (!(await policy(info))) return false;
  await waitForRetry(request, retryDelayMs(info, settings?.initialDelayMs, settings?.maxDelayMs));
  state.retries = attempt;
  nextAttempt(request, state);
  return true;
}

function nextAttempt(request: TransportRequest, state: RetryState): void {
  state.attempts += 1;
  if (request.report !== undefined) request.report.attempts = state.attempts;
}

function isTransportError(error: unknown): error is AgentsException {
  return error instanceof ModelHttpError || error instanceof ModelConnectionError || error instanceof ModelTimeoutError;
}

/**
 * The wait before retry `failure.attempt`: the server's `retry-after-ms` / `retry-after` (seconds
 * or an HTTP date) when at most 60 s, else `min(maxDelayMs, initialDelayMs * 2^(attempt-1))` less
 * up to 25% jitter.
 */
export function retryDelayMs(failure: ModelRetryFailure, initialDelayMs?: number, maxDelayMs?: number): number {
  const asked = retryAfterMs(failure.headers);
  if (asked !== undefined) return asked;
  const initial = initialDelayMs ?? RETRY_DEFAULTS.initialDelayMs;
  const max = maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const base = Math.min(max, initial * 2 ** (failure.attempt - 1));
  return Math.max(0, base * (1 - 0.25 * Math.random()));
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers['retry-after-ms'];
  if (ms !== undefined) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_AFTER_MS) return value;
  }
  const after = headers['retry-after'];
  if (after === undefined) return undefined;
  let value = Number(after) * 1000;
  if (!Number.isFinite(value)) {
    const date = Date.parse(after);
    if (Number.isNaN(date)) return undefined;
    value = Math.max(0, date - Date.now());
  }
  return value >= 0 && value <= MAX_RETRY_AFTER_MS ? value : undefined;
}

/** Wait `ms`; the run's abort (its signal, `cancel()`) ends the wait at once with its abort error. */
function waitForRetry(request: TransportRequest, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const detach = onRequestAbort(request, () => {
      clearTimeout(timer);
      reject(abortErrorFor(requestAbortReason(request)));
    });
    const timer = setTimeout(() => {
      detach();
      resolve();
    }, ms);
  });
}
