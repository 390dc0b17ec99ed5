import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it, type TestContext } from 'node:test';
import { Redis } from 'ioredis';
import { UserError } from '../../src/errors/index.js';
import { RedisSession, SessionConnectionError } from '../../src/redis.js';
import type { Session } from '../../src/sessions/session.js';
import { closedPort, silentServer } from './net-helpers.js';
import { registerSessionContract } from './session-contract.js';
import { REDIS_URL, skipUnlessRequired, tcpUnavailable } from './services.js';

const PREFIX = `agentrun-test:${process.pid}-${randomBytes(4).toString('hex')}`;
let clients: { a: Redis; b: Redis } | undefined;
let availability: Promise<string | undefined> | undefined;

/** Checks Redis once; connects the two test clients only when it answers. */
function redisUnavailable(): Promise<string | undefined> {
  availability ??= tcpUnavailable(REDIS_URL, 6379, 'Redis').then((reason) => {
    if (reason === undefined) clients = { a: new Redis(REDIS_URL), b: new Redis(REDIS_URL) };
    return reason;
  });
  return availability;
}

async function requireRedis(t: TestContext): Promise<{ a: Redis; b: Redis } | undefined> {
  const reason = await redisUnavailable();
  if (reason !== undefined) {
    skipUnlessRequired(t, reason);
    return undefined;
  }
  return clients!;
}

async function deleteTestKeys(): Promise<void> {
  if (!clients) return;
  let cursor = '0';
  do {
    const [next, keys] = await clients.a.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    if (keys.length > 0) await clients.a.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

after(async () => {
  await deleteTestKeys();
  await clients?.a.quit();
  await clients?.b.quit();
});

const keyOf = (id: string): string => `${PREFIX}:${id}:items`;

registerSessionContract({
  backend: 'RedisSession',
  title: 'RedisSession (two clients)',
  unavailable: redisUnavailable,
  open: (id) => new RedisSession(id, clients!.a, { keyPrefix: PREFIX }),
  shared: true,
  openOther: async (id) => new RedisSession(id, clients!.b, { keyPrefix: PREFIX }),
  injectRaw: async (id, raw) => void (await clients!.a.rpush(keyOf(id), raw)),
  corruptSamples: ['not json', '{"role":', '[1,2]', '"text"', 'null', '{"content":"no type or role"}'],
  closeSession: (s: Session) => (s as RedisSession).close(),
});

describe('RedisSession specifics', () => {
  it('stores one JSON text per item in the list <prefix>:<sessionId>:items', async (t) => {
    const c = await requireRedis(t);
    if (!c) return;
    const s = new RedisSession('layout:1', c.a, { keyPrefix: PREFIX });
    assert.equal(s.key, keyOf('layout:1'));
    await s.addItems([{ role: 'user', content: 'x' }, { type: 'function_call_output', call_id: 'c', output: 'o' }]);
    assert.equal(await c.b.type(s.key), 'list');
    assert.deepEqual(await c.b.lrange(s.key, 0, -1), [
      '{"role":"user","content":"x"}',
      '{"type":"function_call_output","call_id":"c","output":"o"}',
    ]);
    await s.clearSession();
    assert.equal(await c.b.exists(s.key), 0);
  });

  it('ttlSeconds sets the expiry on every addItems', async (t) => {
    const c = await requireRedis(t);
    if (!c) return;
    const s = new RedisSession('ttl', c.a, { keyPrefix: PREFIX, ttlSeconds: 120 });
    await s.addItems([{ role: 'user', content: 'x' }]);
    const ttl = await c.b.ttl(s.key);
    assert.ok(ttl > 100 && ttl <= 120, `ttl ${ttl}`);
    await c.b.persist(s.key);
    await s.addItems([{ role: 'user', content: 'y' }]);
    assert.ok((await c.b.ttl(s.key)) > 100);
    assert.equal((await s.getItems()).length, 2);
  });

  it('fromUrl owns its client (close() ends it); a borrowed client stays open', async (t) => {
    const c = await requireRedis(t);
    if (!c) return;
    const owned = RedisSession.fromUrl('owned', REDIS_URL, { keyPrefix: PREFIX });
    await owned.addItems([{ role: 'user', content: 'x' }]);
    assert.deepEqual(await owned.getItems(), [{ role: 'user', content: 'x' }]);
    await owned.close();
    await assert.rejects(owned.getItems(), (err: unknown) => err instanceof UserError && /closed/.test(err.message));
    const borrowed = new RedisSession('owned', c.a, { keyPrefix: PREFIX });
    await borrowed.close();
    assert.equal(await c.a.ping(), 'PONG');
  });

  it('bad construction arguments are UserErrors', () => {
    assert.throws(() => RedisSession.fromUrl('s', 'http://localhost:6379'), /redis:\/\/ or rediss:\/\//);
    assert.throws(() => RedisSession.fromUrl('s', 'not a url'), UserError);
    assert.throws(() => RedisSession.fromUrl('', REDIS_URL), /sessionId/);
    const fake = {} as Redis;
    assert.throws(() => new RedisSession('s', fake), /ioredis/);
    const lazy = new Redis(REDIS_URL, { lazyConnect: true });
    assert.throws(() => new RedisSession('s', lazy, { ttlSeconds: 0 }), /ttlSeconds/);
    assert.throws(() => new RedisSession('s', lazy, { ttlSeconds: 1.5 }), /ttlSeconds/);
    assert.throws(() => new RedisSession('s', lazy, { keyPrefix: '' }), /keyPrefix/);
    lazy.disconnect();
  });

  it('a refused connection fails fast with SessionConnectionError naming the host, not the password', async () => {
    const port = await closedPort();
    const s = RedisSession.fromUrl('s', `redis://user:hunter2@127.0.0.1:${port}`);
    const started = Date.now();
    await assert.rejects(s.addItems([{ role: 'user', content: 'x' }]), (err: unknown) => {
      assert.ok(err instanceof SessionConnectionError, String(err));
      assert.equal(err.backend, 'RedisSession');
      assert.equal(err.host, `127.0.0.1:${port}`);
      assert.match(err.message, new RegExp(`RedisSession.*127\\.0\\.0\\.1:${port}`));
      assert.ok(!err.message.includes('hunter2'));
      return true;
    });
    assert.ok(Date.now() - started < 3000);
    await s.close();
  });

  it('a server that accepts but never answers times out instead of hanging', async () => {
    const server = await silentServer();
    const s = RedisSession.fromUrl('s', `redis://127.0.0.1:${server.port}`, { connectTimeoutMs: 300 });
    const started = Date.now();
    const calls = [s.getItems(), s.popItem(), s.clearSession()];
    for (const call of calls) {
      await assert.rejects(call, (err: unknown) => err instanceof SessionConnectionError && /not ready after 300 ms/.test(err.message));
    }
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    await s.close();
    await server.close();
  });
});
