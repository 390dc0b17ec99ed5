/** Child processes of the benchmark: the scripted server and the per-contender workers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerResult, WorkerTask } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Compiled benchmark code: the server CLI and the worker, as JavaScript. */
export interface BenchBuild {
  serverCli: string;
  worker: string;
  /** Delete the build (each `npm run bench` compiles its own, so concurrent runs never share one). */
  remove(): void;
}

/** Paths inside a build directory (also used by bench/profile.js, which runs from one). */
export function buildPaths(dir: string): BenchBuild {
  return {
    serverCli: join(dir, 'src', 'testing', 'scripted-server-cli.js'),
    worker: join(dir, 'bench', 'worker.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Compile src/ and bench/ with tsc, as `npm run build` does for the package. Workers and the
 * server run that JavaScript: measuring through a TypeScript loader would add its helpers
 * (esbuild's per-closure `__name` calls) to every contender's hot path. The output lives in
 * node_modules/.cache so the compiled contenders resolve their packages from the project.
 * Type errors (another engineer's file mid-edit) are reported, not fatal: tsc still emits.
 */
export function buildForBench(): Promise<BenchBuild> {
  const dir = join(ROOT, 'node_modules', '.cache', 'agentrun-bench', `${process.pid}-${Date.now()}`);
  const build = buildPaths(dir);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(process.execPath, [tsc, '-p', join(ROOT, 'bench', 'tsconfig.bench.json'), '--outDir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!existsSync(build.worker) || !existsSync(build.serverCli)) {
        build.remove();
        return reject(new Error(`bench: tsc produced no output (exit ${code}):\n${out}`));
      }
      if (code !== 0) process.stderr.write(`bench: tsc reported errors (the emitted JavaScript is measured anyway):\n${out}\n`);
      resolve(build);
    });
  });
}

/** A scripted server running in its own process. */
export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Start `scripted-server-cli` with `args`; resolves once it printed its URL. */
export function startServerProcess(serverCli: string, args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverCli, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
export function runWorker(worker: string, task: WorkerTask): Promise<WorkerResult> {
  const child = spawn(process.execPath, ['--expose-gc', worker, JSON.stringify(task)], {
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
