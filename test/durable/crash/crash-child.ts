// One process of a crash test: runs (or resumes) a durable run of a three-turn agent against the
// parent's scripted HTTP server. Tools log their side effects to a file; the 'ship' tool, in the
// process the parent is going to kill, prints READY and waits forever.
//   node --import tsx crash-child.ts '<json config>'
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { Agent, OpenAIProvider, Runner, SQLiteRunStore, SQLiteSession, tool, type RunStore } from '../../../src/index.js';
import { PostgresRunStore } from '../../../src/postgres.js';

interface Config {
  mode: 'start' | 'resume';
  streamed: boolean;
  store: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; tableName: string };
  serverUrl: string;
  runId: string;
  sessionPath: string;
  effects: string;
  /**
   * Where this process waits forever (the parent SIGKILLs it): 'ship' in the ship tool;
   * 'first-save' in the store's first save (a new run's `begin`, after its session-input step
   * was journaled with the row's creation); 'none': a normal run.
   */
  hangAt: 'ship' | 'first-save' | 'none';
}

const config = JSON.parse(process.argv[2]!) as Config;
const effect = (line: string) => appendFileSync(config.effects, `${line}\n`);
const hang = (what: string): Promise<never> => {
  process.stdout.write(`READY ${what}\n`);
  return new Promise(() => setInterval(() => {}, 1000));
};

const lookup = tool({
  name: 'lookup', description: 'Look an order up', parameters: z.object({ order: z.number() }),
  execute: ({ order }, ctx) => {
    effect(`lookup ${ctx.toolCallId}`);
    return { order, weight: 3 };
  },
});
const ship = tool({
  name: 'ship', description: 'Ship an order', parameters: z.object({ order: z.number() }),
  execute: async ({ order }, ctx) => {
    effect(`ship-start ${ctx.toolCallId}`);
    if (config.hangAt === 'ship') await hang(ctx.toolCallId);
    effect(`ship-done ${ctx.toolCallId}`);
    return `shipped order ${order}`;
  },
});
const agent = new Agent({ name: 'shipper', instructions: 'Ship orders.', model: 'gpt-4o', tools: [lookup, ship] });

const runStore: RunStore = config.store.kind === 'sqlite'
  ? new SQLiteRunStore(config.store.path)
  : PostgresRunStore.fromUrl(config.store.url, { tableName: config.store.tableName });
if (config.hangAt === 'first-save') runStore.save = () => hang('first-save');
const session = new SQLiteSession('crash-session', config.sessionPath);
const options = {
  runStore, session,
  runConfig: { modelProvider: new OpenAIProvider({ apiKey: 'sk-test', baseURL: config.serverUrl }), tracingDisabled: true },
};

let finalOutput: unknown;
let events = 0;
if (config.streamed) {
  const result = config.mode === 'start'
    ? Runner.runStreamed(agent, 'ship order 7', { ...options, runId: config.runId })
    : await Runner.resumeStreamed(agent, config.runId, options);
  for await (const _ of result.streamEvents()) events++;
  finalOutput = result.finalOutput;
} else {
  const result = config.mode === 'start'
    ? await Runner.run(agent, 'ship order 7', { ...options, runId: config.runId })
    : await Runner.resume(agent, config.runId, options);
  finalOutput = result.finalOutput;
}
process.stdout.write(`RESULT ${JSON.stringify({ finalOutput, events })}\n`);
session.close?.();
await runStore.close();
