/** Where the external services for session tests live, and how a test reacts when they are down. */
import type { TestContext } from 'node:test';
import { createConnection } from 'node:net';

export const REDIS_URL = process.env.AGENTRUN_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.AGENTRUN_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Skip with the reason printed, or fail when AGENTRUN_REQUIRE_SERVICES=1 (CI with services). */
export function skipUnlessRequired(t: TestContext, reason: string): void {
  if (process.env.AGENTRUN_REQUIRE_SERVICES === '1') {
    throw new Error(`${reason} (AGENTRUN_REQUIRE_SERVICES=1)`);
  }
  t.skip(reason);
}

/** Resolves undefined when a TCP connection to the URL's host:port opens, else a reason. */
export function tcpUnavailable(url: string, defaultPort: number, what: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  const target = `${hostname}:${port || defaultPort}`;
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    const done = (reason: string | undefined): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(2000, () => done(`${what} not reachable at ${target} (timeout)`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (err) => done(`${what} not reachable at ${target} (${err.message})`));
  });
}
