import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelHttpError, ModelBehaviorError, UserError } from '../../src/errors/index.js';
import { NodeHttpTransport } from '../../src/models/openai/node-http-transport.js';
import { resetOpenAIDefaults, setDefaultOpenAIKey } from '../../src/models/openai/defaults.js';
import { collect, fixtureReply, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
  resetOpenAIDefaults();
});

test('postJson sends the JSON body with bearer auth and parses the answer', async () => {
  server.enqueue(fixtureReply('responses-function-call.json'));
  const transport = new NodeHttpTransport({ apiKey: 'sk-test', baseURL: server.baseURL, headers: { 'x-extra': '1' } });
  const answer = (await transport.postJson({ path: '/responses', body: { model: 'm', input: 'é' } })) as { id: string };
  assert.equal(answer.id, 'resp_0e24a47955abae920069cbdf5f685c81978d9f91c3422081db');
  const [got] = server.received;
  assert.equal(got!.path, '/v1/responses');
  assert.equal(got!.headers.authorization, 'Bearer sk-test');
  assert.equal(got!.headers['content-type'], 'application/json');
  assert.equal(got!.headers['x-extra'], '1');
  assert.equal(got!.headers['content-length'], String(Buffer.byteLength(JSON.stringify({ model: 'm', input: 'é' }))));
  assert.deepEqual(got!.body, { model: 'm', input: 'é' });
});

test('key and base URL come from setDefaultOpenAIKey / env at request time', async () => {
  const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
  try {
    delete process.env.OPENAI_API_KEY;
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:1/v1';
    const transport = new NodeHttpTransport();
    await assert.rejects(transport.postJson({ path: '/responses', body: {} }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /OPENAI_API_KEY/);
      return true;
    });
    process.env.OPENAI_API_KEY = 'sk-env';
    process.env.OPENAI_BASE_URL = server.baseURL; // changed after the transport was created
    server.enqueue({ contentType: 'application/json', chunks: ['{"ok":1}'] });
    assert.deepEqual(await transport.postJson({ path: '/responses', body: {} }), { ok: 1 });
    assert.equal(server.received[0]!.headers.authorization, 'Bearer sk-env');
    setDefaultOpenAIKey('sk-default');
    server.enqueue({ contentType: 'application/json', chunks: ['{"ok":2}'] });
    await transport.postJson({ path: '/responses', body: {} });
    assert.equal(server.received[1]!.headers.authorization, 'Bearer sk-default');
  } finally {
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved.key;
    if (saved.base === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved.base;
  }
});

test('HTTP 500 and 401 reject with ModelHttpError carrying status and body', async () => {
  const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL });
  const body401 = '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}';
  server.enqueue({ status: 401, contentType: 'application/json', chunks: [body401] });
  await assert.rejects(transport.postJson({ path: '/responses', body: {} }), (error: unknown) => {
    assert.ok(error instanceof ModelHttpError);
    assert.equal(error.status, 401);
    assert.equal(error.body, body401);
    assert.match(error.message, /HTTP 401.*Incorrect API key/);
    return true;
  });
  server.enqueue({ status: 500, chunks: ['boom'] });
  await assert.rejects(collect(transport.postStream({ path: '/responses', body: {}, retry: { maxRetries: 0 } })), (error: unknown) => {
    assert.ok(error instanceof ModelHttpError);
    assert.equal(error.status, 500);
    assert.equal(error.body, 'boom');
    return true;
  });
});

test('a 2xx body that is not JSON is a ModelBehaviorError', async () => {
  const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL });
  server.enqueue({ contentType: 'application/json', chunks: ['{"truncated'] });
  await assert.rejects(transport.postJson({ path: '/responses', body: {} }), ModelBehaviorError);
});

test('a refused connection rejects instead of hanging', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1` });
  await assert.rejects(transport.postJson({ path: '/responses', body: {} }), /ECONNREFUSED/);
  await assert.rejects(collect(transport.postStream({ path: '/responses', body: {} })), /ECONNREFUSED/);
});

test('a connection cut mid-body rejects (JSON and stream)', async () => {
  const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL });
  server.enqueue({ contentType: 'application/json', chunks: ['{"partial":'], then: 'destroy' });
  await assert.rejects(transport.postJson({ path: '/responses', body: {} }));
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"a":1}\n\n'], then: 'destroy' });
  const seen: unknown[] = [];
  await assert.rejects(async () => {
    for await (const message of transport.postStream({ path: '/responses', body: {} })) seen.push(message);
  });
  assert.deepEqual(seen, [{ event: undefined, data: '{"a":1}' }]);
});

test('abort rejects promptly with an AbortError, before headers and mid-stream', async () => {
  const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL });
  server.enqueue({ contentType: 'application/json', chunks: [], then: 'hang' });
  const started = Date.now();
  await assert.rejects(transport.postJson({ path: '/responses', body: {}, signal: AbortSignal.timeout(50) }), (error: Error) => {
    assert.equal(error.name, 'AbortError');
    return true;
  });
  assert.ok(Date.now() - started < 1000);

  const controller = new AbortController();
  server.enqueue({ contentType: 'text/event-stream', chunks: ['data: {"a":1}\n\n'], then: 'hang' });
  const seen: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const message of transport.postStream({ path: '/responses', body: {}, signal: controller.signal })) {
        seen.push(message);
        setTimeout(() => controller.abort(), 10);
      }
    })(),
    (error: Error) => error.name === 'AbortError',
  );
  assert.equal(seen.length, 1);

  const aborted = AbortSignal.abort();
  await assert.rejects(transport.postJson({ path: '/responses', body: {}, signal: aborted }), (error: Error) => error.name === 'AbortError');
});

test('keep-alive: sequential requests and completed streams reuse one connection', async () => {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const transport = new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL, agent });
    server.enqueue(fixtureReply('chat-stream-text.sse'), fixtureReply('chat-tool-calls.json'), fixtureReply('chat-stream-tool-calls.sse'));
    const first = await collect(transport.postStream({ path: '/chat/completions', body: {} }));
    assert.equal(first.at(-1)?.data, '[DONE]');
    await transport.postJson({ path: '/chat/completions', body: {} });
    await collect(transport.postStream({ path: '/chat/completions', body: {} }));
    const ports = new Set(server.received.map((r) => r.remotePort));
    assert.equal(ports.size, 1);
  } finally {
    agent.destroy();
  }
});
