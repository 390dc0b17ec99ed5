// The built-in transport's push path for streams (postStreamTo): what runStreamed uses with the
// default transport. Same messages as postStream, in order, with backpressure, errors and aborts.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ModelHttpError } from '../../src/errors/index.js';
import { NodeHttpTransport } from '../../src/models/openai/node-http-transport.js';
import type { TransportRequest } from '../../src/models/openai/transport.js';
import type { SseMessage } from '../../src/models/openai/sse.js';
import { LazyAbort } from '../../src/utils/lazy-abort.js';
import { collect, fixtureReply, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const transport = (agent?: http.Agent) => new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL, agent });

test('push delivers the same messages as postStream, in order', async () => {
  const t = transport();
  server.enqueue(fixtureReply('responses-stream-reasoning-text-function-call.sse'), fixtureReply('responses-stream-reasoning-text-function-call.sse'));
  const iterated = await collect(t.postStream({ path: '/responses', body: {} }));
  const pushed: SseMessage[] = [];
  await t.postStreamTo({ path: '/responses', body: {} }, (m) => {
    pushed.push(m);
  });
  assert.ok(iterated.length > 3);
  assert.deepEqual(pushed, iterated);
});

test('a handler promise pauses delivery until it settles; events split over chunks arrive whole and in order', async () => {
  const t = transport();
  const frames = Array.from({ length: 20 }, (_, i) => `data: {"n":${i}}\n\n`).join('');
  // Cut the body at odd places, inside events.
  server.enqueue({ contentType: 'text/event-stream', chunks: [frames.slice(0, 7), frames.slice(7, 100), frames.slice(100, 101), frames.slice(101)] });
  const seen: number[] = [];
  let inHandler = 0;
  await t.postStreamTo({ path: '/responses', body: {} }, async (m) => {
    inHandler++;
    assert.equal(inHandler, 1, 'one handler at a time');
    await new Promise((r) => setTimeout(r, 1));
    seen.push((JSON.parse(m.data) as { n: number }).n);
    inHandler--;
  });
  assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i));
});

test('a handler that throws ends the stream with that error', async () => {
  const t = transport();
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"a":1}\n\n', 'data: {"a":2}\n\n'], then: 'hang' });
  const boom = new Error('handler failed');
  await assert.rejects(
    t.postStreamTo({ path: '/responses', body: {} }, () => {
      throw boom;
    }),
    (error) => error === boom,
  );
});

test('an HTTP error is a ModelHttpError; a cut connection rejects', async () => {
  const t = transport();
  server.enqueue({ status: 429, contentType: 'application/json', chunks: ['{"error":{"message":"slow down"}}'] });
  await assert.rejects(t.postStreamTo({ path: '/responses', body: {}, retry: { maxRetries: 0 } }, () => {}), (error: unknown) => error instanceof ModelHttpError && error.status === 429);
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"a":1}\n\n'], then: 'destroy' });
  const seen: SseMessage[] = [];
  await assert.rejects(t.postStreamTo({ path: '/responses', body: {} }, (m) => void seen.push(m)));
  assert.deepEqual(seen, [{ event: undefined, data: '{"a":1}' }]);
});

test("a run's abort (no AbortSignal made) stops a hanging stream with an AbortError", async () => {
  const t = transport();
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"a":1}\n\n'], then: 'hang' });
  const abort = new LazyAbort();
  const request: TransportRequest = { path: '/responses', body: {}, abort };
  const seen: SseMessage[] = [];
  const started = Date.now();
  await assert.rejects(
    t.postStreamTo(request, (m) => {
      seen.push(m);
      setTimeout(() => abort.abort(new Error('stop')), 10);
    }),
    (error: Error) => error.name === 'AbortError' && (error.cause as Error).message === 'stop',
  );
  assert.equal(seen.length, 1);
  assert.ok(Date.now() - started < 1000);
});

test('keep-alive: pushed streams that completed leave their connection reusable', async () => {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const t = transport(agent);
    server.enqueue(fixtureReply('chat-stream-text.sse'), fixtureReply('chat-stream-text.sse'));
    await t.postStreamTo({ path: '/chat/completions', body: {} }, () => {});
    await t.postStreamTo({ path: '/chat/completions', body: {} }, () => {});
    assert.equal(new Set(server.received.map((r) => r.remotePort)).size, 1);
  } finally {
    agent.destroy();
  }
});
