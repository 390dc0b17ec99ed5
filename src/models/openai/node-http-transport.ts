import http from 'node:http';
import https from 'node:https';
import { ModelBehaviorError, ModelHttpError, ModelTimeoutError, UserError } from '../../errors/index.js';
import { redactSecrets, registerSecret } from '../../errors/redact.js';
import { abortErrorFor } from './abort-error.js';
import { AttemptTimer, attemptTimeoutOf } from './attempt-timer.js';
import { retryAfterFailure, RetryState } from './retry.js';
import { prematureClose, toTransportError } from './transport-errors.js';
import { isRequestAborted, onRequestAbort, requestAbortReason } from '../../utils/request-abort.js';
import { serializeRunBody } from './wire-json.js';
import { getDefaultOpenAIKey } from './defaults.js';
import { iterateSse, type SseMessage } from './sse.js';
import type { ModelTransport, TransportRequest } from './transport.js';
import { pushSse, type SseHandler } from './sse-push.js';
import { keepAliveAgent } from './keep-alive-agent.js';

/** The base URL used when neither the `baseURL` option nor `OPENAI_BASE_URL` is set. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Options of {@link NodeHttpTransport}. */
export interface NodeHttpTransportOptions {
  /** API key. Default: `setDefaultOpenAIKey(...)`, else `OPENAI_API_KEY`, read at each request. */
  apiKey?: string;
  /** Base URL. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`, read at each request. */
  baseURL?: string;
  /** Headers added to every request (e.g. `OpenAI-Organization`). */
  headers?: Record<string, string>;
  /** Socket idle timeout in ms; a connection silent that long fails the request. Default 600000 (10 minutes); 0: none. */
  timeoutMs?: number;
  /**
   * Connection pool. Default: a keep-alive agent shared by the transports of this process with the
   * same `timeoutMs`, whose sockets carry the inactivity timer (cheaper than a timer per request).
   */
  agent?: http.Agent;
}

interface Target {
  baseURL: string;
  request: typeof http.request;
  hostname: string;
  port: string;
  pathPrefix: string;
  /** The base URL without a trailing slash, for error messages. */
  urlPrefix: string;
  agent: http.Agent;
  /** The agent's sockets carry the inactivity timeout; no per-request timer. */
  socketTimeout: boolean;
}

interface ExchangeHandlers {
  /** `release` detaches the abort listener and clears `timer` once the exchange is over. */
  onResponse(res: http.IncomingMessage, url: string, release: () => void, timer: AttemptTimer | undefined): void;
  /** Failed before a response; `stale`: on a reused keep-alive socket (the server never answered). */
  onError(error: unknown, stale: boolean): void;
}

/** A pushed stream call: what every attempt needs. */
interface PushCall {
  request: TransportRequest;
  onMessage: SseHandler;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Exchange {
  res: http.IncomingMessage;
  url: string;
  release: () => void;
  timer: AttemptTimer | undefined;
}

/**
 * The default {@link ModelTransport}: `node:http` / `node:https` with a keep-alive agent, no
 * `fetch` layer. The body is serialized once; responses are read as Buffer chunks and decoded
 * once (JSON) or incrementally (SSE). Key and base URL are resolved per request, so tests and
 * scripted servers may set `OPENAI_API_KEY` / `OPENAI_BASE_URL` after the transport was created.
 */
export class NodeHttpTransport implements ModelTransport {
  readonly #apiKey: string | undefined;
  readonly #baseURL: string | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #timeoutMs: number;
  readonly #agent: http.Agent | undefined;
  #target: Target | undefined;

  constructor(options: NodeHttpTransportOptions = {}) {
    this.#apiKey = options.apiKey;
    this.#baseURL = options.baseURL;
    this.#headers = options.headers;
    this.#timeoutMs = options.timeoutMs ?? 600_000;
    this.#agent = options.agent;
  }

  postJson(request: TransportRequest): Promise<unknown> {
    // One promise for the whole call (attempts, body, parse): this sits on every model call.
    return new Promise((resolve, reject) => this.#json(request, resolve, reject, undefined));
  }

  /** One attempt of a blocking call; retry bookkeeping exists from the first failure on only. */
  #json(request: TransportRequest, resolve: (value: unknown) => void, reject: (error: unknown) => void, state: RetryState | undefined): void {
    const failed = (error: unknown, stale: boolean): void => {
      const retry = state ?? new RetryState();
      retryAfterFailure(request, retry, { error, streamStarted: false, stale })
        .then((again) => (again ? this.#json(request, resolve, reject, retry) : reject(error)), reject);
    };
    this.#send(request, 'application/json', {
      onResponse: (res, url, release) => {
        readBody(res, url, (text) => {
          release();
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return failed(new ModelHttpError(status, text, url, res.headers), false);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            // No cause: the parser's message quotes the body, which may echo credentials.
            return reject(new ModelBehaviorError(`Model API at ${url} returned invalid JSON: ${redactSecrets(text.slice(0, 200))}`));
          }
          resolve(parsed);
        }, (error) => {
          release();
          const aborted = abortedError(request);
          if (aborted) reject(aborted);
          else failed(toTransportError(error, url), false);
        });
      },
      onError: failed,
    });
  }

