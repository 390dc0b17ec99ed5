import type { AgentLike } from './agent-like.js';
import type { RunContextWrapper } from './run-context.js';
import type { Callback, MaybePromise } from '../utils/types.js';

/**
 * One tool as an MCP server lists it (`tools/list`): its name, description and JSON schemas.
 * The core of agentrun knows MCP only through this shape and {@link MCPServer}.
 */
export interface MCPTool {
  name: string;
  description?: string;
  /** The JSON schema of the arguments (an object schema). */
  inputSchema: Record<string, unknown>;
  /** The JSON schema of `structuredContent`, when the tool declares one. */
  outputSchema?: Record<string, unknown>;
}

/** What `tools/call` returns: content parts, an error flag, and structured content if any. */
export interface MCPToolCallResult {
  /** Content parts: `{ type: 'text', text }`, images, resources, ... */
  content: Array<{ type: string; [key: string]: unknown }>;
  /** The tool failed; `content` says why. */
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

/** What a callable tool filter receives besides the tool. */
export interface MCPToolFilterContext<TContext = unknown> {
  agent: AgentLike<TContext>;
  serverName: string;
  runContext: RunContextWrapper<TContext>;
}

/** Allow and block lists of tool names; a tool must pass both. */
export interface MCPToolFilterStatic {
  /** When given, only these tools are offered. */
  allowedToolNames?: string[];
  /** These tools are never offered. */
  blockedToolNames?: string[];
}

/** A callable filter: `true` offers the tool to the agent's model. */
export type MCPToolFilterCallable<TContext = unknown> = Callback<[ctx: MCPToolFilterContext<TContext>, tool: MCPTool], MaybePromise<boolean>>;

/** Which of a server's tools an agent offers: static lists or a function. */
export type MCPToolFilter<TContext = unknown> = MCPToolFilterStatic | MCPToolFilterCallable<TContext>;

/** Which calls stop the run for human approval: all, none, or by tool name (default `'never'`). */
export type MCPRequireApproval = 'always' | 'never' | { always?: string[]; never?: string[] };

/** Options of one request to an MCP server. */
export interface MCPRequestOptions {
  /** Aborting it cancels the request (the server is told so). */
  signal?: AbortSignal;
}

/**
 * An MCP server an agent can take tools from. `agentrun/mcp` implements it on the official SDK
 * (`MCPServerStdio`, `MCPServerStreamableHttp`, `MCPServerSse`); anything with this shape works.
 */
export interface MCPServer {
  /** Names the server in errors, approvals and spans. */
  readonly name: string;
  /** Keep the tool list between turns until {@link MCPServer.invalidateToolsCache} (default false). */
  readonly cacheToolsList: boolean;
  readonly toolFilter?: MCPToolFilter<unknown>;
  readonly requireApproval?: MCPRequireApproval;
  /** Send `structuredContent` (as JSON) to the model instead of the content parts, when the tool has an output schema. */
  readonly useStructuredContent?: boolean;
  /** Start or reach the server and initialize the session; needed before any other call. */
  connect(): Promise<void>;
  /** End the session and release the server (a stdio server's process is stopped). */
  close(): Promise<void>;
  /** The server's whole tool list (filters apply to what an agent offers, not here). */
  listTools(options?: MCPRequestOptions): Promise<MCPTool[]>;
  /** Call one of the server's tools with these arguments. */
  callTool(name: string, args: Record<string, unknown>, options?: MCPRequestOptions): Promise<MCPToolCallResult>;
  /** The next `listTools()` asks the server again. */
  invalidateToolsCache(): void;
}

/** How an agent turns its MCP servers' tools into function tools. */
export interface MCPConfig {
  /** Convert the tools' input schemas to strict mode where possible; the others are sent as given (default false). */
  convertSchemasToStrict?: boolean;
}
