import type { CommandEntry } from './command.js';

/**
 * The `agentrun` sub-commands. To add one, add an entry whose `load` imports its module; the
 * module is loaded only when the command runs, so `agentrun help` stays fast.
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  run: {
    synopsis: 'run <file> [input...] [--agent NAME] [--model M] [--max-turns N] [--session ID] [--json] [--offline]',
    summary: "Run the agent a module exports on one input and stream its answer",
    load: async () => (await import('./run-command.js')).runCommand,
  },
  chat: {
    synopsis: 'chat <file> [--agent NAME] [--model M] [--session ID] [--offline]',
    summary: 'Chat with the agent, one turn per line, until end of input',
    load: async () => (await import('./chat-command.js')).chatCommand,
  },
  mcp: {
    synopsis: 'mcp serve <file> [--agent NAME] [--offline]',
    summary: 'Serve the agent as an MCP server (one tool) over standard input/output',
    load: async () => (await import('./mcp-serve.js')).mcpServeCommand,
  },
  traces: {
    synopsis: 'traces [--db PATH] [--port N]',
    summary: 'Serve the local trace viewer on 127.0.0.1',
    load: async () => (await import('./traces-command.js')).tracesCommand,
  },
};

/** The text of `agentrun help`. */
export function generalUsage(): string {
  const lines = ['Usage: agentrun <command> [options]', '', 'Commands:'];
  for (const entry of Object.values(COMMANDS)) lines.push(`  ${entry.synopsis}`, `      ${entry.summary}`);
  lines.push('  help', '      Show this text; `agentrun <command> --help` shows a command\'s options', '');
  lines.push('Exit codes: 0 done, 1 the run failed, 2 bad usage.', '');
  return lines.join('\n');
}
