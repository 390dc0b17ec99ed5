import { ABORT_SOURCE, abortSourceOf, type LazyAbort } from '../../utils/lazy-abort.js';
import { feed } from '../../utils/feed.js';
import { CACHE_INPUT_JSON, inputJsonCacheOf, type InputJsonCache } from '../../utils/input-json-cache.js';
import type { ModelRequest } from '../interface.js';
import type { ModelRetrySettings } from '../retry-policies.js';
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
  /** `modelSettings.retry` of the call: how the built-in transport retries it (others may ignore it). */
  retry?: ModelRetrySettings;
  /** `modelSettings.timeoutMs` of the call: the per-attempt limit (→ `ModelTimeoutError`). */
  timeoutMs?: number;
  /** Where a transport that retried writes how many HTTP attempts the call took (the model request). */
  report?: { attempts?: number };
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
  report: ModelRequest;

  constructor(path: string, body: Record<string, unknown>, abort: LazyAbort, request: ModelRequest) {
    this.path = path;
    this.body = body;
    this[ABORT_SOURCE] = abort;
    this[CACHE_INPUT_JSON] = inputJsonCacheOf(request);
    this.report = request;
  }

  get signal(): AbortSignal {
    return this[ABORT_SOURCE].signal;
  }

  get retry(): ModelRetrySettings | undefined {
    return this.report.modelSettings.retry;
  }

  get timeoutMs(): number | undefined {
    return this.report.modelSettings.timeoutMs;
  }
}

/** @internal The transport request for a model request, passing its abort on (lazily for a run's request). */
export function transportRequestFor(request: ModelRequest, path: string, body: Record<string, unknown>): TransportRequest {
  const source = abortSourceOf(request);
  if (source === undefined) {
    const settings = request.modelSettings;
    return { path, body, signal: request.signal, retry: settings?.retry, timeoutMs: settings?.timeoutMs, report: request };
  }
  return new RunTransportRequest(path, body, source, request);
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
