import { AgentsException } from '../../errors/agents-exception.js';
import { ModelConnectionError, ModelTimeoutError } from '../../errors/model-errors.js';
import { SocketInactivityError } from './keep-alive-agent.js';

/** The code of a response body or stream that ended before it was complete. */
export const PREMATURE_CLOSE = 'ERR_STREAM_PREMATURE_CLOSE';

/** A ModelConnectionError for a body or stream that ended early. */
export function prematureClose(url: string): ModelConnectionError {
  return new ModelConnectionError(`Model API connection to ${url} closed before the response ended`, { code: PREMATURE_CLOSE });
}

/**
 * A network failure of a model request as agentrun's typed error: an inactive socket is a
 * ModelTimeoutError, a Node system error (`ECONNRESET`, `socket hang up`, `aborted`, ...) a
 * ModelConnectionError with its code. agentrun's own errors are returned as they are.
 */
export function toTransportError(error: unknown, url: string): unknown {
  if (error instanceof AgentsException) return error;
  if (error instanceof SocketInactivityError) {
    return new ModelTimeoutError(`Model request to ${url} timed out after ${error.timeoutMs} ms of inactivity`, error.timeoutMs);
  }
  if (!(error instanceof Error)) return error;
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : error.message === 'aborted' ? 'ECONNRESET' : 'ERR_CONNECTION';
  // Node's "aborted" is the server dropping the connection mid-response, not a user abort.
  const what = error.message === 'aborted' ? 'connection reset by the server during the response' : error.message;
  return new ModelConnectionError(`Model request to ${url} failed: ${what} (${code})`, { code, cause: error });
}
