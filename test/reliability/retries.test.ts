// Retry behaviour beyond the fault table: aborts during the wait, policies, the delay rule, the
// stale-socket resend, an idle-socket closing proxy, and the typed errors' redaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ModelConnectionError, ModelHttpError, ModelTimeoutError, NodeHttpTransport, Runner, retryPolicies, type ModelRetryFailure,
} from '../../src/index.js';
import { retryDelayMs } from '../../src/models/openai/retry.js';
import { redactSecrets } from '../../src/errors/redact.js';
import { APIS, DONE, MODES, SECRET_KEY, agentFor, assertNoUnhandledRejections, errorTexts, runIn, scriptedServer, within } from './helpers.js';

const SLOW = { retry: { initialDelayMs: 5000, maxDelayMs: 5000 } };

for (const { api, useResponses } of APIS) {
  for (const mode of MODES) {
    test(`${api}, ${mode}: the run's signal ends a retry wait at once`, async () => {
      const controller = new AbortController();
      // Aborted once the first attempt failed, during the 5 s wait.
      const server = await scriptedServer([() => (setTimeout(() => controller.abort(), 30), { httpStatus: 503 }), DONE]);
      const agent = agentFor(server, useResponses, { modelSettings: SLOW });
      const started = Date.now();
      const { error } = await runIn(mode, agent, 'hi', { signal: controller.signal });
      assert.ok(error instanceof Error && error.name === 'AbortError', `got ${String(error)}`);
      assert.ok(Date.now() - started < 2000, 'not after the 5 s backoff');
      assert.equal(server.requests.length, 1);
      assertNoUnhandledRejections();
    });
  }

  test(`${api}: cancel() ends a retry wait at once`, async () => {
    let cancel = (): void => undefined;
    const server = await scriptedServer([() => (setTimeout(() => cancel(), 30), { httpStatus: 503 }), DONE]);
    const agent = agentFor(server, useResponses, { modelSettings: SLOW });
    const result = Runner.runStreamed(agent, 'hi');
    cancel = () => result.cancel();
    const started = Date.now();
    await within((async () => {
      for await (const _ of result.streamEvents()) void _;
      await result.completed.catch(() => undefined);
    })(), 3000, 'cancelled run');
    assert.ok(Date.now() - started < 2000);
    assert.equal(server.requests.length, 1);
  });

  test(`${api}: a custom policy sees the failure; httpStatus / any / never / networkErrors`, async () => {
    const seen: ModelRetryFailure[] = [];
    const policy = retryPolicies.any((failure) => {
      seen.push(failure);
      return false;
    }, retryPolicies.httpStatus([418]));
    const server = await scriptedServer([{ httpStatus: 418, headers: { 'retry-after-ms': '1', 'x-trace': 'abc' } }, DONE]);
    const agent = agentFor(server, useResponses, { modelSettings: { retry: { policy } } });
    const { error } = await runIn('blocking', agent);
    assert.equal(error, undefined, String(error));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.attempt, 1);
    assert.equal(seen[0]!.status, 418);
    assert.equal(seen[0]!.streamStarted, false);
    assert.equal(seen[0]!.headers?.['x-trace'], 'abc');
    assert.ok(seen[0]!.error instanceof ModelHttpError);

    const never = await scriptedServer([{ httpStatus: 503 }, DONE]);
    const failed = await runIn('streamed', agentFor(never, useResponses, { modelSettings: { retry: { policy: retryPolicies.never } } }));
    assert.ok(failed.error instanceof ModelHttpError);
    const network = await scriptedServer([{ httpStatus: 503 }, DONE]);
    const notNetwork = await runIn('blocking', agentFor(network, useResponses, { modelSettings: { retry: { policy: retryPolicies.networkErrors } } }));
    assert.ok(notNetwork.error instanceof ModelHttpError, 'HTTP errors are not network errors');
    const reset = await scriptedServer([{ resetConnection: true }, DONE]);
    const retried = await runIn('blocking', agentFor(reset, useResponses, { modelSettings: { retry: { policy: retryPolicies.networkErrors, initialDelayMs: 1 } } }));
    assert.equal(retried.error, undefined);
  });

  test(`${api}: a request that fails on a reused keep-alive socket before any byte is resent at once, even with maxRetries 0`, async () => {
    const server = await scriptedServer([DONE, { resetConnection: true }, DONE]);
    const agent = agentFor(server, useResponses, { modelSettings: { retry: { maxRetries: 0 } } });
    assert.equal((await runIn('blocking', agent)).error, undefined);
    const second = await runIn('blocking', agent);
    assert.equal(second.error, undefined, String(second.error));
    assert.equal(server.requests.length, 3);
  });

  test(`${api}: a proxy closing idle keep-alive sockets fails no run (21 spaced runs, no retries allowed)`, async () => {
    const server = await scriptedServer([], { fallback: DONE, closeIdleSocketsAfterMs: 30 });
    const agent = agentFor(server, useResponses, { modelSettings: { retry: { maxRetries: 0 } } });
    const failures: string[] = [];
    for (let i = 0; i < 21; i++) {
      const { error } = await runIn(i % 2 === 0 ? 'blocking' : 'streamed', agent);
      if (error !== undefined) failures.push(String(error));
      // Around the closer's timeout: some reuses race the close.
      await new Promise((resolve) => setTimeout(resolve, 26 + (i % 5) * 2));
    }
    assert.deepEqual(failures, []);
  });
}

