import type { MCPRequireApproval, MCPToolFilter } from '../agent/mcp-server.js';

/** What every MCP server class accepts. */
export interface MCPServerCommonOptions {
  /** Names the server in errors, approvals and spans (default: derived from the command or URL). */
  name?: string;
  /** Keep the tool list between turns until `invalidateToolsCache()` (default false: listed every turn). */
  cacheToolsList?: boolean;
  /** Which tools an agent offers: allow / block lists, or a function. */
  toolFilter?: MCPToolFilter<unknown>;
  /** Which calls wait for human approval (default `'never'`). */
  requireApproval?: MCPRequireApproval;
  /** Bounds connecting and each request, in milliseconds (default 10000). */
  timeoutMs?: number;
  /** Send `structuredContent` (as JSON) instead of the content parts when a tool declares an output schema (default false). */
  useStructuredContent?: boolean;
}

/** The default bound of connecting and of each request. */
export const DEFAULT_MCP_TIMEOUT_MS = 10_000;
