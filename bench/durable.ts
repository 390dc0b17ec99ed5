/**
 * Checkpoint cost of durable runs (issue 16; not part of `npm test`):
 *   node --import tsx bench/durable.ts [--runs N]
 * - per checkpoint write (a "step": a model response, a tool output, a turn end) on the SQLite
 *   file store and on PostgreSQL (127.0.0.1): mean time inside `save`, and database round trips
 *   per save (PostgreSQL: counted at the pool);
 * - CPU per model call of the same runs with a MemoryRunStore vs without a store, with the model
 *   over HTTP (the scripted server in its own process, as `npm run bench` measures CPU per call)
 *   and with an in-process model (the runner's own cost only: the worst case for the ratio).
 * Workload: 4 tool-call turns then a final text (5 model calls, 4 tool calls per run),
 * sequential runs, tracing off.
 *
 * For instruction counts, `--pipeline` runs bench/pipeline.ts's workload instead (its agent, tool
 * and in-memory transport: the request is serialised and the reply parsed, no sockets), exactly
 * `--runs N` runs, with or without a MemoryRunStore, printing nothing. Compiled, under callgrind:
 *   npx tsc -p bench/tsconfig.bench.json --outDir node_modules/.cache/bench-durable
 *   valgrind --tool=callgrind node node_modules/.cache/bench-durable/bench/durable.js --pipeline --run-store memory|none --runs N [--streamed]
 * (the totals at two values of N: their difference ÷ (ΔN × 4 model calls) is instructions per call).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { OpenAIProvider } from '../src/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { Agent, MemoryRunStore, Runner, SQLiteRunStore, tool, type Model, type ModelRequest, type ModelResponse, type ModelTransport, type RunStore } from '../src/index.js';
import { PostgresRunStore } from '../src/postgres.js';
import { SseParser, type SseMessage } from '../src/models/openai/sse.js';
import { echoResponder } from '../src/testing/echo-responder.js';
import { renderReply } from '../src/testing/server-replies.js';
import { INSTRUCTIONS, MODEL, TOOL_DESCRIPTION, TOOL_NAME, weather } from './contenders/types.js';

const PG_URL = process.env.AGENTRUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 2000;
const TOOL_TURNS = 4;
const usage = { requests: 1, inputTokens: 10, outputTokens: 5, totalTokens: 15 };

/** Tool calls for TOOL_TURNS turns, then a final message; the turn is read from the input. */
const model: Model = {
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const calls = request.input.filter((i) => (i as { type?: string }).type === 'function_call').length;
    if (calls < TOOL_TURNS) {
      return { output: [{ type: 'function_call', call_id: `c${calls}`, name: 'add', arguments: `{"a":${calls},"b":2}` }], usage };
    }
    return { output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'sum done' }] }], usage };
  },
  streamResponse(): AsyncIterable<never> {
    throw new Error('not used');
  },
};
const add = tool({ name: 'add', description: 'add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b });
let agent = new Agent({ name: 'adder', model, tools: [add] });
let runConfig: Record<string, unknown> = { tracingDisabled: true };

/** The scripted server in its own process, answering 4 tool calls then a text. */
async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testing/scripted-server-cli.ts', '--echo', '--tool-calls', String(TOOL_TURNS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

/** Wrap `save` to time it and count it. */
function timed(store: RunStore): { store: RunStore; saves: () => number; ms: () => number } {
  let saves = 0;
  let ns = 0n;
  const save = store.save.bind(store);
  store.save = async (...args) => {
    const t = process.hrtime.bigint();
    await save(...args);
    ns += process.hrtime.bigint() - t;
    saves++;
  };
  return { store, saves: () => saves, ms: () => Number(ns) / 1e6 };
}

async function runMany(n: number, store: RunStore | undefined): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const result = await Runner.run(agent, 'add things', store ? { runStore: store, runConfig } : { runConfig });
    if (typeof result.finalOutput !== 'string') throw new Error('bad run');
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - t };
}

async function checkpointCost(name: string, store: RunStore, runs: number, roundTrips?: () => number): Promise<void> {
  await runMany(Math.min(50, runs), store); // warm up
  const t = timed(store);
  const before = roundTrips?.() ?? 0;
  await runMany(runs, t.store);
  const trips = roundTrips ? (roundTrips() - before) / t.saves() : undefined;
  const perSave = t.ms() / t.saves();
  console.log(`${name}: ${t.saves()} saves (${(t.saves() / runs).toFixed(0)} per run of ${TOOL_TURNS + 1} model calls), ` +
    `${(perSave * 1000).toFixed(0)} µs per save${trips !== undefined ? `, ${trips.toFixed(2)} round trips per save` : ''}`);
}

