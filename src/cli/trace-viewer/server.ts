import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { LocalTraceStore } from '../../tracing/local/store.js';
import { UserError } from '../../errors/index.js';
import { renderViewerPage } from './page.js';

/** Options for `startTraceViewer()`. */
export interface TraceViewerOptions {
  /** The SQLite trace database written by `LocalTraceProcessor`. */
  dbPath: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
}

/** A running viewer. */
export interface TraceViewer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

// The page only shows recorded data; it needs no outside resources and may not load any.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!.toLowerCase();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  const value = raw === null ? fallback : Number(raw);
  return Number.isInteger(value) && value >= 0 ? Math.min(value, max) : fallback;
}

/** Serves the trace viewer page and its JSON API (`/api/traces`, `/api/traces/:id`) for one database. */
export function createTraceViewerHandler(options: { store: LocalTraceStore }): (req: IncomingMessage, res: ServerResponse) => void {
  const { store } = options;
  const page = renderViewerPage({ dbPath: store.path });
  return (req, res) => {
    // DNS rebinding: a web page on some other site could resolve its own name to 127.0.0.1 and read
    // the traces (model inputs and outputs). Only answer requests addressed to the loopback names.
    if (!LOOPBACK_HOSTS.has(hostnameOf(req.headers.host))) return sendJson(res, 403, { error: 'forbidden host' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    try {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, PAGE_HEADERS);
        res.end(page);
        return;
      }
      if (url.pathname === '/api/traces') {
        const data = store.listTraces({ limit: intParam(url, 'limit', 200, 1000), offset: intParam(url, 'offset', 0, Number.MAX_SAFE_INTEGER) });
        return sendJson(res, 200, { data });
      }
      const match = /^\/api\/traces\/([^/]+)$/.exec(url.pathname);
      if (match) {
        const found = store.getTrace(decodeURIComponent(match[1]!));
        return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: `no trace ${decodeURIComponent(match[1]!)}` });
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      sendJson(res, 404, { error: `not found: ${url.pathname}` });
    } catch (error) {
      sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

/**
 * Opens `dbPath` read-only and serves the viewer on 127.0.0.1. A missing database is a `UserError`
 * that says how to record one.
 */
export async function startTraceViewer(options: TraceViewerOptions): Promise<TraceViewer> {
  if (!existsSync(options.dbPath)) {
    throw new UserError(
      `No trace database at ${options.dbPath}. Record runs with AGENTRUN_TRACES=local ` +
        `(or addTraceProcessor(new LocalTraceProcessor())), or pass --db <path>.`,
    );
  }
  const store = new LocalTraceStore({ path: options.dbPath, readonly: true });
  const server = createServer(createTraceViewerHandler({ store }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}
