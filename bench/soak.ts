/**
 * Soak: 10,000 runs against the scripted server mixing blocking, streamed, cancelled and faulted
 * ones (HTTP 500 / 429, a reset before any byte, a stream cut before any event: each retried; a
 * stream cut mid-way and a non-retryable 400: each a typed error). Heap after GC is sampled every
 * 1,000 runs; the script reports the growth and exits 1 if it exceeds 5 MB (or if any run ended
 * other than expected). Not part of `npm test`:
 *   npm run soak [-- --runs N --concurrency N]
 */
import { z } from 'zod';
import {
  Agent, AgentsException, OpenAIProvider, Runner, tool, type ModelSettings,
} from '../src/index.js';
import { echoResponder, startScriptedServer, textMessage, type ScriptedServerEntry } from '../src/testing/index.js';

const flag = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const RUNS = flag('--runs', 10_000);
const CONCURRENCY = flag('--concurrency', 8);
const SAMPLE_EVERY = 1_000;
const LIMIT_BYTES = 5 * 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('soak: run with --expose-gc (npm run soak does)');
  process.exit(2);
}

type Kind = 'blocking' | 'streamed' | 'cancelled' | 'faulted-retried' | 'faulted-failed';
const ANSWER = { output: [textMessage('a streamed answer, '.repeat(20))] };
const RETRIED: ScriptedServerEntry[] = [
  { httpStatus: 500 }, { httpStatus: 429, headers: { 'retry-after-ms': '1' } }, { resetConnection: true }, { ...ANSWER, breakStreamAfterEvents: 0 },
];
const FAILED: ScriptedServerEntry[] = [{ httpStatus: 400 }, { ...ANSWER, breakStreamAfterEvents: 3 }];

function kindOf(i: number): Kind {
  const r = i % 20;
  if (r < 8) return 'blocking';
  if (r < 14) return 'streamed';
  if (r < 16) return 'cancelled';
  if (r < 19) return 'faulted-retried';
  return 'faulted-failed';
}

const weather = tool({ name: 'weather', description: 'Weather of a city', parameters: z.object({ city: z.string() }), execute: ({ city }) => `sunny in ${city}` });
const settings: ModelSettings = { retry: { initialDelayMs: 1, maxDelayMs: 2 } };

async function main(): Promise<void> {
  // One server per kind of answer: the fault entries are queued on the server that runs read.
  const server = await startScriptedServer({ fallback: echoResponder({ toolCalls: 1 }), recordRequests: false });
  const faulty = await startScriptedServer({ fallback: ANSWER, recordRequests: false });
  const agentOf = (url: string, useResponses: boolean): Agent => {
    const provider = new OpenAIProvider({ apiKey: 'sk-soak', baseURL: url, useResponses });
    return new Agent({ name: 'soak', instructions: 'Answer briefly.', model: provider.getModel('gpt-test'), tools: [weather], modelSettings: settings });
  };
  const agents = [agentOf(server.url, true), agentOf(server.url, false)];
  const faultyAgents = [agentOf(faulty.url, true), agentOf(faulty.url, false)];
  const counts: Record<string, number> = {};
  const unexpected: string[] = [];
  const samples: number[] = [];

  const one = async (i: number): Promise<void> => {
    const kind = kindOf(i);
    const agent = (kind.startsWith('faulted') ? faultyAgents : agents)[i % 2]!;
    let outcome = 'ok';
    try {
      if (kind === 'blocking') {
        await Runner.run(agent, `weather in city ${i}`);
      } else if (kind === 'streamed') {
        const result = Runner.runStreamed(agent, `weather in city ${i}`);
        for await (const _ of result.streamEvents()) void _;
        await result.completed;
      } else if (kind === 'cancelled') {
        const result = Runner.runStreamed(agent, `weather in city ${i}`);
        let seen = 0;
        for await (const _ of result.streamEvents()) if (++seen === 3) result.cancel();
        await result.completed;
        outcome = 'cancelled';
      } else {
        const entries = kind === 'faulted-retried' ? RETRIED : FAILED;
        faulty.push(entries[Math.floor(i / 20) % entries.length]!);
        // Streamed or blocking: alternate by block.
        if (Math.floor(i / 40) % 2 === 0) {
          await Runner.run(agent, 'x');
        } else {
          const result = Runner.runStreamed(agent, 'x');
          for await (const _ of result.streamEvents()) void _;
          await result.completed;
        }
      }
    } catch (error) {
      outcome = error instanceof AgentsException ? error.name : `untyped ${String(error)}`;
    }
    const key = `${kind}:${outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
    const expectedFailure = kind === 'faulted-failed' && outcome !== 'ok' && !outcome.startsWith('untyped');
    if (outcome !== 'ok' && outcome !== 'cancelled' && !expectedFailure) unexpected.push(`run ${i} (${kind}): ${outcome}`);
  };

  const started = Date.now();
  for (let done = 0; done < RUNS; done += SAMPLE_EVERY) {
    const block = Array.from({ length: Math.min(SAMPLE_EVERY, RUNS - done) }, (_, k) => done + k);
    // Faulted runs share the faulty server's queue: one at a time; the rest CONCURRENCY at once.
    const plain = block.filter((i) => !kindOf(i).startsWith('faulted'));
    const faulted = block.filter((i) => kindOf(i).startsWith('faulted'));
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      for (let i = plain.shift(); i !== undefined; i = plain.shift()) await one(i);
    });
    workers.push((async () => {
      for (const i of faulted) await one(i);
    })());
    await Promise.all(workers);
    const end = done + block.length;
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
    const heap = process.memoryUsage().heapUsed;
    samples.push(heap);
    console.log(`${String(end).padStart(6)} runs  heap after GC ${(heap / 1024 / 1024).toFixed(2)} MB  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  await server.close();
  await faulty.close();
  // Growth from the first sample (warm: modules loaded, pools and caches filled) to the last.
  const growth = samples[samples.length - 1]! - samples[0]!;
  console.log(`outcomes: ${JSON.stringify(counts)}`);
  console.log(`heap after GC: first ${(samples[0]! / 1024 / 1024).toFixed(2)} MB, last ${(samples.at(-1)! / 1024 / 1024).toFixed(2)} MB, growth ${(growth / 1024 / 1024).toFixed(2)} MB (limit 5 MB)`);
  if (unexpected.length > 0) {
    console.error(`unexpected outcomes (${unexpected.length}):\n${unexpected.slice(0, 20).join('\n')}`);
    process.exit(1);
  }
  if (growth > LIMIT_BYTES) {
    console.error('soak: heap grew by more than 5 MB');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
