import type { Redis, RedisOptions } from 'ioredis';
import { loadOptionalPeer } from '../utils/optional-peer.js';
import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import type { Session } from './session.js';
import { redisTarget, waitUntilReady } from './redis-ready.js';
import { assertSessionId, checkLimit, parseStoredItem, serializeItems } from './validation.js';

const BACKEND = 'RedisSession';
const DEFAULT_PREFIX = 'agentrun:session';
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** Values per RPUSH; larger batches are split inside one MULTI (spread arguments are bounded). */
const RPUSH_CHUNK = 10_000;

/** Options of `new RedisSession(...)`. */
export interface RedisSessionOptions {
  /** Keys are `<keyPrefix>:<sessionId>:items`. Default `'agentrun:session'`. */
  keyPrefix?: string;
  /** When set, every `addItems` (re)sets the list's expiry to this many seconds. */
  ttlSeconds?: number;
  /** How long a call waits for a not-yet-ready client before failing. Default 5000. */
  connectTimeoutMs?: number;
}

/** Options of `RedisSession.fromUrl(...)`. */
export interface RedisSessionUrlOptions extends RedisSessionOptions {
  /** Extra ioredis options for the client this session creates and owns. */
  redisOptions?: RedisOptions;
}

/**
 * A session stored in a Redis list (`<keyPrefix>:<sessionId>:items`), one JSON text per item.
 * Every operation is a single atomic Redis command (or one MULTI when a TTL is set), so any
 * number of clients and processes may share a session and all see the same order.
 *
 * `fromUrl` creates and owns a client (closed by `close()`); the constructor borrows yours, which
 * `close()` leaves open. Share one client between many sessions rather than one per session.
 *
 * @example
 * import { RedisSession } from 'agentrun/redis';
 * const session = RedisSession.fromUrl('user-42', 'redis://localhost:6379', { ttlSeconds: 86400 });
 */
export class RedisSession implements Session {
  readonly sessionId: string;
  /** The Redis key of the item list. */
  readonly key: string;
  private readonly client: Redis;
  private readonly ttlSeconds: number | undefined;
  private readonly connectTimeoutMs: number;
  private readonly ownsClient: boolean;
  private closed = false;

  /** Use an existing ioredis client (not closed by `close()`). */
  constructor(sessionId: string, client: Redis, options: RedisSessionOptions = {}) {
    assertSessionId(sessionId, BACKEND);
    // Duck-typed: a client from another copy of ioredis is just as good.
    if (typeof (client as Partial<Redis> | null)?.rpush !== 'function' || typeof client.multi !== 'function') {
      throw new UserError(`${BACKEND}: client must be an ioredis Redis instance`);
    }
    const { keyPrefix = DEFAULT_PREFIX, ttlSeconds, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS } = options;
    if (typeof keyPrefix !== 'string' || keyPrefix.length === 0) {
      throw new UserError(`${BACKEND}: keyPrefix must be a non-empty string`);
    }
    if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) {
      throw new UserError(`${BACKEND}: ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`);
    }
    if (!(Number.isFinite(connectTimeoutMs) && connectTimeoutMs > 0)) {
      throw new UserError(`${BACKEND}: connectTimeoutMs must be a positive number, got ${String(connectTimeoutMs)}`);
    }
    this.sessionId = sessionId;
    // Fixed prefix and suffix around the raw id: distinct ids always give distinct keys.
    this.key = `${keyPrefix}:${sessionId}:items`;
    this.client = client;
    this.ttlSeconds = ttlSeconds;
    this.connectTimeoutMs = connectTimeoutMs;
    this.ownsClient = ownedClients.has(client);
  }

  /**
   * Connect to `url` (`redis://` or `rediss://`) with a client this session owns. Nothing is sent
   * until the first call; an unreachable server makes that call reject with
   * `SessionConnectionError` within `connectTimeoutMs`.
   */
  static fromUrl(sessionId: string, url: string, options: RedisSessionUrlOptions = {}): RedisSession {
    assertSessionId(sessionId, BACKEND);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError(`${BACKEND}: invalid Redis URL`);
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new UserError(`${BACKEND}: URL must start with redis:// or rediss://, got ${parsed.protocol}//`);
    }
    const { redisOptions, ...sessionOptions } = options;
    const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const { Redis: RedisClient } = loadOptionalPeer<typeof import('ioredis')>('ioredis', 'RedisSession.fromUrl (agentrun/redis)');
    const client = new RedisClient(url, {
      lazyConnect: true,
      connectTimeout,
      // Fail a command after a couple of reconnect attempts instead of the default 20.
      maxRetriesPerRequest: 2,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      ...redisOptions,
    });
    // An owned client has nobody else listening: without this, ioredis logs every failed
    // reconnect as an unhandled error event. Failures reach callers through their rejections.
    client.on('error', () => {});
    ownedClients.add(client);
    return new RedisSession(sessionId, client, sessionOptions);
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const n = checkLimit(limit, BACKEND);
    if (n === 0) return [];
    await this.ready();
    // LRANGE -n -1 is the newest n, already oldest first.
    const texts = await this.client.lrange(this.key, n === undefined ? 0 : -n, -1);
    const out = new Array<AgentInputItem>(texts.length);
    // Positions in corruption messages are valid LINDEX indexes (negative: from the tail).
    const base = n === undefined ? 0 : -texts.length;
    for (let i = 0; i < texts.length; i++) {
      out[i] = parseStoredItem(texts[i], { backend: BACKEND, sessionId: this.sessionId, position: this.where(base + i) });
    }
    return out;
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    const texts = serializeItems(items, BACKEND);
    if (texts.length === 0) return;
    await this.ready();
    if (this.ttlSeconds === undefined && texts.length <= RPUSH_CHUNK) {
      // One RPUSH with many values is atomic: the items land contiguously, in order.
      await this.client.rpush(this.key, ...texts);
      return;
    }
    // MULTI keeps huge batches (split to bound the argument count) and the expiry atomic too.
    const tx = this.client.multi();
    for (let i = 0; i < texts.length; i += RPUSH_CHUNK) tx.rpush(this.key, ...texts.slice(i, i + RPUSH_CHUNK));
    if (this.ttlSeconds !== undefined) tx.expire(this.key, this.ttlSeconds);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err !== null)?.[0];
    if (failed) throw failed;
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    await this.ready();
    const text = await this.client.rpop(this.key);
    if (text === null) return undefined;
    return parseStoredItem(text, { backend: BACKEND, sessionId: this.sessionId, position: 'the list tail' });
  }

  async clearSession(): Promise<void> {
    await this.ready();
    await this.client.del(this.key);
  }

  /** Close the client if this session created it (`fromUrl`); a borrowed client stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  private ready(): Promise<void> {
    if (this.closed) {
      return Promise.reject(new UserError(`${BACKEND}: session ${JSON.stringify(this.sessionId)} is closed`));
    }
    if (this.client.status === 'ready') return Promise.resolve();
    const wait = waitUntilReady({ client: this.client, backend: BACKEND, timeoutMs: this.connectTimeoutMs, reconnect: this.ownsClient });
    if (!this.ownsClient) return wait;
    // An owned client that cannot connect stops reconnecting, so it never keeps the process
    // alive after the run failed; the next call connects again.
    return wait.catch((error: unknown) => {
      this.client.disconnect();
      throw error;
    });
  }

  private where(index: number): string {
    return `list index ${index} of key ${JSON.stringify(this.key)} on ${redisTarget(this.client)}`;
  }
}

/** Clients created by `fromUrl`, which their session closes. */
const ownedClients = new WeakSet<Redis>();
