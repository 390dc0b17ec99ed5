import { parseArgs } from 'node:util';
import { UserError } from '../errors/index.js';

/** What `agentrun` was asked to do. */
export type CliCommand = { command: 'help' } | { command: 'traces'; db?: string; port: number };

/** Usage text printed by `agentrun --help`. */
export const USAGE = `Usage: agentrun <command> [options]

Commands:
  traces [--db <path>] [--port <n>]   Serve the local trace viewer on 127.0.0.1
                                      (db default: $AGENTRUN_TRACE_DB or .agentrun/traces.db;
                                       port default: 0 = any free port)
  help                                Show this text
`;

/** Parses `agentrun` arguments; bad input is a `UserError` naming the problem. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'traces') throw new UserError(`Unknown command '${command}'. Run 'agentrun help' for the commands.`);
  let values: { db?: string | undefined; port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { db: { type: 'string' }, port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UserError(`agentrun traces: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.help) return { command: 'help' };
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new UserError(`agentrun traces: --port must be an integer 0-65535, got '${values.port}'`);
  }
  return { command: 'traces', port, ...(values.db !== undefined && { db: values.db }) };
}
