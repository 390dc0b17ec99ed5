import { parseArgs } from 'node:util';
import type { CliCommand } from './command.js';
import { CliUsageError } from './cli-errors.js';
import { loadAgent } from './load-agent.js';
import { setUpModel } from './model-setup.js';
import { Runner } from '../run/runner.js';
import type { Agent } from '../agent/agent.js';
import type { MCPServer } from '../agent/mcp-server.js';

const USAGE = `Usage: agentrun mcp serve <file> [--agent NAME] [--offline]

Serve the agent that <file> (TypeScript or JavaScript, no build step) exports as an MCP server
over standard input/output, with one tool named after the agent: it takes { "input": string },
runs the agent, and answers with its final output. Point any MCP client (a desktop assistant,
an IDE) at this command. Standard output carries the protocol; messages go to standard error.
Serves until standard input closes. The agents' own MCP servers are connected first.

Options:
  --agent NAME      the export holding the agent (default: the default export)
  --offline         use agentrun's scripted model (no API key, no network)
  -h, --help        show this text

Needs OPENAI_API_KEY unless --offline or the agent has its own Model object.
Exit codes: 0 done, 2 bad usage.
`;

function parse(argv: readonly string[]): { file: string; agent?: string; offline: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { agent: { type: 'string' }, offline: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliUsageError(`agentrun mcp: ${error instanceof Error ? error.message : String(error)}. Run 'agentrun mcp --help'.`);
  }
  const [sub, file, ...extra] = parsed.positionals;
  if (sub !== 'serve') throw new CliUsageError(`agentrun mcp: ${sub === undefined ? 'missing sub-command' : `unknown sub-command '${sub}'`}; the only one is 'serve'. Run 'agentrun mcp --help'.`);
  if (file === undefined) throw new CliUsageError("agentrun mcp serve: missing <file>, the module that exports the agent. Run 'agentrun mcp --help'.");
  if (extra.length > 0) throw new CliUsageError(`agentrun mcp serve: unexpected argument '${extra[0]}'`);
  return { file, agent: parsed.values.agent, offline: parsed.values.offline ?? false };
}

/** The MCP servers of the agent and of every agent it can hand off to, each once. */
function mcpServersOf(start: Agent<unknown, unknown>): MCPServer[] {
  const servers = new Set<MCPServer>();
  const seen = new Set<Agent<unknown, unknown>>();
  const visit = (agent: Agent<unknown, unknown>): void => {
    if (seen.has(agent)) return;
    seen.add(agent);
    for (const s of agent.mcpServers) servers.add(s);
    for (const h of agent.handoffObjects) visit(h.agent as Agent<unknown, unknown>);
  };
  visit(start);
  return [...servers];
}

/** `agentrun mcp serve`: the agent as an MCP server over stdio. */
export const mcpServeCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const args = parse(argv);
    const agent = await loadAgent(args.file, args.agent);
    const model = await setUpModel(agent, args);
    // Loaded here, not at the top: the MCP SDK is an optional peer needed only by this command.
    const { serveAgentAsMcp } = await import('../mcp/serve-agent.js');
    const { connectMcpServers } = await import('../mcp/connect-servers.js');
    // The agents' own MCP servers (connecting one twice is a no-op), closed when serving ends.
    const servers = await connectMcpServers(mcpServersOf(agent));
    try {
      const served = await serveAgentAsMcp(agent, { runner: new Runner(model.runConfig) });
      process.stderr.write(`agentrun: serving agent '${agent.name}' as MCP tool '${served.toolName}' on stdio\n`);
      await new Promise<void>((done) => {
        process.stdin.once('end', done);
        process.stdin.once('close', done);
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await served.close();
    } finally {
      await servers.close();
      await model.close();
    }
    return 0;
  },
};