test('the delay: retry-after-ms, retry-after seconds and date, else exponential backoff with at most 25% jitter, capped', () => {
  const failure = (attempt: number, headers?: Record<string, string>): ModelRetryFailure => ({ error: new ModelConnectionError('x', { code: 'ECONNRESET' }), attempt, headers, streamStarted: false });
  assert.equal(retryDelayMs(failure(1, { 'retry-after-ms': '120' })), 120);
  assert.equal(retryDelayMs(failure(1, { 'retry-after': '2' })), 2000);
  const date = retryDelayMs(failure(1, { 'retry-after': new Date(Date.now() + 3000).toUTCString() }));
  assert.ok(date > 1000 && date <= 3000, String(date));
  // Longer than 60 s: ignored, the backoff applies.
  const ignored = retryDelayMs(failure(1, { 'retry-after': '3600' }), 100, 1000);
  assert.ok(ignored >= 75 && ignored <= 100, String(ignored));
  for (let i = 0; i < 50; i++) {
    const third = retryDelayMs(failure(3), 500, 8000);
    assert.ok(third > 1500 && third <= 2000, String(third));
    const capped = retryDelayMs(failure(10), 500, 8000);
    assert.ok(capped >= 6000 && capped <= 8000, String(capped));
  }
  const defaults = retryDelayMs(failure(1));
  assert.ok(defaults >= 375 && defaults <= 500, String(defaults));
});

test('the default policy: network errors, timeouts, 408/409/429/5xx, x-should-retry both ways, never once a stream started', () => {
  const http = (status: number, headers: Record<string, string> = {}): ModelRetryFailure => ({
    error: new ModelHttpError(status, '', 'u', headers), attempt: 1, status, headers, streamStarted: false,
  });
  const yes = [408, 409, 429, 500, 502, 503, 504].map((s) => retryPolicies.default(http(s)));
  assert.deepEqual(yes, yes.map(() => true));
  assert.equal(retryPolicies.default(http(400)), false);
  assert.equal(retryPolicies.default(http(404)), false);
  assert.equal(retryPolicies.default(http(400, { 'x-should-retry': 'true' })), true);
  assert.equal(retryPolicies.default(http(503, { 'x-should-retry': 'false' })), false);
  assert.equal(retryPolicies.default({ error: new ModelTimeoutError('t', 5), attempt: 1, streamStarted: false }), true);
  assert.equal(retryPolicies.default({ error: new ModelConnectionError('c', { code: 'ECONNRESET' }), attempt: 1, streamStarted: true }), false);
});

test('typed errors never carry credentials: message, body, headers, cause, stack, JSON', () => {
  const body = `{"error":"bad","echo":{"Authorization":"Bearer ${SECRET_KEY}","api-key":"${SECRET_KEY}"}}`;
  const error = new ModelHttpError(401, body, 'http://h/v1/responses', { 'www-authenticate': `Bearer ${SECRET_KEY}`, authorization: 'Bearer abcdefgh12345678', 'x-ok': 'fine' });
  for (const text of errorTexts(error)) {
    assert.ok(!text.includes(SECRET_KEY), text);
    assert.ok(!text.includes('abcdefgh12345678'), text);
  }
  assert.equal(error.headers['x-ok'], 'fine');
  assert.match(error.body, /"error":"bad"/);
  const cause = new Error(`connect failed with api-key=${SECRET_KEY}`);
  const connection = new ModelConnectionError(`failed: authorization: Bearer ${SECRET_KEY}`, { code: 'ECONNRESET', cause });
  for (const text of errorTexts(connection)) assert.ok(!text.includes(SECRET_KEY), text);
  assert.equal(redactSecrets('no secrets here'), 'no secrets here');
});

test('a key the transport sent is redacted even where no header name precedes it', async () => {
  const key = 'plainkey-without-prefix-7731';
  const server = await scriptedServer([{ httpStatus: 400, body: `the key you sent was ${key}, not valid` }]);
  const transport = new NodeHttpTransport({ apiKey: key, baseURL: server.url });
  await assert.rejects(transport.postJson({ path: '/responses', body: {} }), (error: unknown) => {
    assert.ok(error instanceof ModelHttpError);
    for (const text of errorTexts(error)) assert.ok(!text.includes(key), text);
    assert.match(error.body, /the key you sent was \[redacted\]/);
    return true;
  });
});
