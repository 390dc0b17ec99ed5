#!/usr/bin/env node
// The `agentrun` command line (package.json "bin"): run, chat, traces (see `agentrun help`).
import { UserError } from '../errors/index.js';
import { wantsHelp } from './command.js';
import { COMMANDS, generalUsage } from './commands.js';
import { AgentModuleError, CliUsageError } from './cli-errors.js';

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(generalUsage());
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) throw new CliUsageError(`Unknown command '${name}'. Run 'agentrun help' for the commands.`);
  const command = await entry.load();
  if (wantsHelp(rest)) {
    process.stdout.write(command.usage);
    return 0;
  }
  return command.run(rest);
}

// Exit once stdout has drained: pooled model connections or a user's module may hold the loop open.
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  // Commands report their own run failures (exit 1); a UserError escaping here is bad usage or set-up.
  if (error instanceof UserError) {
    process.stderr.write(`agentrun: ${error.message}\n`);
    exit(2);
    return;
  }
  if (error instanceof AgentModuleError) {
    const cause = error.cause instanceof Error ? (error.cause.stack ?? `${error.cause.name}: ${error.cause.message}`) : String(error.cause);
    process.stderr.write(`agentrun: ${error.message}:\n${cause}\n`);
  } else {
    process.stderr.write(`agentrun: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  exit(1);
});
