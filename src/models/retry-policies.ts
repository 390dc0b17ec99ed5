import type { AgentsException } from '../errors/agents-exception.js';
import { ModelConnectionError, ModelHttpError, ModelTimeoutError } from '../errors/model-errors.js';

/** What a retry policy is asked about: one failed attempt of a model call. */
export interface ModelRetryFailure {
  /** The attempt's error (`ModelHttpError`, `ModelConnectionError`, `ModelTimeoutError`, ...). */
  error: AgentsException;
  /** The retry this would be: 1 for the first retry. */
  attempt: number;
  /** The HTTP status, for an HTTP error. */
  status?: number;
  /** The response headers (lower-case names, credentials redacted), for an HTTP error. */
  headers?: Record<string, string>;
  /** True when an event of this response already reached the run (a stream is never replayed then). */
  streamStarted: boolean;
}

/** Decides whether a failed model call attempt is retried. */
export type ModelRetryPolicy = (failure: ModelRetryFailure) => boolean | Promise<boolean>;

/** `modelSettings.retry`: how failed model calls are retried by the built-in transport. */
export interface ModelRetrySettings {
  /** Retries after the first attempt. Default 2 (as the official `openai` client); 0: never retry. */
  maxRetries?: number;
  /** The first backoff delay in ms, doubled each retry. Default 500. */
  initialDelayMs?: number;
  /** The longest backoff delay in ms. Default 8000. */
  maxDelayMs?: number;
  /** Whether to retry a failure. Default {@link retryPolicies}`.default`. */
  policy?: ModelRetryPolicy;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

function isNetworkError(error: unknown): boolean {
  return error instanceof ModelConnectionError || error instanceof ModelTimeoutError;
}

const defaultPolicy: ModelRetryPolicy = (failure) => {
  if (failure.streamStarted) return false;
  const shouldRetry = failure.headers?.['x-should-retry'];
  if (shouldRetry === 'false') return false;
  if (shouldRetry === 'true') return true;
  if (isNetworkError(failure.error)) return true;
  const status = failure.error instanceof ModelHttpError ? failure.error.status : failure.status;
  return status !== undefined && (RETRYABLE_STATUS.has(status) || status >= 500);
};

/**
 * Ready-made retry policies for `modelSettings.retry.policy`. A policy is only asked while
 * `maxRetries` allows another attempt.
 */
export const retryPolicies = {
  /**
   * The default: connection errors, timeouts, HTTP 408 / 409 / 429 / 5xx and an
   * `x-should-retry: true` header; never with `x-should-retry: false`, never once a stream's
   * events reached the run.
   */
  default: defaultPolicy,
  /** Never retry. */
  never: ((): boolean => false) as ModelRetryPolicy,
  /** Connection errors and timeouts only (not HTTP errors), while no stream event reached the run. */
  networkErrors: ((failure: ModelRetryFailure): boolean => !failure.streamStarted && isNetworkError(failure.error)) as ModelRetryPolicy,
  /** A policy retrying HTTP errors with one of `codes`, while no stream event reached the run. */
  httpStatus(codes: readonly number[]): ModelRetryPolicy {
    const set = new Set(codes);
    return (failure) => !failure.streamStarted && failure.status !== undefined && set.has(failure.status);
  },
  /** A policy retrying when any of `policies` does (asked in order; the first `true` wins). */
  any(...policies: ModelRetryPolicy[]): ModelRetryPolicy {
    return async (failure) => {
      for (const policy of policies) if (await policy(failure)) return true;
      return false;
    };
  },
} as const;
