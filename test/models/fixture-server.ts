// A tiny node:http server replaying recorded OpenAI wire fixtures, recording what it received.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelRequest } from '../../src/models/interface.js';

export const FIXTURE_DIR = '/work/shared/fixtures/openai-wire';

/** A fixture file's bytes. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURE_DIR, name));
}

/** How the server answers one request. */
export interface Reply {
  status?: number;
  contentType?: string;
  /** Written in these pieces (each flushed separately). */
  chunks?: Array<string | Buffer>;
  /** After writing the chunks: end normally (default), stay open forever, or destroy the socket. */
  then?: 'end' | 'hang' | 'destroy';
}

/** A fixture file as recorded: `.sse` as text/event-stream, `.json` as application/json. */
export function fixtureReply(name: string): Reply {
  return {
    contentType: name.endsWith('.sse') ? 'text/event-stream; charset=utf-8' : 'application/json',
    chunks: [fixtureBytes(name)],
  };
}

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  remotePort: number;
}

export interface FixtureServer {
  /** Base URL including `/v1`. */
  baseURL: string;
  received: Received[];
  enqueue(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const queue: Reply[] = [];
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : {}, remotePort: req.socket.remotePort ?? 0 });
      const reply = queue.shift() ?? { status: 599, chunks: ['no reply queued'] };
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'text/plain' });
      for (const chunk of reply.chunks ?? []) res.write(chunk);
      if (reply.then === 'hang') return;
      if (reply.then === 'destroy') {
        // Let the written bytes leave first, then cut the connection mid-body.
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    enqueue: (...replies) => queue.push(...replies),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A minimal ModelRequest; fields may be overridden. */
export function makeRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return { input: [{ role: 'user', content: 'hi' }], modelSettings: {}, tools: [], ...overrides };
}

/** Collect every event of a stream. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

/** The JSON payloads of a fixture's `data:` lines, parsed independently of agentrun's parser. */
export function fixturePayloads(name: string): unknown[] {
  return fixtureBytes(name)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as unknown);
}
