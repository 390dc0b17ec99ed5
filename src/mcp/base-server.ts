import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  MCPRequestOptions, MCPRequireApproval, MCPServer, MCPTool, MCPToolCallResult, MCPToolFilter,
} from '../agent/mcp-server.js';
import { UserError } from '../errors/index.js';
import { startSpan } from '../tracing/create.js';
import { toSpanError } from '../tracing/sensitive.js';
import { MCPServerError } from './mcp-server-error.js';
import { DEFAULT_MCP_TIMEOUT_MS, type MCPServerCommonOptions } from './server-options.js';
import { sdkClient } from './sdk.js';

const CLIENT_INFO = { name: 'agentrun', version: '0.1.0' };

/**
 * The MCP client behind every server class: connecting, listing (with the optional cache and
 * an `mcp_tools` span per request), calling, closing. Subclasses say how to reach the server.
 */
export abstract class MCPServerBase implements MCPServer {
  /** Names the server in errors, approvals and spans. */
  readonly name: string;
  /** Keep the tool list until `invalidateToolsCache()`. */
  readonly cacheToolsList: boolean;
  /** Which tools an agent offers. */
  readonly toolFilter?: MCPToolFilter<unknown>;
  /** Which calls wait for approval. */
  readonly requireApproval: MCPRequireApproval;
  /** Send `structuredContent` when a tool declares an output schema. */
  readonly useStructuredContent: boolean;
  /** Bounds connecting and each request. */
  readonly timeoutMs: number;
  #client: Client | undefined;
  #connecting: Promise<void> | undefined;
  #toolsCache: MCPTool[] | undefined;

  protected constructor(options: MCPServerCommonOptions, defaultName: string) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new UserError(`MCP server '${options.name ?? defaultName}': timeoutMs must be a positive number`);
    checkApproval(options.requireApproval, options.name ?? defaultName);
    this.name = options.name ?? defaultName;
    this.cacheToolsList = options.cacheToolsList ?? false;
    this.toolFilter = options.toolFilter;
    this.requireApproval = options.requireApproval ?? 'never';
    this.useStructuredContent = options.useStructuredContent ?? false;
    this.timeoutMs = timeoutMs;
  }

  /** A new transport for one connection. */
  protected abstract createTransport(): Promise<Transport>;

  /** Appended to error messages (a stdio server's recent standard error). */
  protected errorDetail(): string {
    return '';
  }

  /** Whether `connect()` has succeeded and `close()` has not been called since. */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** Connect (initialize the MCP session), bounded by `timeoutMs`. Connecting twice is a no-op. */
  connect(): Promise<void> {
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<void> {
    const { Client } = await sdkClient();
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    try {
      await client.connect(await this.createTransport(), { timeout: this.timeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined); // ends a spawned child that never answered
      throw this.#error(`could not connect: ${describe(error, this.timeoutMs)}`, error);
    }
    this.#client = client;
  }

  /** End the session; a stdio server's process is ended too. */
  async close(): Promise<void> {
    // A connect still under way would otherwise leave its session (and child process) behind.
    if (this.#connecting) await this.#connecting.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    this.#toolsCache = undefined;
    await client?.close();
  }

  /** The next `listTools()` asks the server again. */
  invalidateToolsCache(): void {
    this.#toolsCache = undefined;
  }

  /** The server's whole tool list (every page); from the cache when `cacheToolsList` and still valid. */
  async listTools(options: MCPRequestOptions = {}): Promise<MCPTool[]> {
    if (this.cacheToolsList && this.#toolsCache) return this.#toolsCache;
    const client = this.#connected();
    const span = startSpan({ type: 'mcp_tools', server: this.name });
    try {
      const tools: MCPTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? undefined : { cursor }, { timeout: this.timeoutMs, signal: options.signal });
        for (const t of page.tools) {
          tools.push({ name: t.name, description: t.description, inputSchema: t.inputSchema, ...(t.outputSchema && { outputSchema: t.outputSchema }) });
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      if (span.recording) span.spanData.result = tools.map((t) => t.name);
      if (this.cacheToolsList) this.#toolsCache = tools;
      return tools;
    } catch (error) {
      const wrapped = this.#error(`listing tools failed: ${describe(error, this.timeoutMs, options.signal)}`, error);
      if (span.recording) span.setError(toSpanError(wrapped, true));
      throw wrapped;
    } finally {
      span.end();
    }
  }

  /**
   * Call a tool, bounded by `timeoutMs` (the server is told to cancel on timeout or abort, and
   * stays usable). A result flagged `isError` is returned as is; failing to get one throws.
   */
  async callTool(name: string, args: Record<string, unknown>, options: MCPRequestOptions = {}): Promise<MCPToolCallResult> {
    const client = this.#connected();
    try {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: this.timeoutMs, signal: options.signal });
      return result as MCPToolCallResult;
    } catch (error) {
      throw this.#error(`calling tool '${name}' failed: ${describe(error, this.timeoutMs, options.signal)}`, error);
    }
  }

  #connected(): Client {
    if (!this.#client) throw new UserError(`MCP server '${this.name}' is not connected: call connect() first`);
    return this.#client;
  }

  #error(message: string, cause: unknown): MCPServerError {
    return new MCPServerError(this.name, `MCP server '${this.name}': ${message}${this.errorDetail()}`, { cause });
  }
}

function describe(error: unknown, timeoutMs: number, signal?: AbortSignal): string {
  // The SDK reports an abort with the timeout's error code: tell the two apart by the signal.
  if (signal?.aborted) return `cancelled (${reasonText(signal.reason)})`;
  if ((error as { code?: unknown })?.code === -32001) return `timed out after ${timeoutMs} ms`;
  return error instanceof Error ? error.message : String(error);
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function checkApproval(policy: unknown, name: string): void {
  if (policy === undefined || policy === 'always' || policy === 'never') return;
  const ok = typeof policy === 'object' && policy !== null
    && Object.entries(policy).every(([k, v]) => (k === 'always' || k === 'never') && Array.isArray(v) && v.every((n) => typeof n === 'string'));
  if (!ok) throw new UserError(`MCP server '${name}': requireApproval must be 'always', 'never' or { always?: string[], never?: string[] }`);
}
