import { UserError } from '../errors/index.js';

// The MCP SDK is an optional peer dependency: it is loaded when a server connects or an agent is
// served, so a missing install is a UserError saying what to install, not a failed import of agentrun/mcp.

const INSTALL_HINT = 'agentrun/mcp needs the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk';

async function guard<T>(loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /@modelcontextprotocol\/sdk/.test(String((error as Error).message))) {
      throw new UserError(INSTALL_HINT, { cause: error });
    }
    throw error;
  }
}

export const sdkClient = () => guard(import('@modelcontextprotocol/sdk/client/index.js'));
export const sdkStdioClient = () => guard(import('@modelcontextprotocol/sdk/client/stdio.js'));
export const sdkStreamableHttpClient = () => guard(import('@modelcontextprotocol/sdk/client/streamableHttp.js'));
export const sdkSseClient = () => guard(import('@modelcontextprotocol/sdk/client/sse.js'));
export const sdkMcpServer = () => guard(import('@modelcontextprotocol/sdk/server/mcp.js'));
export const sdkStdioServer = () => guard(import('@modelcontextprotocol/sdk/server/stdio.js'));
