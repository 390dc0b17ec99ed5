// Runs a run-sync fixture in a child Node process and collects what it printed. runSync only works
// in code that runs before the event loop starts, and node:test bodies run inside async contexts,
// so every case executes at the top level of its own process.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX_CJS = createRequire(import.meta.url).resolve('tsx/cjs');

/** What a fixture process did. */
export interface FixtureRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Every stdout line that parses as JSON, in order. */
  reports: unknown[];
  /** When the process exited (Date.now()). */
  exitedAt: number;
  /** True when the deadline passed and the process had to be killed. */
  killed: boolean;
}

/** Options of runFixture. */
export interface RunFixtureOptions {
  /** Fixture file in test/run-sync/fixtures. */
  fixture: string;
  /** Case name passed to the fixture. */
  caseName?: string;
  /** `'cjs'` (default): launched through main.cjs with tsx's require hook; `'esm'`: `--import tsx`. */
  entry?: 'cjs' | 'esm';
  /** Kill the process after this many ms (default 15000). */
  deadlineMs?: number;
  /** Working directory (default: the repository root). */
  cwd?: string;
}

/** Spawn a fixture and wait for it to exit on its own (or be killed at the deadline). */
export function runFixture(options: RunFixtureOptions): Promise<FixtureRun> {
  const { fixture, caseName, entry = 'cjs', deadlineMs = 15_000, cwd = REPO_ROOT } = options;
  const args =
    entry === 'cjs'
      ? ['--require', TSX_CJS, `${FIXTURES}main.cjs`, fixture]
      : ['--import', 'tsx', `${FIXTURES}${fixture}`];
  if (caseName) args.push(caseName);
  return runNode(args, { deadlineMs, cwd });
}

/** Spawn `node <args>` and collect its output. */
export function runNode(args: string[], options: { deadlineMs: number; cwd: string }): Promise<FixtureRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.deadlineMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, reports: parseReports(stdout), exitedAt: Date.now(), killed });
    });
  });
}

function parseReports(stdout: string): unknown[] {
  const reports: unknown[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{') && !line.startsWith('[') && line !== 'null') continue;
    try {
      reports.push(JSON.parse(line));
    } catch {
      // Not a report line.
    }
  }
  return reports;
}

/** The only report of a run that must have exited cleanly; fails loudly with the child's stderr. */
export function onlyReport(run: FixtureRun): unknown {
  if (run.killed || run.code !== 0 || run.reports.length !== 1) {
    throw new Error(
      `fixture did not exit cleanly with one report (code ${run.code}, signal ${run.signal}, killed ${run.killed}, ` +
        `${run.reports.length} reports)\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
  return run.reports[0];
}
