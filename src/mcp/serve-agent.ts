import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { sdkMcpServer, sdkStdioServer } from './sdk.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import { Agent } from '../agent/agent.js';
import { Runner } from '../run/runner.js';
import { UserError } from '../errors/index.js';

/** Options of {@link serveAgentAsMcp}. */
export interface ServeAgentAsMcpOptions {
  /** Runs the agent (default: a `new Runner()`). */
  runner?: Runner;
  /** The MCP tool's name (default: the agent's name with other characters than letters, digits, `_`, `-` as `_`). */
  toolName?: string;
  /** The MCP tool's description (default: the agent's `handoffDescription`, else a sentence naming it). */
  toolDescription?: string;
  /** Where to serve (default: this process's stdin/stdout). */
  transport?: Transport;
  /** Most model calls per tool call (default: the runner's). */
  maxTurns?: number;
}

/** An agent being served over MCP. */
export interface AgentMcpServer {
  /** The SDK server (add more tools or resources to it if you like). */
  readonly server: McpServer;
  readonly toolName: string;
  /** Stop serving. */
  close(): Promise<void>;
}

/**
 * Serve an agent as an MCP server with one tool: it takes `{ input: string }`, runs the agent on
 * it, and answers with the final output (text as is, structured output as JSON). A failed run
 * answers `isError` with the error's class and message; a run that stops for approval answers
 * `isError` naming the tools waiting. Cancelling the MCP request aborts the run.
 */
export async function serveAgentAsMcp<C>(agent: Agent<C, unknown>, options: ServeAgentAsMcpOptions = {}): Promise<AgentMcpServer> {
  if (!(agent instanceof Agent)) throw new UserError('serveAgentAsMcp needs an Agent');
  const runner = options.runner ?? new Runner();
  const toolName = options.toolName ?? agent.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  const description = options.toolDescription ?? agent.handoffDescription ?? `Ask the agent '${agent.name}'; it answers with its final output.`;
  const { McpServer } = await sdkMcpServer();
  const server = new McpServer({ name: `agentrun: ${agent.name}`, version: '0.1.0' });
  server.registerTool(
    toolName,
    { description, inputSchema: { input: z.string().describe('What to ask the agent') } },
    async ({ input }, extra) => {
      try {
        const result = await runner.run(agent, input, { signal: extra.signal, ...(options.maxTurns !== undefined && { maxTurns: options.maxTurns }) });
        if (result.interruptions.length > 0) {
          const names = result.interruptions.map((i) => i.toolName).join(', ');
          return errorResult(`The agent stopped for approval of: ${names}. Approvals are not available over MCP.`);
        }
        const output = result.finalOutput;
        return { content: [{ type: 'text' as const, text: typeof output === 'string' ? output : JSON.stringify(output ?? null) }] };
      } catch (error) {
        return errorResult(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    },
  );
  await server.connect(options.transport ?? new (await sdkStdioServer()).StdioServerTransport());
  return { server, toolName, close: () => server.close() };
}

function errorResult(text: string): { content: Array<{ type: 'text'; text: string }>; isError: true } {
  return { content: [{ type: 'text', text }], isError: true };
}
