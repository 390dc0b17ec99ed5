/** Build a contender by name; each one's code (and its start-up) is loaded only when asked for. */
import type { ContenderName } from '../protocol.js';
import type { Contender, ContenderOptions } from './types.js';

export async function buildContender(name: ContenderName, options: ContenderOptions): Promise<Contender> {
  switch (name) {
    case 'floor': return (await import('./floor.js')).createFloor(options);
    case 'openai': return (await import('./openai-client.js')).createOpenAIClientLoop(options);
    case 'agents': return (await import('./openai-agents.js')).createOpenAIAgents(options);
    case 'agentrun': return (await import('./agentrun.js')).createAgentrun({ ...options, tracing: false });
    case 'agentrun+tracing': return (await import('./agentrun.js')).createAgentrun({ ...options, tracing: true });
  }
}

/** The number after `flag` in `argv`, or `fallback` (for the single-contender scripts). */
export function numberFlag(argv: readonly string[], flag: string, fallback: number): number {
  const at = argv.indexOf(flag);
  return at === -1 ? fallback : Number(argv[at + 1]);
}

/** The command line of a single-contender script: `<contender> [--streamed] [--flag N]...`. */
export interface ContenderArgs {
  name: ContenderName;
  streamed: boolean;
  /** The number after `flag`, or `fallback`. */
  flag(flag: string, fallback: number): number;
}

export function contenderArgs(argv: readonly string[]): ContenderArgs {
  return {
    name: (argv[0] ?? 'agentrun') as ContenderName,
    streamed: argv.includes('--streamed'),
    flag: (flag, fallback) => numberFlag(argv, flag, fallback),
  };
}
