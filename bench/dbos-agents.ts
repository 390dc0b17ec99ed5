// The benchmark's agent for bench/dbos.ts: one instant tool. The scripted server (--echo
// --tool-calls N) calls it N times, one per model call, then answers: N + 1 model calls per run.
import { z } from 'zod';
import { Agent, tool } from '../src/index.js';

/** The agent every bench process registers. */
export function benchAgent(): Agent<unknown, string> {
  const step = tool({
    name: 'step',
    description: 'One step',
    parameters: z.object({ n: z.number() }),
    execute: (args) => ({ ok: true, n: args.n }),
  });
  return new Agent({ name: 'bench', instructions: 'Loop.', model: 'scripted-model', tools: [step] }) as Agent<unknown, string>;
}
