import { AgentsException } from '../errors/index.js';

/**
 * A stored item could not be read back: invalid JSON, or not an item object. Names the backend and
 * the session so the bad row can be found; the raw parse error, if any, is the `cause`.
 */
export class SessionCorruptError extends AgentsException {
  readonly backend: string;
  readonly sessionId: string;
  constructor(options: { backend: string; sessionId: string; detail: string; cause?: unknown }) {
    super(
      `${options.backend}: session ${JSON.stringify(options.sessionId)} holds a corrupt item (${options.detail})`,
      { cause: options.cause },
    );
    this.backend = options.backend;
    this.sessionId = options.sessionId;
  }
}

/**
 * The session's database could not be reached or opened (refused, unknown host, timed out, bad
 * credentials, unopenable file). `host` is the host:port (or file path) tried, never credentials.
 */
export class SessionConnectionError extends AgentsException {
  readonly backend: string;
  readonly host: string;
  constructor(options: { backend: string; host: string; detail: string; cause?: unknown }) {
    super(`${options.backend}: cannot reach the database at ${options.host}: ${options.detail}`, {
      cause: options.cause,
    });
    this.backend = options.backend;
    this.host = options.host;
  }
}
