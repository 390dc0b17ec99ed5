import type { MCPServer } from '../agent/mcp-server.js';
import { MCPServerError } from './mcp-server-error.js';

/** Options of {@link connectMcpServers}. */
export interface ConnectMcpServersOptions {
  /** Bounds each server's connection; default: the server's own `timeoutMs`, else 10000. */
  timeoutMs?: number;
  /** Close the servers when the process exits (default true): stdio children are killed then. */
  closeOnExit?: boolean;
}

/** Servers connected together; `close()` (or `await using`) closes them all. */
export interface ConnectedMcpServers {
  readonly servers: readonly MCPServer[];
  /** Close every server. */
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Connect several servers concurrently, each bounded by `timeoutMs`. If any fails, all are
 * closed and an MCPServerError names every server that failed and why. On success the servers
 * are closed by `close()`, and (unless `closeOnExit: false`) when the process exits.
 */
export async function connectMcpServers(servers: readonly MCPServer[], options: ConnectMcpServersOptions = {}): Promise<ConnectedMcpServers> {
  const outcomes = await Promise.allSettled(servers.map((s) => connectBounded(s, options.timeoutMs ?? timeoutOf(s))));
  const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ server: servers[i]!, error: o.reason as unknown }] : []));
  if (failed.length > 0) {
    await Promise.allSettled(servers.map((s) => s.close()));
    const lines = failed.map(({ error }) => (error instanceof Error ? error.message : String(error)));
    throw new MCPServerError(
      failed.map((f) => f.server.name).join(', '),
      `Could not connect ${failed.length} of ${servers.length} MCP servers; all were closed.\n${lines.join('\n')}`,
      { cause: failed[0]!.error },
    );
  }
  return track(servers, options.closeOnExit ?? true);
}

function timeoutOf(server: MCPServer): number {
  const t = (server as { timeoutMs?: unknown }).timeoutMs;
  return typeof t === 'number' && t > 0 ? t : 10_000;
}

/** The server's own connect is bounded too, but a custom MCPServer may not be: bound it here as well. */
async function connectBounded(server: MCPServer, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MCPServerError(server.name, `MCP server '${server.name}': connecting timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([server.connect(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function track(servers: readonly MCPServer[], closeOnExit: boolean): ConnectedMcpServers {
  // At exit nothing can be awaited: children are killed synchronously.
  const onExit = (): void => {
    for (const s of servers) (s as { killNow?: () => void }).killNow?.();
  };
  if (closeOnExit) process.once('exit', onExit);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.removeListener('exit', onExit);
      const results = await Promise.allSettled(servers.map((s) => s.close()));
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
    })();
    return closing;
  };
  return { servers, close, [Symbol.asyncDispose]: close };
}
