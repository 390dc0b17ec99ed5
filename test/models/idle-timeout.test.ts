// The transport's inactivity timeout (timeoutMs): a silent server fails the request with a clear
// error instead of hanging; a slow server that keeps sending stays alive. Both ways it is kept:
// the default keep-alive agent's socket sweep, and a user's agent (a timer per request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeHttpTransport } from '../../src/models/openai/node-http-transport.js';

let server: http.Server;
let baseURL: string;
let connections = 0;
before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/silent') return; // accepts, never answers
      if (req.url === '/silent-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":'); // headers and a first chunk, then nothing
        return;
      }
      // /trickle: 8 events, 40 ms apart (longer in total than the timeout, never silent for as long)
      res.writeHead(200, { 'content-type': req.headers.accept === 'text/event-stream' ? 'text/event-stream' : 'application/json' });
      let n = 0;
      const timer = setInterval(() => {
        if (req.headers.accept === 'text/event-stream') res.write(`data: {"n":${n}}\n\n`);
        else res.write(n === 0 ? '{"n":[0' : `,${n}`);
        if (++n === 8) {
          clearInterval(timer);
          res.end(req.headers.accept === 'text/event-stream' ? '' : ']}');
        }
      }, 40);
    });
  });
  server.on('connection', () => connections++);
  // Longer than the tests' idle sockets wait: the client's sweep, not the server, closes them.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** Timeouts are retried by default; here each is seen once (retries: test/reliability). */
const NO_RETRY = { maxRetries: 0 };

const AGENTS = {
  'the default agent': () => new NodeHttpTransport({ apiKey: 'k', baseURL, timeoutMs: 150 }),
  "a user's agent": () => new NodeHttpTransport({ apiKey: 'k', baseURL, timeoutMs: 150, agent: new http.Agent({ keepAlive: false }) }),
};

async function failsWithTimeout(work: Promise<unknown>, path: string): Promise<void> {
  const started = Date.now();
  await assert.rejects(work, (error: Error) => {
    assert.equal(error.message, `Model request to ${baseURL}${path} timed out after 150 ms of inactivity`);
    return true;
  });
  const elapsed = Date.now() - started;
  // The default agent's sweep runs every tenth of the timeout: up to 10% late, never early.
  assert.ok(elapsed >= 140 && elapsed < 2000, `failed after ${elapsed} ms`);
}

for (const [agent, transport] of Object.entries(AGENTS)) {
  test(`${agent}: postJson: no answer, or an answer that stops mid-body, fails after the timeout`, async () => {
    await failsWithTimeout(transport().postJson({ path: '/silent', body: {}, retry: NO_RETRY }), '/silent');
    await failsWithTimeout(transport().postJson({ path: '/silent-body', body: {}, retry: NO_RETRY }), '/silent-body');
  });

  test(`${agent}: streams, pushed and iterated: a silent server fails after the timeout`, async () => {
    await failsWithTimeout(transport().postStreamTo({ path: '/silent', body: {}, retry: NO_RETRY }, () => {}), '/silent');
    await failsWithTimeout(
      (async () => {
        for await (const _ of transport().postStream({ path: '/silent-body', body: {}, retry: NO_RETRY })) {
          // nothing complete arrives
        }
      })(),
      '/silent-body',
    );
  });

  test(`${agent}: a server that keeps sending, slower in total than the timeout, is not cut off`, async () => {
    const t = transport();
    assert.deepEqual(await t.postJson({ path: '/trickle', body: {}, retry: NO_RETRY }), { n: [0, 1, 2, 3, 4, 5, 6, 7] });
    const pushed: string[] = [];
    await t.postStreamTo({ path: '/trickle', body: {}, retry: NO_RETRY }, (m) => void pushed.push(m.data));
    assert.equal(pushed.length, 8);
    const iterated: string[] = [];
    for await (const m of t.postStream({ path: '/trickle', body: {}, retry: NO_RETRY })) iterated.push(m.data);
    assert.deepEqual(iterated, pushed);
  });
}

test('the default agent: transports with the same timeout share pooled sockets; an idle pooled socket is closed and replaced', async () => {
  // Its own timeout, so its own agent: no socket pooled by the tests above.
  const first = new NodeHttpTransport({ apiKey: 'k', baseURL, timeoutMs: 200 });
  const second = new NodeHttpTransport({ apiKey: 'k', baseURL, timeoutMs: 200 });
  const before = connections;
  await first.postJson({ path: '/trickle', body: {}, retry: NO_RETRY });
  await second.postJson({ path: '/trickle', body: {}, retry: NO_RETRY });
  assert.equal(connections - before, 1, 'the second transport reused the pooled socket');
  // Idle in the pool for longer than the timeout: the sweep closes it without failing anything.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(await second.postJson({ path: '/trickle', body: {}, retry: NO_RETRY }), { n: [0, 1, 2, 3, 4, 5, 6, 7] });
  assert.equal(connections - before, 2, 'a new socket replaced the closed one');
});
