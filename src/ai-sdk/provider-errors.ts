import { AgentsException, ModelConnectionError, ModelHttpError } from '../errors/index.js';

/** The fields of the AI SDK's `APICallError` this adapter reads (matched by shape: no AI SDK import at run time). */
interface ApiCallErrorLike {
  name: string;
  message: string;
  url?: string;
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  cause?: unknown;
}

function isApiCallError(error: unknown): error is ApiCallErrorLike {
  return error instanceof Error && error.name === 'AI_APICallError';
}

/** The system error code (`ECONNREFUSED`, ...) somewhere down an error's `cause` chain. */
function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$|^UND_ERR/.test(code)) return code;
  }
  return undefined;
}

/**
 * A provider failure as agentrun's transport errors: an HTTP error status → `ModelHttpError`
 * (status, body, headers); a request that never got a response → `ModelConnectionError` (the
 * system `code`, e.g. `ECONNREFUSED`). agentrun's own errors and aborts pass through unchanged,
 * as does anything else the model throws.
 */
export function toAgentrunError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (error instanceof AgentsException || signal?.aborted === true) return error;
  if (isApiCallError(error)) {
    const url = error.url ?? 'the AI SDK model';
    if (typeof error.statusCode === 'number') {
      return new ModelHttpError(error.statusCode, error.responseBody ?? error.message, url, error.responseHeaders);
    }
    return new ModelConnectionError(`AI SDK model request to ${url} failed: ${error.message}`, { code: systemCode(error) ?? 'ECONNRESET', cause: error });
  }
  const code = systemCode(error);
  if (code !== undefined && error instanceof Error) {
    return new ModelConnectionError(`AI SDK model request failed: ${error.message}`, { code, cause: error });
  }
  return error;
}
