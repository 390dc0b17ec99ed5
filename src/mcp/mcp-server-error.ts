import { AgentsException } from '../errors/index.js';

/**
 * An MCP server could not be reached or did not answer: connecting failed or timed out, a
 * request timed out, or the server went away. The message names the server (and, for a stdio
 * server, ends with what it last wrote to standard error).
 */
export class MCPServerError extends AgentsException {
  /** The server's name. */
  readonly serverName: string;
  constructor(serverName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.serverName = serverName;
  }
}
