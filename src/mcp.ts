/**
 * agentrun/mcp: Model Context Protocol servers as tool sources for agents, and agents served as
 * MCP tools. Built on `@modelcontextprotocol/sdk` (an optional peer dependency needed only here).
 */
export { MCPServerStdio, type MCPServerStdioOptions } from './mcp/stdio-server.js';
export { MCPServerStreamableHttp, MCPServerSse, type MCPServerHttpOptions } from './mcp/http-servers.js';
export { MCPServerBase } from './mcp/base-server.js';
export { DEFAULT_MCP_TIMEOUT_MS, type MCPServerCommonOptions } from './mcp/server-options.js';
export { MCPServerError } from './mcp/mcp-server-error.js';
export { connectMcpServers, type ConnectMcpServersOptions, type ConnectedMcpServers } from './mcp/connect-servers.js';
export { serveAgentAsMcp, type ServeAgentAsMcpOptions, type AgentMcpServer } from './mcp/serve-agent.js';
export type {
  MCPServer, MCPTool, MCPToolCallResult, MCPToolFilter, MCPToolFilterStatic, MCPToolFilterCallable, MCPToolFilterContext,
  MCPRequireApproval, MCPRequestOptions, MCPConfig,
} from './agent/mcp-server.js';
