import { ModelBehaviorError } from '../../errors/index.js';
import { redactSecrets } from '../../errors/redact.js';
import type { SseMessage } from './sse.js';

/** Parse one SSE event's data as a JSON object, or throw `ModelBehaviorError` quoting the bad data. */
export function parseEventJson(message: SseMessage, api: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch (error) {
    // No cause (the parser quotes the data); the quote is redacted: a server may echo credentials.
    throw new ModelBehaviorError(`${api} stream sent malformed JSON in a data line: ${redactSecrets(message.data.slice(0, 200))}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelBehaviorError(`${api} stream sent a data line that is not a JSON object: ${redactSecrets(message.data.slice(0, 200))}`);
  }
  return value as Record<string, unknown>;
}

/** The server's message from an `error` payload (`{message}` or `{error: {message}}`), or a fallback. */
export function errorMessageOf(value: unknown, fallback: string): string {
  if (value !== null && typeof value === 'object') {
    const { message, error, code } = value as { message?: unknown; error?: unknown; code?: unknown };
    // Server text, redacted: error events and bodies may echo the request's credentials.
    if (typeof message === 'string' && message.length > 0) return redactSecrets(typeof code === 'string' ? `${message} (${code})` : message);
    if (error !== undefined && error !== null) return errorMessageOf(error, fallback);
  }
  return fallback;
}
