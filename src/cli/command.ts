/** One `agentrun` sub-command. `run` resolves to the process exit code. */
export interface CliCommand {
  /** Full usage text, printed by `agentrun <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[]): Promise<number>;
}

/** A dispatcher entry: a one-line summary for `agentrun help`, and the command, loaded on demand. */
export interface CommandEntry {
  readonly synopsis: string;
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

/** True when argv asks for the command's help. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
