/** Child processes of the benchmark: the scripted server and the per-contender workers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerResult, WorkerTask } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_CLI = fileURLToPath(new URL('../src/testing/scripted-server-cli.ts', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A scripted server running in its own process. */
export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Start `scripted-server-cli` with `args`; resolves once it printed its URL. */
export function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const onExit = (code: number | null): void => reject(new Error(`scripted server exited (${code}) before listening: ${err}`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      child.off('exit', onExit);
      const { url } = JSON.parse(out.slice(0, newline)) as { url: string };
      resolve({ url, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Measure one task in a fresh worker process (with --expose-gc for the heap workload). */
export function runWorker(task: WorkerTask): Promise<WorkerResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', WORKER, JSON.stringify(task)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No tracing destinations or keys from the caller's environment leak into a contender.
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', AGENTRUN_TRACES: '' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const label = `${task.contender}${task.streamed ? ' streamed' : ''} (${task.workload})`;
      if (code !== 0) return reject(new Error(`bench worker ${label} failed (exit ${code}):\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as WorkerResult);
      } catch {
        reject(new Error(`bench worker ${label} printed no result:\n${out}\n${err}`));
      }
    });
  });
}
