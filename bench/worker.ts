/**
 * One benchmark child process: builds one contender and measures the workloads it is given,
 * then prints one JSON line of results. A fresh process per contender keeps JIT and heap state
 * from leaking between them. Runs compiled (see buildForBench): node --expose-gc worker.js '<json WorkerTask>'
 */
import { buildContender as build } from './contenders/build.js';
import { measureInFlight, measureLoad, median, type Sample } from './measure.js';
import type { LoadResult, WorkerResult, WorkerTask } from './protocol.js';

let jitWarm = false;

/**
 * Put V8 in the state every long-running process is in: one full collection after start-up.
 *
 * `process.nextTick` builds each queue entry from an object literal with computed keys; V8 keeps
 * that literal's property-definition feedback for one map only. A full collection while no entry
 * is alive frees the entry maps, the next entry gets new ones, and the site turns megamorphic for
 * good: three runtime calls per nextTick from then on (about 36 per model call through node:http,
 * some 10% of the floor's instructions per call at 50 concurrent). Every process that has had a
 * full collection since its nextTick warmed up is in that state; a short-lived worker whose
 * start-up never triggered one (the floor, loading little code) is not, and one that did (the
 * SDKs, loading more) is: measured without this, the floor alone kept the cheap state. Seen with
 * gdb (runtime-call counts, the collection right before the entry maps changed) and V8's
 * %DebugPrint of nextTick's feedback: MONOMORPHIC in the floor's workers, MEGAMORPHIC in
 * agentrun's at 50 concurrent; after this function, MEGAMORPHIC in both.
 */
async function collectLikeALongRunningProcess(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the benchmark worker needs node --expose-gc');
  // Enough entries for nextTick's feedback to exist, then a collection with none of them alive.
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => process.nextTick(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
}

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
  await collectLikeALongRunningProcess();
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
