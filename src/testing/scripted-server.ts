import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors/index.js';
import { describe } from './prepare-response.js';
import { NO_RETRY, renderReply, type RenderedReply } from './server-replies.js';
import { closeIdleSockets } from './idle-closer.js';
import type {
  ScriptedApi, ScriptedServerEntry, ScriptedServerRequest, ScriptedServerResult,
} from './server-types.js';

/** Options of `startScriptedServer`. */
export interface ScriptedServerOptions {
  /** Initial queue; one entry per API request, in arrival order. */
  script?: readonly ScriptedServerEntry[];
  /** Answer used whenever the queue is empty (e.g. `echoResponder()`); without it an empty queue is HTTP 500. */
  fallback?: ScriptedServerEntry;
  /** Delay before each answer is written. */
  latencyMs?: number;
  /** Delay between stream events (0: the whole stream is written at once). */
  eventDelayMs?: number;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Keep `requests` (default true); turn off for long benchmarks. */
  recordRequests?: boolean;
  /**
   * Fault kit: close keep-alive connections idle this long, unannounced, as a proxy does (default:
   * kept 60 s). Clients that reuse a connection as it closes see a reset before any byte.
   */
  closeIdleSocketsAfterMs?: number;
}

/** A running scripted server. */
export interface ScriptedServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  readonly port: number;
  /** Every API request with a valid JSON body, in arrival order: `requests[k]` consumed the k-th entry. */
  readonly requests: ScriptedServerRequest[];
  /** Append entries to the queue. */
  push(...entries: ScriptedServerEntry[]): void;
  /** Entries left in the queue. */
  readonly remaining: number;
  /** Close all connections and stop listening. */
  close(): Promise<void>;
}

const ROUTES: Readonly<Record<string, ScriptedApi>> = { '/v1/responses': 'responses', '/v1/chat/completions': 'chat' };

/**
 * Start an OpenAI-compatible HTTP server on 127.0.0.1 that answers `POST /v1/responses` and
 * `POST /v1/chat/completions` from a queue of scripted replies, as JSON or (for `stream: true`)
 * as the real SSE event sequence. Each request takes the next entry; functions compute the
 * reply from the request body. An empty queue answers HTTP 500 naming the server.
 */
export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const latencyMs = checkDelay(options.latencyMs, 'latencyMs');
  const eventDelayMs = checkDelay(options.eventDelayMs, 'eventDelayMs');
  const record = options.recordRequests ?? true;
  const queue: ScriptedServerEntry[] = [];
  const requests: ScriptedServerRequest[] = [];
  let received = 0;
  let consumed = 0;

  const push = (...entries: ScriptedServerEntry[]): void => {
    for (const entry of entries) {
      if (entry === null || (typeof entry !== 'object' && typeof entry !== 'function')) {
        throw new UserError(`ScriptedServer: a script entry must be a reply, an HTTP error, an Error or a function, got ${describe(entry)}`);
      }
      queue.push(entry);
    }
  };
  push(...(options.script ?? []));

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    const path = pathOf(req.url);
    const api = req.method === 'POST' ? ROUTES[path] : undefined;
    if (api === undefined) {
      return sendError(res, 404, `ScriptedServer: no route for ${req.method} ${path} (serves POST /v1/responses and POST /v1/chat/completions)`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, `ScriptedServer: request body of POST ${path} is not valid JSON`);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(res, 400, `ScriptedServer: request body of POST ${path} must be a JSON object`);
    }
    const request: ScriptedServerRequest = { method: 'POST', path, headers: req.headers, body: body as Record<string, unknown> };
    if (record) requests.push(request);
    // Take the entry synchronously so replies follow arrival order even when functions are async.
    received += 1;
    const entry = queue.length > 0 ? queue.shift() : options.fallback;
    if (entry === undefined) {
      return sendError(res, 500, `ScriptedServer: no scripted reply left for POST ${path} (request #${received}; ${consumed} entries were served)`);
    }
    const label = `ScriptedServer entry #${consumed}`;
    consumed += 1;
    let result: ScriptedServerResult;
    try {
      result = typeof entry === 'function' ? await entry(request.body, { api, request }) : entry;
    } catch (error) {
      return sendError(res, 500, `${label} (a function) threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    let rendered: RenderedReply;
    try {
      rendered = renderReply({ result, api, body: request.body, label });
    } catch (error) {
      return sendError(res, 500, error instanceof Error ? error.message : String(error));
    }
    if (latencyMs > 0) await delay(latencyMs);
    await writeReply(res, rendered, eventDelayMs);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      handle(req, res, raw).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, `ScriptedServer: ${error instanceof Error ? error.message : String(error)}`);
        else res.destroy();
      });
    });
  });
  // Benchmarks reuse connections; keep idle ones open well beyond the default 5 s.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  const idleMs = options.closeIdleSocketsAfterMs === undefined ? undefined : checkDelay(options.closeIdleSocketsAfterMs, 'closeIdleSocketsAfterMs');
  if (idleMs !== undefined) closeIdleSockets(server, idleMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    push,
    get remaining() {
      return queue.length;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

async function writeReply(res: ServerResponse, reply: RenderedReply, serverEventDelayMs: number): Promise<void> {
  if (reply.delayBeforeHeadersMs) await delay(reply.delayBeforeHeadersMs);
  if (res.destroyed) return;
  if (reply.reset) {
    // A TCP RST, not a clean close: what a crashed upstream or a dropped connection looks like.
    const socket = res.socket;
    if (socket !== null && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else res.destroy();
    return;
  }
  const eventDelayMs = reply.eventDelayMs ?? serverEventDelayMs;
  res.writeHead(reply.status, reply.headers);
  const { frames, breakAfter } = reply;
  const cut = breakAfter !== undefined;
  const count = cut ? Math.min(breakAfter, frames.length) : frames.length;
  if (eventDelayMs === 0) {
    const text = count === frames.length ? frames.join('') : frames.slice(0, count).join('');
    if (cut) res.write(text, () => res.destroy());
    else res.end(text);
    return;
  }
  for (let i = 0; i < count; i++) {
    if (res.destroyed) return;
    res.write(frames[i]!);
    await delay(eventDelayMs);
  }
  if (cut) res.destroy();
  else res.end();
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'scripted_server_error', param: null, code: null } });
  // The server's own errors (no route, empty queue, a throwing function) are script bugs: not retryable.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...NO_RETRY });
  res.end(body);
}

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function checkDelay(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) throw new UserError(`ScriptedServer: ${name} must be a non-negative number, got ${describe(value)}`);
  return value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
