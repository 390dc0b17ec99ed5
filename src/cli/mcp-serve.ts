import { parseArgs } from 'node:util';
import type { CliCommand } from './command.js';
import { CliUsageError } from './cli-errors.js';
import { loadAgent } from './load-agent.js';
import { setUpModel } from './model-setup.js';
import { Runner } from '../run/runner.js';

const USAGE = `Usage: agentrun mcp serve <file> [--agent NAME] [--offline]

Serve the agent that <file> (TypeScript or JavaScript, no build step) exports as an MCP server
over standard input/output, with one tool named after the agent: it takes { "input": string },
runs the agent, and answers with its final output. Point any MCP client (a desktop assistant,
an IDE) at this command. Standard output carries the protocol; messages go to standard error.
Serves until standard input closes.

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

/** `agentrun mcp serve`: the agent as an MCP server over stdio. */
export const mcpServeCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const args = parse(argv);
    const agent = await loadAgent(args.file, args.agent);
    const model = await setUpModel(agent, args);
    // Loaded here, not at the top: the MCP SDK is an optional peer needed only by this command.
    const { serveAgentAsMcp } = await import('../mcp/serve-agent.js');
    const served = await serveAgentAsMcp(agent, { runner: new Runner(model.runConfig) });
    process.stderr.write(`agentrun: serving agent '${agent.name}' as MCP tool '${served.toolName}' on stdio\n`);
    await new Promise<void>((done) => {
      process.stdin.once('end', done);
      process.stdin.once('close', done);
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await served.close();
    await model.close();
    return 0;
  },
};
