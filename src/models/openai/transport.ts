import { ABORT_SOURCE, abortSourceOf, type LazyAbort } from '../../utils/lazy-abort.js';
import { feed } from '../../utils/feed.js';
import { CACHE_INPUT_JSON, inputJsonCacheOf, type InputJsonCache } from '../../utils/input-json-cache.js';
import type { ModelRequest } from '../interface.js';
import type { SseMessage } from './sse.js';
import type { SseHandler } from './sse-push.js';

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
 * with keep-alive); `OpenAIClientTransport` goes through a user-supplied `openai` client.
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


/** A transport request carrying the run's abort; `signal` is made only if a transport reads it. */
class RunTransportRequest implements TransportRequest {
  path: string;
  body: Record<string, unknown>;
  [ABORT_SOURCE]: LazyAbort;
  [CACHE_INPUT_JSON]: InputJsonCache | undefined;

  constructor(path: string, body: Record<string, unknown>, abort: LazyAbort, inputJson: InputJsonCache | undefined) {
    this.path = path;
    this.body = body;
    this[ABORT_SOURCE] = abort;
    this[CACHE_INPUT_JSON] = inputJson;
  }

  get signal(): AbortSignal {
    return this[ABORT_SOURCE].signal;
  }
}

/** @internal The transport request for a model request, passing its abort on (lazily for a run's request). */
export function transportRequestFor(request: ModelRequest, path: string, body: Record<string, unknown>): TransportRequest {
  const source = abortSourceOf(request);
  if (source === undefined) return { path, body, signal: request.signal };
  return new RunTransportRequest(path, body, source, inputJsonCacheOf(request));
}

/**
 * @internal A transport that can also push a stream's events to a handler as they arrive (the
 * built-in one): fewer promise hops per event than iterating `postStream`. Models use it when present.
 */
export const STREAM_PUSH: unique symbol = Symbol('agentrun.streamPush');

/** @internal */
export interface PushStreamTransport {
  [STREAM_PUSH](request: TransportRequest, onMessage: SseHandler): Promise<void>;
}

/** @internal Stream `request` to `onMessage`: pushed when the transport can, else by iterating `postStream`. */
export function streamMessages(transport: ModelTransport, request: TransportRequest, onMessage: SseHandler): Promise<void> {
  const push = (transport as Partial<PushStreamTransport>)[STREAM_PUSH];
  // Not async, for the same reason as streamEvents (models/stream-events.ts).
  if (typeof push === 'function') return push.call(transport, request, onMessage);
  return feed(() => transport.postStream(request), onMessage);
}
