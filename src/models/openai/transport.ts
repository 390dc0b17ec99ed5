import { feed } from '../../utils/feed.js';
import { runAbortOf } from '../../utils/request-abort.js';
import type { InputJsonCache, ModelRequest, RunAbort } from '../interface.js';
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
  /**
   * The run's cancellation ({@link ModelRequest.abort}), the same one as `signal`: a transport may
   * listen here instead of making the signal. A `signal` set on the request object itself wins.
   */
  abort?: RunAbort;
  /**
   * The run's {@link ModelRequest.inputJson}, when `body.input` is the model request's input: a
   * transport may serialize `body.input` with it (it checks the items by identity).
   */
  inputJson?: InputJsonCache;
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
  /**
   * Optional fast path: the same as `postStream`, with each event pushed to `onMessage` as it
   * arrives instead of iterated (fewer promise hops per event). Models use it when present. Waits
   * for a promise `onMessage` returns before the next event; a throw or rejection of `onMessage`
   * ends the stream with that error. Resolves once the stream ended and every event was handled.
   */
  postStreamTo?(request: TransportRequest, onMessage: SseHandler): Promise<void>;
}


/** A transport request carrying the run's abort; `signal` is made only if a transport reads it. */
class RunTransportRequest implements TransportRequest {
  path: string;
  body: Record<string, unknown>;
  abort: RunAbort;
  inputJson: InputJsonCache | undefined;
  report: ModelRequest;

  constructor(path: string, body: Record<string, unknown>, abort: RunAbort, request: ModelRequest) {
    this.path = path;
    this.body = body;
    this.abort = abort;
    this.inputJson = request.inputJson;
    this.report = request;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get retry(): ModelRetrySettings | undefined {
    return this.report.modelSettings.retry;
  }

  get timeoutMs(): number | undefined {
    return this.report.modelSettings.timeoutMs;
  }
}

/**
 * @internal The transport request for a model request, passing its abort on: the run's, without
 * making its signal, unless the request has a signal of its own (then that one).
 */
export function transportRequestFor(request: ModelRequest, path: string, body: Record<string, unknown>): TransportRequest {
  const abort = runAbortOf(request);
  if (abort === undefined) {
    const settings = request.modelSettings;
    return { path, body, signal: request.signal, retry: settings?.retry, timeoutMs: settings?.timeoutMs, report: request, inputJson: request.inputJson };
  }
  return new RunTransportRequest(path, body, abort, request);
}

/** @internal Stream `request` to `onMessage`: pushed when the transport can, else by iterating `postStream`. */
export function streamMessages(transport: ModelTransport, request: TransportRequest, onMessage: SseHandler): Promise<void> {
  // Not async: an async function returning the push's promise would add a wrapper promise and two ticks per call.
  if (transport.postStreamTo !== undefined) return transport.postStreamTo(request, onMessage);
  return feed(() => transport.postStream(request), onMessage);
}
