import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { sdkSseClient, sdkStreamableHttpClient } from './sdk.js';
import { UserError } from '../errors/index.js';
import { MCPServerBase } from './base-server.js';
import type { MCPServerCommonOptions } from './server-options.js';

/** Options of {@link MCPServerStreamableHttp} and {@link MCPServerSse}. */
export interface MCPServerHttpOptions extends MCPServerCommonOptions {
  url: string | URL;
  /** Sent with every request (e.g. an `Authorization` header). */
  headers?: Record<string, string>;
}

/** An MCP server reached over streamable HTTP (the current remote transport). */
export class MCPServerStreamableHttp extends MCPServerBase {
  /** The server's endpoint. */
  readonly url: URL;
  readonly #headers: Record<string, string> | undefined;

  constructor(options: MCPServerHttpOptions) {
    const url = parseUrl(options, 'MCPServerStreamableHttp');
    super(options, `streamable-http: ${url.origin}${url.pathname}`);
    this.url = url;
    this.#headers = options.headers;
  }

  protected async createTransport(): Promise<StreamableHTTPClientTransport> {
    const { StreamableHTTPClientTransport } = await sdkStreamableHttpClient();
    return new StreamableHTTPClientTransport(this.url, { requestInit: { headers: this.#headers } });
  }
}

/** An MCP server reached over HTTP with server-sent events (the older remote transport). */
export class MCPServerSse extends MCPServerBase {
  /** The server's SSE endpoint. */
  readonly url: URL;
  readonly #headers: Record<string, string> | undefined;

  constructor(options: MCPServerHttpOptions) {
    const url = parseUrl(options, 'MCPServerSse');
    super(options, `sse: ${url.origin}${url.pathname}`);
    this.url = url;
    this.#headers = options.headers;
  }

  protected async createTransport(): Promise<SSEClientTransport> {
    const { SSEClientTransport } = await sdkSseClient();
    return new SSEClientTransport(this.url, { requestInit: { headers: this.#headers } });
  }
}

function parseUrl(options: MCPServerHttpOptions, what: string): URL {
  if (!options || options.url === undefined) throw new UserError(`${what} needs a url`);
  try {
    return new URL(options.url);
  } catch (error) {
    throw new UserError(`${what}: invalid url ${JSON.stringify(String(options.url))}`, { cause: error });
  }
}
