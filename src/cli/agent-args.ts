import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-errors.js';

/** What `agentrun run` / `agentrun chat` were asked to do. */
export interface AgentArgs {
  file: string;
  /** Input words (`run` only); joined with spaces. Empty: read standard input. */
  input: string[];
  agent?: string;
  model?: string;
  maxTurns?: number;
  session?: string;
  json: boolean;
  offline: boolean;
}

const OPTIONS = {
  agent: { type: 'string' },
  model: { type: 'string' },
  'max-turns': { type: 'string' },
  session: { type: 'string' },
  json: { type: 'boolean' },
  offline: { type: 'boolean' },
} as const;

/** The flags each command accepts (the others are a usage error). */
const ALLOWED: Record<'run' | 'chat', ReadonlySet<string>> = {
  run: new Set(['agent', 'model', 'max-turns', 'session', 'json', 'offline']),
  chat: new Set(['agent', 'model', 'session', 'offline']),
};

/** Parses the arguments of `run` or `chat`; bad usage is a `CliUsageError` naming it. */
export function parseAgentArgs(command: 'run' | 'chat', argv: readonly string[]): AgentArgs {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliUsageError(`agentrun ${command}: ${error instanceof Error ? error.message : String(error)}. Run 'agentrun ${command} --help'.`);
  }
  const { values, positionals } = parsed;
  for (const key of Object.keys(values)) {
    if (!ALLOWED[command].has(key)) throw new CliUsageError(`agentrun ${command}: unknown option '--${key}'. Run 'agentrun ${command} --help'.`);
  }
  const [file, ...input] = positionals;
  if (file === undefined) throw new CliUsageError(`agentrun ${command}: missing <file>, the module that exports the agent. Run 'agentrun ${command} --help'.`);
  if (command === 'chat' && input.length > 0) {
    throw new CliUsageError(`agentrun chat: unexpected argument '${input[0]}' (chat reads its input line by line from standard input)`);
  }
  const args: AgentArgs = { file, input, json: values.json === true, offline: values.offline === true };
  if (values.agent !== undefined) args.agent = nonEmpty(command, 'agent', values.agent);
  if (values.model !== undefined) args.model = nonEmpty(command, 'model', values.model);
  if (values.session !== undefined) args.session = nonEmpty(command, 'session', values.session);
  if (values['max-turns'] !== undefined) {
    const text = values['max-turns'];
    if (!/^\d+$/.test(text)) throw new CliUsageError(`agentrun ${command}: --max-turns must be a non-negative integer, got '${text}'`);
    args.maxTurns = Number(text);
  }
  return args;
}

function nonEmpty(command: string, flag: string, value: string): string {
  if (value.length === 0) throw new CliUsageError(`agentrun ${command}: --${flag} needs a non-empty value`);
  return value;
}
