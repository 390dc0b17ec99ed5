import type { Redis } from 'ioredis';
import { SessionConnectionError } from './errors.js';

/** Network errors that mean "not reachable now": fail the waiting call at once rather than at the timeout. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The host:port (or socket path) a client talks to, for error messages; never credentials. */
export function redisTarget(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? path : `${host ?? 'localhost'}:${port ?? 6379}`;
}

/**
 * Resolve once `client` is ready for commands, or reject with `SessionConnectionError` after
 * `timeoutMs` or on a refused / unresolvable connection. ioredis alone would queue commands
 * offline while a server accepts the connection but never answers, which hangs the caller.
 */
export function waitUntilReady(options: WaitOptions): Promise<void> {
  const { client } = options;
  if (client.status === 'ready') return Promise.resolve();
  // Concurrent callers share one wait, so a burst of calls adds one set of listeners, not hundreds.
  let wait = pending.get(client);
  if (!wait) {
    wait = startWait(options).finally(() => pending.delete(client));
    pending.set(client, wait);
  }
  return wait;
}

const pending = new WeakMap<Redis, Promise<void>>();

interface WaitOptions {
  client: Redis;
  backend: string;
  timeoutMs: number;
  /** Connect a client that was disconnected (one its session owns) instead of failing. */
  reconnect?: boolean;
}

function startWait(options: WaitOptions): Promise<void> {
  const { client, backend, timeoutMs } = options;
  const host = redisTarget(client);
  if (client.status === 'end' && !options.reconnect) {
    return Promise.reject(
      new SessionConnectionError({ backend, host, detail: 'the Redis client connection has been closed' }),
    );
  }
  return new Promise<void>((resolve, reject) => {
    let lastError: Error | undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('end', onEnd);
    };
    const fail = (detail: string, cause?: unknown): void => {
      cleanup();
      reject(new SessionConnectionError({ backend, host, detail, cause }));
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error & { code?: string }): void => {
      lastError = err;
      if (err.code !== undefined && UNREACHABLE_CODES.has(err.code)) fail(err.message, err);
    };
    const onEnd = (): void => fail(lastError?.message ?? 'the connection ended', lastError);
    const timer = setTimeout(() => {
      fail(`not ready after ${timeoutMs} ms${lastError ? ` (${lastError.message})` : ''}`, lastError);
    }, timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
    client.on('end', onEnd);
    // A lazyConnect client waits for an explicit connect(); its failure also arrives as events.
    if (client.status === 'wait' || client.status === 'end') client.connect().catch(() => {});
  });
}
