import http from 'node:http';
import https from 'node:https';
import { ModelBehaviorError, ModelHttpError, UserError } from '../../errors/index.js';
import { abortError } from './abort-error.js';
import { watchAbort } from './abort-watch.js';
import { getDefaultOpenAIKey } from './defaults.js';
import { iterateSse, type SseMessage } from './sse.js';
import type { ModelTransport, TransportRequest } from './transport.js';

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
  /** Socket idle timeout in ms; a silent connection then fails. Default 600000 (10 minutes). */
  timeoutMs?: number;
  /** Connection pool. Default: a keep-alive agent shared by all transports of this process. */
  agent?: http.Agent;
}

interface Target {
  baseURL: string;
  request: typeof http.request;
  hostname: string;
  port: string;
  pathPrefix: string;
  agent: http.Agent;
}

interface Exchange {
  res: http.IncomingMessage;
  url: string;
  /** Detach the abort listener once the exchange is over. */
  release: () => void;
}

let sharedHttpAgent: http.Agent | undefined;
let sharedHttpsAgent: https.Agent | undefined;

function sharedAgent(secure: boolean): http.Agent {
  if (secure) return (sharedHttpsAgent ??= new https.Agent({ keepAlive: true }));
  return (sharedHttpAgent ??= new http.Agent({ keepAlive: true }));
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

  async postJson(request: TransportRequest): Promise<unknown> {
    const { res, url, release } = await this.#start(request, 'application/json');
    try {
      const text = await readBody(res);
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) throw new ModelHttpError(status, text, url);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ModelBehaviorError(`Model API at ${url} returned invalid JSON: ${text.slice(0, 200)}`, { cause: error });
      }
    } catch (error) {
      throw request.signal?.aborted ? abortError(request.signal) : error;
    } finally {
      release();
    }
  }

  async *postStream(request: TransportRequest): AsyncGenerator<SseMessage, void, undefined> {
    const { res, url, release } = await this.#start(request, 'text/event-stream');
    try {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) throw new ModelHttpError(status, await readBody(res), url);
      // Decoded by the stream's native StringDecoder (split multi-byte characters included):
      // cheaper per chunk than the parser's TextDecoder, which then never runs.
      res.setEncoding('utf8');
      yield* iterateSse(res);
    } catch (error) {
      throw request.signal?.aborted ? abortError(request.signal) : error;
    } finally {
      release();
      // Stopped early (consumer break or error): the socket is mid-response and cannot be reused.
      if (!res.complete) res.destroy();
    }
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
      agent: this.#agent ?? sharedAgent(secure),
    };
    this.#target = target;
    return target;
  }

  #start(request: TransportRequest, accept: string): Promise<Exchange> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    let target: Target;
    let key: string | undefined;
    try {
      key = this.#apiKey ?? getDefaultOpenAIKey() ?? process.env.OPENAI_API_KEY;
      if (!key) {
        throw new UserError('No OpenAI API key: set the OPENAI_API_KEY environment variable, call setDefaultOpenAIKey(), or pass apiKey');
      }
      target = this.#resolveTarget();
    } catch (error) {
      return Promise.reject(error);
    }
    const payload = JSON.stringify(request.body);
    const path = target.pathPrefix + request.path;
    const url = `${target.baseURL.endsWith('/') ? target.baseURL.slice(0, -1) : target.baseURL}${request.path}`;
    const headers: http.OutgoingHttpHeaders = {
      ...this.#headers,
      ...request.headers,
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      accept,
    };
    const timeoutMs = this.#timeoutMs;
    return new Promise<Exchange>((resolve, reject) => {
      const req = target.request({
        method: 'POST',
        hostname: target.hostname,
        port: target.port,
        path,
        headers,
        agent: target.agent,
        timeout: timeoutMs,
      });
      let res: http.IncomingMessage | undefined;
      const onAbort = (): void => {
        const error = abortError(signal!);
        // Destroying the response makes a pending body read / stream iteration reject with `error`.
        if (res !== undefined) res.destroy(error);
        req.destroy(error);
      };
      const release = signal === undefined ? noop : watchAbort(signal, onAbort);
      req.on('error', (error) => {
        release();
        reject(signal?.aborted ? abortError(signal) : error);
      });
      req.on('timeout', () => req.destroy(new Error(`Model request to ${url} timed out after ${timeoutMs} ms of inactivity`)));
      req.on('response', (response) => {
        res = response;
        resolve({ res: response, url, release });
      });
      req.end(payload);
    });
  }
}

function noop(): void {}

/** Read a whole body as UTF-8, decoding once; rejects if the connection ends early. */
function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => {
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('Model API connection closed before the response ended'));
    });
  });
}
