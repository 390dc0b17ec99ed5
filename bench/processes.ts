/** Child processes of the benchmark: the scripted server and the per-contender workers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
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
 * Compile src/ and bench/ to JavaScript (TypeScript's own emit, per file, without type-checking:
 * fast, and another engineer's file mid-edit cannot stop a benchmark). Workers and the server run
 * that JavaScript, as users run the built package: measuring through a TypeScript loader would add
 * its helpers (esbuild's per-closure `__name` calls) to every contender's hot path. The output
 * lives in node_modules/.cache so the compiled contenders resolve their packages from the project.
 */
export function buildForBench(): BenchBuild {
  const parent = join(ROOT, 'node_modules', '.cache', 'agentrun-bench');
  removeAbandonedBuilds(parent);
  const dir = join(parent, `${process.pid}-${Date.now()}`);
  const build = buildPaths(dir);
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    // The package is "type": "module"; per-file emit cannot see that, so ask for ESM explicitly.
    module: ts.ModuleKind.ES2022,
  };
  try {
    for (const folder of ['src', 'bench']) {
      for (const file of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
        const source = readFileSync(join(ROOT, folder, file), 'utf8');
        const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: file });
        const target = join(dir, folder, file.slice(0, -3) + '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, outputText);
      }
    }
  } catch (error) {
    build.remove();
    throw error;
  }
  return build;
}

/** Builds of benchmark processes that were killed before cleaning up (their pid is gone). */
function removeAbandonedBuilds(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return; // no builds yet
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