/** CPU per model call: MemoryRunStore vs no store, alternated rounds, medians. */
async function cpuPerCall(label: string, runs: number): Promise<void> {
  await runMany(Math.min(300, runs), undefined);
  await runMany(Math.min(300, runs), new MemoryRunStore());
  const plain: number[] = [];
  const memory: number[] = [];
  const calls = (runs / 2) * (TOOL_TURNS + 1);
  for (let round = 0; round < 5; round++) {
    plain.push((await runMany(runs / 2, undefined)).cpuMs / calls);
    memory.push((await runMany(runs / 2, new MemoryRunStore())).cpuMs / calls);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p = median(plain);
  const m = median(memory);
  console.log(`CPU per model call, ${label}: no store ${(p * 1000).toFixed(1)} µs, MemoryRunStore ${(m * 1000).toFixed(1)} µs (${(m / p).toFixed(2)}x; target <= 1.2x)`);
}

async function main(): Promise<void> {
  console.log(`durable-run checkpoint benchmark: ${RUNS} runs, node ${process.version}`);
  await cpuPerCall('in-process model', RUNS);
  const server = await startServer();
  const http = new Agent({ name: 'adder', model: 'gpt-4o', tools: [add] });
  const inProcess = agent;
  agent = http;
  runConfig = { tracingDisabled: true, modelProvider: new OpenAIProvider({ apiKey: 'sk-bench', baseURL: server.url }) };
  try {
    await cpuPerCall('model over HTTP', Math.min(RUNS, 1000));
  } finally {
    server.stop();
    agent = inProcess;
    runConfig = { tracingDisabled: true };
  }

  const dir = mkdtempSync(join(tmpdir(), 'agentrun-bench-durable-'));
  const sqlite = new SQLiteRunStore(join(dir, 'runs.db'));
  await checkpointCost('SQLiteRunStore (file, WAL)', sqlite, RUNS);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  let queries = 0;
  const query = pool.query.bind(pool);
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    queries++;
    return (query as (...a: unknown[]) => unknown)(...args);
  };
  const tableName = `bench_runs_${randomBytes(4).toString('hex')}`;
  const postgres = new PostgresRunStore({ pool, tableName });
  try {
    await checkpointCost('PostgresRunStore (127.0.0.1)', postgres, Math.min(RUNS, 500), () => queries);
  } finally {
    await query(`DROP TABLE IF EXISTS "${tableName}"`);
    await pool.end();
  }
}

/** bench/pipeline.ts's workload (4 model calls: 3 tool turns and an answer) from memory, with or without a MemoryRunStore. */
async function pipeline(): Promise<void> {
  const calls = 4;
  const streamed = process.argv.includes('--streamed');
  const storeAt = process.argv.indexOf('--run-store');
  const withStore = storeAt > 0 && process.argv[storeAt + 1] === 'memory';
  const tools = [{ type: 'function', name: TOOL_NAME, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  // Reply k answers the request that carries k tool results (history length 1 + 2k).
  const replies = { json: [] as string[], sse: [] as string[] };
  for (const stream of [false, true]) {
    const responder = echoResponder({ toolCalls: calls - 1 });
    const input: unknown[] = [{ role: 'user', content: 'weather in Paris' }];
    for (let k = 0; k < calls; k++) {
      const body = { model: MODEL, input, tools, ...(stream && { stream: true }) };
      const result = responder(body, { api: 'responses', request: { method: 'POST', path: '/v1/responses', headers: {}, body } });
      (stream ? replies.sse : replies.json).push(renderReply({ result: result as Exclude<typeof result, Promise<unknown>>, api: 'responses', body, label: 'pipeline' }).frames.join(''));
      input.push({ type: 'function_call' }, { type: 'function_call_output' });
    }
  }
  const replyIndex = (body: Record<string, unknown>): number => ((body.input as unknown[]).length - 1) / 2;
  const transport: ModelTransport = {
    async postJson(request) {
      return JSON.parse(replies.json[replyIndex(JSON.parse(JSON.stringify(request.body)) as Record<string, unknown>)]!) as unknown;
    },
    async *postStream(request): AsyncGenerator<SseMessage> {
      JSON.stringify(request.body);
      const parser = new SseParser();
      yield* parser.push(replies.sse[replyIndex(request.body)]!);
      yield* parser.end();
    },
  };
  const weatherAgent = new Agent({
    name: 'Weather', instructions: INSTRUCTIONS, model: MODEL,
    tools: [tool({ name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: z.object({ city: z.string() }), execute: ({ city }) => weather(city) })],
  });
  const runner = new Runner({ modelProvider: new OpenAIProvider({ transport }), tracingDisabled: true });
  const runStore = withStore ? new MemoryRunStore() : undefined;
  for (let i = 0; i < RUNS; i++) {
    const options = { maxTurns: calls, ...(runStore && { runStore }) };
    let result;
    if (streamed) {
      result = runner.runStreamed(weatherAgent, 'weather in Paris', options);
      for await (const _event of result.streamEvents()) {
        // consume
      }
    } else {
      result = await runner.run(weatherAgent, 'weather in Paris', options);
    }
    if (result.rawResponses.length !== calls) throw new Error('durable pipeline bench: wrong number of model calls');
    // The store keeps finished runs; deleting each keeps the heap the same at every N.
    if (runStore) await runStore.delete(result.runId!);
  }
}

if (process.argv.includes('--pipeline')) await pipeline();
else await main();
