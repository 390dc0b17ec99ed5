import { AgentsException } from './agents-exception.js';
import { redactHeaders, redactSecrets } from './redact.js';

/**
 * The model HTTP endpoint answered with an error status. `body` and `headers` are the server's,
 * with credentials (`Authorization` / `api-key` values, the API key) removed, as in the message.
 */
export class ModelHttpError extends AgentsException {
  /** The HTTP status, e.g. 429. */
  readonly status: number;
  /** The response body (redacted). */
  readonly body: string;
  /** The response headers, lower-case names (redacted). */
  readonly headers: Record<string, string>;

  constructor(status: number, body: string, url: string, headers?: Record<string, string | string[] | undefined>) {
    const clean = redactSecrets(body);
    super(`Model request to ${redactSecrets(url)} failed with HTTP ${status}: ${clean.slice(0, 500)}`);
    this.status = status;
    this.body = clean;
    this.headers = redactHeaders(headers);
  }

  /** The error's JSON form: name, message and the HTTP fields (no `runData`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, status: this.status, body: this.body, headers: this.headers };
  }
}

/**
 * The model API could not be reached or the connection failed (`code`, e.g. `ECONNRESET`,
 * `ECONNREFUSED`), including a response body or stream that ended early
 * (`ERR_STREAM_PREMATURE_CLOSE`). `cause` is the underlying Node error, if any.
 */
export class ModelConnectionError extends AgentsException {
  /** The system error code, e.g. `'ECONNRESET'`. */
  readonly code: string;

  constructor(message: string, options: { code: string; cause?: unknown }) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.code = options.code;
  }

  /** The error's JSON form: name, message and `code` (no `runData`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code };
  }
}

/**
 * A model call attempt took longer than allowed: `modelSettings.timeoutMs` (a blocking attempt
 * as a whole; a streamed one until its first event, then between events) or the transport's
 * socket inactivity timeout.
 */
export class ModelTimeoutError extends AgentsException {
  /** The limit that was exceeded, in ms. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(redactSecrets(message));
    this.timeoutMs = timeoutMs;
  }

  /** The error's JSON form: name, message and `timeoutMs` (no `runData`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, timeoutMs: this.timeoutMs };
  }
}

/** A cause whose message could carry a secret is replaced by a redacted copy (same name and code). */
function safeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redactSecrets(cause) : cause;
  const message = redactSecrets(cause.message);
  if (message === cause.message && (cause.stack === undefined || redactSecrets(cause.stack) === cause.stack)) return cause;
  const copy = new Error(message);
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}
