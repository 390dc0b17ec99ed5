// What the DBOS tests share: a PostgreSQL system database of their own (random name, dropped at the
// end), the scripted model server, worker processes (spawned with process.execPath + tsx and killed
// for real), and this process as the "API server" (DBOS launched with listenQueues: []).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { startScriptedServer, type ScriptedServer } from '../../src/testing/index.js';
import { DurableRunner } from '../../src/dbos.js';
import { buildAgents, responder, type SeenRequest, type ToolLogLine } from './fixtures/agents.js';

// The same server the session tests use (.ci/run starts it); the system database is a fresh one on it.
const ADMIN_URL = process.env.AGENTRUN_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A worker process and what it printed. */
export interface Worker {
  executorID: string;
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** One test file's DBOS world. */
export interface DbosWorld {
  url: string;
  app: string;
  server: ScriptedServer;
  /** Every model request, in arrival order. */
  seen: SeenRequest[];
  runner: DurableRunner;
  agents: ReturnType<typeof buildAgents>;
  spawnWorker(executorID: string, concurrency?: number): Promise<Worker>;
  /** Stop a worker: SIGTERM (clean) or SIGKILL (a crash). */
  stopWorker(worker: Worker, signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  toolLog(): ToolLogLine[];
  close(): Promise<void>;
}

/** Create the database, start the model server, launch DBOS here as a client (it runs no runs). */
export async function openWorld(): Promise<DbosWorld> {
  const dbName = `agentrun_dbos_${randomBytes(6).toString('hex')}`;
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const app = `agentrun-test-${dbName}`;
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-dbos-'));
  const logFile = join(dir, 'tools.jsonl');
  writeFileSync(logFile, '');
  const seen: SeenRequest[] = [];
  const server = await startScriptedServer({ fallback: responder(seen), recordRequests: false });
  const workers = new Set<Worker>();
  const agents = buildAgents(logFile);
  DBOS.setConfig({ name: app, systemDatabaseUrl: url, executorID: 'api-server', applicationVersion: 'test-v1', listenQueues: [], logLevel: 'error' });
  const runner = new DurableRunner({ agents: [agents.worker, agents.refunder], workerConcurrency: 8, pollingIntervalMs: 100 });
  await DBOS.launch(); // creates the system database and its schema before any worker starts

  const spawnWorker = async (executorID: string, concurrency = 8): Promise<Worker> => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        AGENTRUN_DBOS_URL: url, AGENTRUN_DBOS_APP: app, AGENTRUN_DBOS_EXECUTOR: executorID,
        AGENTRUN_DBOS_LOG: logFile, AGENTRUN_DBOS_MODEL_URL: server.url, AGENTRUN_DBOS_CONCURRENCY: String(concurrency),
      },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += String(d); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const worker: Worker = { executorID, child, pid: child.pid!, exited };
    workers.add(worker);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('ready\n')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`worker ${executorID} exited before it was ready (${code ?? signal}): ${stderr}`)));
    });
    return worker;
  };

  const stopWorker = async (worker: Worker, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
    // A worker that does not stop within 10 s of SIGTERM is killed: no test leaves a process behind.
    const timer = setTimeout(() => worker.child.kill('SIGKILL'), 10_000);
    await worker.exited;
    clearTimeout(timer);
    workers.delete(worker);
  };

  const toolLog = (): ToolLogLine[] =>
    readFileSync(logFile, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as ToolLogLine);

  const close = async (): Promise<void> => {
    for (const worker of [...workers]) await stopWorker(worker, 'SIGTERM');
    await DBOS.shutdown();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };

  return { url, app, server, seen, runner, agents, spawnWorker, stopWorker, toolLog, close };
}

/** Poll `check` until it returns true (or fail after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