  async *postStream(request: TransportRequest): AsyncGenerator<SseMessage, void, undefined> {
    let state: RetryState | undefined;
    for (;;) {
      let started = false;
      let failure: unknown;
      let stale = false;
      let exchange: Exchange | undefined;
      try {
        exchange = await new Promise<Exchange>((resolve, reject) => {
          this.#send(request, 'text/event-stream', {
            onResponse: (res, url, release, timer) => resolve({ res, url, release, timer }),
            onError: (error, onStale) => {
              stale = onStale;
              reject(error);
            },
          });
        });
        const { res, url, timer } = exchange;
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const text = await new Promise<string>((resolve, reject) => readBody(res, url, resolve, reject));
          throw new ModelHttpError(status, text, url, res.headers);
        }
        // Decoded by the stream's native StringDecoder (split multi-byte characters included):
        // cheaper per chunk than the parser's TextDecoder, which then never runs.
        res.setEncoding('utf8');
        for await (const message of iterateSse(res)) {
          started = true;
          // The consumer's time between events is not the server's.
          timer?.pause();
          yield message;
          timer?.resume();
        }
        if (!res.complete) throw prematureClose(url);
        return;
      } catch (error) {
        failure = abortedError(request) ?? (exchange === undefined ? error : toTransportError(error, exchange.url));
      } finally {
        if (exchange !== undefined) {
          exchange.release();
          // Stopped early (consumer break or error): the socket is mid-response and cannot be reused.
          if (!exchange.res.complete) exchange.res.destroy();
        }
      }
      if (!(await retryAfterFailure(request, (state ??= new RetryState()), { error: failure, streamStarted: started, stale }))) throw failure;
    }
  }

  /** `postStream`'s events pushed to `onMessage` as they arrive, straight from the socket's data events (see `ModelTransport.postStreamTo`). */
  postStreamTo(request: TransportRequest, onMessage: SseHandler): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#push({ request, onMessage, resolve, reject }, undefined));
  }

  /** One attempt of a pushed stream; retry bookkeeping exists from the first failure on only. */
  #push(call: PushCall, state: RetryState | undefined): void {
    const { request, onMessage, resolve, reject } = call;
    const failed = (error: unknown, streamStarted: boolean, stale: boolean): void => {
      const retry = state ?? new RetryState();
      retryAfterFailure(request, retry, { error, streamStarted, stale })
        .then((again) => (again ? this.#push(call, retry) : reject(error)), reject);
    };
    this.#send(request, 'text/event-stream', {
      onResponse: (res, url, release, timer) => {
        let started = false;
        let handlerError: unknown;
        const fail = (error: unknown): void => {
          release();
          // Stopped mid-response (a handler's error, an abort): the socket cannot be reused.
          if (!res.complete) res.destroy();
          const aborted = abortedError(request);
          if (aborted) reject(aborted);
          else if (started && error === handlerError) reject(error);
          else failed(toTransportError(error, url), started, false);
        };
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          readBody(res, url, (text) => fail(new ModelHttpError(status, text, url, res.headers)), fail);
          return;
        }
        // Decoded by the stream's native StringDecoder (split multi-byte characters included).
        res.setEncoding('utf8');
        // Knows whether an event reached the run (a stream is never replayed then), which
        // errors are the handler's own, and keeps the per-event timeout going.
        const handler: SseHandler = (message) => {
          started = true;
          let pending: void | Promise<void>;
          try {
            pending = onMessage(message);
          } catch (error) {
            handlerError = error;
            throw error;
          }
          if (!(pending instanceof Promise)) {
            timer?.touch();
            return pending;
          }
          timer?.pause();
          return pending.then(timer === undefined ? undefined : () => timer.resume(), (error: unknown) => {
            handlerError = error;
            throw error;
          });
        };
        pushSse(res, handler, url).then(() => {
          release();
          resolve();
        }, fail);
      },
      onError: (error, stale) => failed(error, false, stale),
    });
  }

  #resolveTarget(): Target {
    const baseURL = this.#baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL;
    const cached = this.#target;
    if (cached !== undefined && cached.baseURL === baseURL) return cached;
    let url: URL;
    try {
      url = new URL(baseURL);
    } catch {
      throw new UserError(`Invalid OpenAI base URL ${JSON.stringify(baseURL)} (from the baseURL option or OPENAI_BASE_URL)`);
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw new UserError(`OpenAI base URL must be http(s), got ${JSON.stringify(baseURL)}`);
    const target: Target = {
      baseURL,
      request: secure ? https.request : http.request,
      // URL keeps IPv6 brackets; http.request wants the bare address.
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port,
      pathPrefix: url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname,
      urlPrefix: baseURL.endsWith('/') ? baseURL.slice(0, -1) : baseURL,
      agent: this.#agent ?? keepAliveAgent(secure, this.#timeoutMs),
      socketTimeout: this.#agent === undefined,
    };
    this.#target = target;
    return target;
  }

  /** Send the request; exactly one of `onResponse` / `onError` is called. Silence for `timeoutMs` fails it. */
  #send(request: TransportRequest, accept: string, handlers: ExchangeHandlers): void {
    const already = abortedError(request);
    if (already) return handlers.onError(already, false);
    let target: Target;
    let key: string | undefined;
    let payload: string;
    try {
      key = this.#apiKey ?? getDefaultOpenAIKey() ?? process.env.OPENAI_API_KEY;
      if (!key) {
        throw new UserError('No OpenAI API key: set the OPENAI_API_KEY environment variable, call setDefaultOpenAIKey(), or pass apiKey');
      }
      registerSecret(key);
      target = this.#resolveTarget();
      // A run's own history: each item serialized once per run, not once per call.
      const cache = request.inputJson;
      payload = cache !== undefined ? serializeRunBody(request.body, cache) : JSON.stringify(request.body);
    } catch (error) {
      return handlers.onError(error, false);
    }
    const url = target.urlPrefix + request.path;
    const own: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      accept,
    };
    // Without extra headers, a plain literal: V8 clones it from a boilerplate. With them,
    // Object.assign: a spread followed by more properties gives every copy a map of its own.
    const headers = this.#headers === undefined && request.headers === undefined ? own : Object.assign({}, this.#headers, request.headers, own);
    const timeoutMs = this.#timeoutMs;
    const requestTimeout = timeoutMs > 0 && !target.socketTimeout;
    const req = target.request({
      method: 'POST',
      hostname: target.hostname,
      port: target.port,
      path: target.pathPrefix + request.path,
      headers,
      agent: target.agent,
      timeout: requestTimeout ? timeoutMs : undefined,
    });
    let res: http.IncomingMessage | undefined;
    const fail = (error: Error): void => {
      // Destroying the response makes a pending body read / stream iteration fail with `error`.
      if (res !== undefined) res.destroy(error);
      req.destroy(error);
    };
    // A run's request carries its abort: listen there, and no AbortSignal is ever made for it.
    const detach = onRequestAbort(request, () => fail(abortedError(request)!));
    // modelSettings.timeoutMs: a timer only for calls that set it.
    const limit = attemptTimeoutOf(request.timeoutMs);
    const timer = limit === undefined ? undefined : new AttemptTimer(url, limit, fail);
    const release = timer === undefined ? detach : (): void => {
      timer.clear();
      detach();
    };
    req.on('error', (error) => {
      release();
      const failure = abortedError(request) ?? toTransportError(error, url);
      // After the response arrived, the body reader / stream fails through the response.
      if (res === undefined) handlers.onError(failure, req.reusedSocket && !(failure instanceof ModelTimeoutError));
      else res.destroy(failure as Error);
    });
    // A user's agent: the request's own inactivity timer. The response too fails with this error, not a bare reset.
    if (requestTimeout) req.on('timeout', () => fail(timedOut(url, timeoutMs)));
    req.on('response', (response) => {
      res = response;
      handlers.onResponse(response, url, release, timer);
    });
    req.end(payload);
  }
}

/** The AbortError to fail with if the request's run or signal was aborted, else undefined. */
function abortedError(request: TransportRequest): Error | undefined {
  return isRequestAborted(request) ? abortErrorFor(requestAbortReason(request)) : undefined;
}

function timedOut(url: string, timeoutMs: number): ModelTimeoutError {
  return new ModelTimeoutError(`Model request to ${url} timed out after ${timeoutMs} ms of inactivity`, timeoutMs);
}

/** Read a whole body as UTF-8, decoding once; fails if the connection ends early. */
function readBody(res: http.IncomingMessage, url: string, onText: (text: string) => void, onError: (error: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => {
    if (settled) return;
    settled = true;
    onText(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
  });
  const fail = (error: unknown): void => {
    if (settled) return;
    settled = true;
    onError(error);
  };
  res.on('error', fail);
  res.on('close', () => {
    if (!res.complete) fail(prematureClose(url));
  });
}
