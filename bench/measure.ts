/**
 * Measurement primitives, run inside a worker process: client CPU from process.cpuUsage (the
 * scripted server is another process, so only this client's work counts), wall time, and heap.
 */
import type { Contender } from './contenders/types.js';

/** One measured batch of runs. */
export interface Sample {
  cpuUsPerCall: number;
  runsPerSec: number;
  runs: number;
  calls: number;
}

export interface LoadOptions {
  contender: Contender;
  /** Runs kept in flight at once. */
  concurrency: number;
  /** Keep starting runs until this much wall time has passed (each batch runs at least `minRuns`). */
  budgetMs: number;
  minRuns: number;
  /** Model calls every run must make (checked: a contender that loops differently is a bench bug). */
  callsPerRun: number;
}

let inputSeq = 0;

async function runChecked(contender: Contender, callsPerRun: number): Promise<number> {
  const calls = await contender.run(`weather in Paris #${inputSeq++}`);
  if (calls !== callsPerRun) throw new Error(`expected ${callsPerRun} model calls per run, got ${calls}`);
  return calls;
}

/** Run batches of `concurrency` loops until the budget is spent; CPU and runs/s over the batch. */
export async function measureLoad(options: LoadOptions): Promise<Sample> {
  const { contender, concurrency, budgetMs, minRuns, callsPerRun } = options;
  let runs = 0;
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + budgetMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline || runs < minRuns) {
      runs++;
      // Awaited first: `calls += await …` would read `calls` before the await and lose concurrent updates.
      const made = await runChecked(contender, callsPerRun);
      calls += made;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUsPerCall: (cpu.user + cpu.system) / calls, runsPerSec: (runs * 1000) / wallMs, runs, calls };
}

/** Median of the samples' figure. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface InFlightOptions {
  contender: Contender;
  /** Runs started at once. */
  runs: number;
  callsPerRun: number;
  /** Heap samples taken while every run is in flight. */
  samples: number;
  /** Pause between samples. */
  intervalMs: number;
}

/** Heap bytes per in-flight run: median over samples (after a full GC) of (heapUsed − baseline) / runs. */
export async function measureInFlight(options: InFlightOptions): Promise<{ heapBytesPerRun: number; samples: number }> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the in-flight workload needs node --expose-gc');
  const { contender, runs, callsPerRun } = options;
  gc();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let finished = 0;
  let failure: unknown;
  const all = Array.from({ length: runs }, () =>
    runChecked(contender, callsPerRun).then(
      () => void finished++,
      (error: unknown) => {
        failure ??= error;
        finished++;
      },
    ),
  );
  // All runs were started synchronously above; sample while none has finished.
  const perRun: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    gc();
    if (finished > 0) break;
    perRun.push((process.memoryUsage().heapUsed - baseline) / runs);
  }
  await Promise.all(all);
  if (failure) throw failure;
  if (perRun.length === 0) throw new Error('runs finished before any heap sample: raise the server latency');
  return { heapBytesPerRun: median(perRun), samples: perRun.length };
}
