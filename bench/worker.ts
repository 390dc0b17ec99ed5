/**
 * One benchmark child process: builds one contender and measures the workloads it is given,
 * then prints one JSON line of results. A fresh process per contender keeps JIT and heap state
 * from leaking between them. Runs compiled (see buildForBench): node --expose-gc worker.js '<json WorkerTask>'
 */
import { buildContender as build } from './contenders/build.js';
import { measureInFlight, measureLoad, median, type Sample } from './measure.js';
import type { LoadResult, WorkerResult, WorkerTask } from './protocol.js';

let jitWarm = false;

async function load(task: WorkerTask, url: string, concurrency: number, callsPerRun: number): Promise<LoadResult> {
  const contender = await build(task.contender, { url, streamed: task.streamed, maxTurns: callsPerRun });
  const s = task.sizes;
  // The worker's first workload also waits out the JIT (see Sizes.jitWarmupMs).
  const warmupMs = jitWarm ? s.warmupMs : s.warmupMs + s.jitWarmupMs;
  jitWarm = true;
  await measureLoad({ contender, concurrency, budgetMs: warmupMs, minRuns: concurrency, callsPerRun });
  const samples: Sample[] = [];
  for (let i = 0; i < s.repeats; i++) {
    samples.push(await measureLoad({ contender, concurrency, budgetMs: s.repeatMs, minRuns: concurrency, callsPerRun }));
  }
  return {
    cpuUsPerCall: median(samples.map((x) => x.cpuUsPerCall)),
    runsPerSec: median(samples.map((x) => x.runsPerSec)),
    runs: samples.reduce((n, x) => n + x.runs, 0),
    samples: samples.map(({ cpuUsPerCall, runsPerSec }) => ({ cpuUsPerCall, runsPerSec })),
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as WorkerTask;
  const result: WorkerResult = { contender: task.contender, streamed: task.streamed };
  const { servers, sizes } = task;
  if (task.workload !== 'inflight') {
    result.c1 = await load(task, servers.tools3, 1, 4);
    result.c50 = await load(task, servers.tools3, sizes.concurrency, 4);
    result.turns50 = await load(task, servers.tools49, 1, 50);
  }
  if (task.workload !== 'load') {
    const contender = await build(task.contender, { url: servers.latency, streamed: task.streamed, maxTurns: 4 });
    // Warm-up: load code paths (and their heap) before the baseline is taken.
    await Promise.all(Array.from({ length: sizes.inFlightWarmupRuns }, () => contender.run('warm-up')));
    const inFlight = await measureInFlight({ contender, runs: sizes.inFlightRuns, callsPerRun: 4, samples: 6, intervalMs: sizes.inFlightIntervalMs });
    result.inFlight = inFlight;
  }
  // Exit at once: idle keep-alive sockets and SDK timers must not hold the process (or the timing) open.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
