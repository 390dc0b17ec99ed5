import type { SseMessage } from './sse.js';

/** One POST to the model API. */
export interface TransportRequest {
  /** Path under the base URL, e.g. `/responses` or `/chat/completions`. */
  path: string;
  /** JSON request body; serialized once by the transport. */
  body: Record<string, unknown>;
  /** Aborts the request or stream; the promise / iteration then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/**
 * How a model reaches its HTTP API. The default is {@link NodeHttpTransport} (lean `node:http`
 * with keep-alive); {@link OpenAIClientTransport} goes through a user-supplied `openai` client.
 * Implementations reject non-2xx answers with `ModelHttpError` and never hang on network errors.
 */
export interface ModelTransport {
  /** POST `body` and resolve with the parsed JSON answer. */
  postJson(request: TransportRequest): Promise<unknown>;
  /**
   * POST `body` (which the caller marks `stream: true`) and yield the server-sent events as they
   * arrive. A `[DONE]` event, if the server sends one, is yielded last.
   */
  postStream(request: TransportRequest): AsyncIterable<SseMessage>;
}
