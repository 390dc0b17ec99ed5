// Throughput of DurableRunner workers against one PostgreSQL, and the cost DBOS adds per step.
//   node --import tsx bench/dbos.ts [--runs 200] [--tools 4] [--concurrency 20] [--workers 1,2,4]
// The model is the scripted server (--echo) in its own process; the tool is instant, so the
// figures are the runner's and PostgreSQL's, not a model's. Not part of `npm test`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { OpenAIProvider, Runner } from '../src/index.js';
import { DurableRunner } from '../src/dbos.js';
import { benchAgent } from './dbos-agents.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const RUNS = Number(flag('runs', '200'));
const TOOLS = Number(flag('tools', '4'));
const CONCURRENCY = Number(flag('concurrency', '20'));
const WORKER_COUNTS = flag('workers', '1,2,4').split(',').map(Number);
const MODEL_CALLS = TOOLS + 1;
const STEPS = MODEL_CALLS + TOOLS;
const ADMIN_URL = process.env.AGENTRUN_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const dbName = `agentrun_dbos_bench_${randomBytes(4).toString('hex')}`;
const url = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
const app = `agentrun-bench-${dbName}`;
const children = new Set<ChildProcess>();

/** Spawn a TypeScript child and wait for its first stdout line. */
async function spawnChild(file: string, childArgs: string[], env: Record<string, string>): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...childArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.add(child);
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  return { child, line };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  children.delete(child);
}

async function commits(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query('SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = $1', [dbName]);
  return Number(rows[0]?.n ?? 0);
}

/** Start `count` runs (20 enqueues at a time) and wait until all have succeeded. */
async function runBatch(runner: DurableRunner, agent: ReturnType<typeof benchAgent>, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 20) {
    const chunk = Array.from({ length: Math.min(20, count - i) }, (_, k) => runner.start(agent, `go ${prefix}-${i + k}`, { runId: `${prefix}-${i + k}` }));
    for (const { runId } of await Promise.all(chunk)) ids.push(runId);
  }
  for (;;) {
    const done = await DBOS.listWorkflows({ workflowIDs: ids, status: ['SUCCESS', 'ERROR', 'CANCELLED'], loadInput: false, loadOutput: false });
    if (done.length === ids.length) {
      if (done.some((w) => w.status !== 'SUCCESS')) throw new Error(`${prefix}: a run did not succeed`);
      return ids;
    }
    await sleep(20);
  }
}

/** Mean execution time of runs (dequeued to completed, as DBOS recorded them). */
async function meanExecutionMs(ids: string[]): Promise<number> {
  const statuses = await DBOS.listWorkflows({ workflowIDs: ids, loadInput: false, loadOutput: false });
  const times = statuses.map((s) => Number(s.completedAt ?? s.updatedAt) - Number(s.dequeuedAt ?? s.createdAt));
  return times.reduce((a, b) => a + b, 0) / times.length;
}

async function main(): Promise<void> {
  const { child: serverChild, line } = await spawnChild('src/testing/scripted-server-cli.ts', ['--echo', '--tool-calls', String(TOOLS)], {});
  const modelUrl = (JSON.parse(line) as { url: string }).url;
  const agent = benchAgent();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  console.log(`DurableRunner benchmark: ${RUNS} runs per configuration, ${MODEL_CALLS} model calls + ${TOOLS} tool calls per run, worker concurrency ${CONCURRENCY}`);

  // The same run without DBOS, streamed like a durable run (its model calls stream), one at a time.
  const plain = new Runner({ modelProvider: new OpenAIProvider({ apiKey: 'bench', baseURL: modelUrl }), tracingDisabled: true });
  const consume = async (i: number) => {
    const r = plain.runStreamed(agent, `plain ${i}`);
    for await (const _ of r.streamEvents()) void _;
  };
  for (let i = 0; i < 10; i++) await consume(i);
  const plainStart = performance.now();
  for (let i = 0; i < 40; i++) await consume(i);
  const plainMs = (performance.now() - plainStart) / 40;

  DBOS.setConfig({ name: app, systemDatabaseUrl: url, executorID: 'bench-api', applicationVersion: 'bench', listenQueues: [], logLevel: 'error' });
  const runner = new DurableRunner({ agents: [agent], workerConcurrency: CONCURRENCY, pollingIntervalMs: 50 });
  await DBOS.launch();
  try {
    // Overhead per step: one worker, one run at a time.
    const single = await spawnChild('bench/dbos-worker.ts', [], { AGENTRUN_BENCH_URL: url, AGENTRUN_BENCH_APP: app, AGENTRUN_BENCH_EXECUTOR: 'bench-single', AGENTRUN_BENCH_MODEL_URL: modelUrl, AGENTRUN_BENCH_CONCURRENCY: String(CONCURRENCY) });
    const sequential: string[] = [];
    for (let i = 0; i < 30; i++) sequential.push(...(await runBatch(runner, agent, `seq-${i}`, 1)));
    const durableMs = await meanExecutionMs(sequential.slice(5));
    const sys = new pg.Client({ connectionString: url });
    await sys.connect();
    const { rows } = await sys.query(
      'SELECT (SELECT count(*) FROM dbos.operation_outputs WHERE workflow_uuid = $1)::int AS steps, (SELECT count(*) FROM dbos.streams WHERE workflow_uuid = $1)::int AS streams',
      [sequential[10]],
    );
    await sys.end();
    await stop(single.child);
    console.log(`\nOne run at a time: plain streamed run ${plainMs.toFixed(1)} ms, durable run ${durableMs.toFixed(1)} ms (dequeue to completion)`);
    console.log(`  DBOS adds ${((durableMs - plainMs) / MODEL_CALLS).toFixed(2)} ms per model call (${((durableMs - plainMs) / STEPS).toFixed(2)} ms per step, model and tool steps alike)`);
    console.log(`  per run: ${rows[0].steps} recorded operations (steps, checkpointed stream writes, events), ${rows[0].streams} stream rows`);

    console.log('\nworkers | runs/s | model calls/s | steps/s | PostgreSQL commits/s | commits per run');
    for (const count of WORKER_COUNTS) {
      const workers = await Promise.all(Array.from({ length: count }, (_, i) =>
        spawnChild('bench/dbos-worker.ts', [], { AGENTRUN_BENCH_URL: url, AGENTRUN_BENCH_APP: app, AGENTRUN_BENCH_EXECUTOR: `bench-${count}-${i}`, AGENTRUN_BENCH_MODEL_URL: modelUrl, AGENTRUN_BENCH_CONCURRENCY: String(CONCURRENCY) })));
      await runBatch(runner, agent, `warm-${count}`, count * CONCURRENCY);
      const c0 = await commits(admin);
      const t0 = performance.now();
      await runBatch(runner, agent, `w${count}`, RUNS);
      const seconds = (performance.now() - t0) / 1000;
      const c1 = await commits(admin);
      const rps = RUNS / seconds;
      console.log(`${String(count).padStart(7)} | ${rps.toFixed(1).padStart(6)} | ${(rps * MODEL_CALLS).toFixed(0).padStart(13)} | ${(rps * STEPS).toFixed(0).padStart(7)} | ${((c1 - c0) / seconds).toFixed(0).padStart(20)} | ${((c1 - c0) / RUNS).toFixed(1).padStart(15)}`);
      for (const w of workers) await stop(w.child);
    }
  } finally {
    await DBOS.shutdown();
    for (const child of [...children]) await stop(child);
    await stop(serverChild);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
