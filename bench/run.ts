/**
 * The benchmark behind `npm run bench` (issue 8): the same agent workloads through a plain
 * node:http floor, the raw `openai` client loop, `@openai/agents` and agentrun (tracing off and
 * on), blocking and streamed, against a scripted OpenAI Responses server in its own process.
 * Each contender is measured in a fresh worker process; see bench/README.md for the method.
 *
 *   npm run bench                  full run (about 18 minutes: 7 interleaved rounds of 10 workers)
 *   npm run bench -- --smoke       tiny sizes (seconds): checks that everything runs
 *   npm run bench -- --only agentrun,floor --json out.json
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { buildForBench, startServerProcess, runWorker, type ServerProcess } from './processes.js';
import { median } from './measure.js';
import { CONTENDERS, type ContenderName, type LoadResult, type Sizes, type WorkerResult, type WorkerTask } from './protocol.js';
import { renderReport, renderTargets, resultKey, type Results } from './table.js';

const FULL: Sizes = { rounds: 7, warmupMs: 2000, jitWarmupMs: 3000, repeats: 2, repeatMs: 600, concurrency: 50, inFlightRuns: 2000, latencyMs: 500, inFlightIntervalMs: 300, inFlightWarmupRuns: 50, oneWorker: false };
const SMOKE: Sizes = { rounds: 1, warmupMs: 50, jitWarmupMs: 0, repeats: 1, repeatMs: 50, concurrency: 5, inFlightRuns: 20, latencyMs: 150, inFlightIntervalMs: 50, inFlightWarmupRuns: 2, oneWorker: true };

interface Args {
  smoke: boolean;
  json: string | undefined;
  only: ContenderName[];
  modes: boolean[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { smoke: false, json: undefined, only: [...CONTENDERS], modes: [false, true] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`bench: ${flag} needs a value`);
      return next;
    };
    if (flag === '--smoke') args.smoke = true;
    else if (flag === '--json') args.json = value();
    else if (flag === '--only') {
      const names = value().split(',');
      for (const n of names) if (!CONTENDERS.includes(n as ContenderName)) throw new Error(`bench: unknown contender ${n} (known: ${CONTENDERS.join(', ')})`);
      // The floor and @openai/agents are the ratios' denominators: always measured.
      args.only = CONTENDERS.filter((c) => c === 'floor' || c === 'agents' || names.includes(c));
    } else if (flag === '--blocking-only') args.modes = [false];
    else if (flag === '--streamed-only') args.modes = [true];
    else throw new Error(`bench: unknown flag ${flag}`);
  }
  return args;
}

/** Pool the repeats of every round: the medians are over all of them. */
function pooled(list: readonly WorkerResult[]): Pick<WorkerResult, 'c1' | 'c50' | 'turns50'> {
  const merge = (loads: Array<LoadResult | undefined>): LoadResult | undefined => {
    const present = loads.filter((l): l is LoadResult => l !== undefined);
    if (present.length === 0) return undefined;
    const samples = present.flatMap((l) => l.samples);
    return {
      cpuUsPerCall: median(samples.map((x) => x.cpuUsPerCall)),
      runsPerSec: median(samples.map((x) => x.runsPerSec)),
      runs: present.reduce((n, l) => n + l.runs, 0),
      samples,
    };
  };
  return { c1: merge(list.map((r) => r.c1)), c50: merge(list.map((r) => r.c50)), turns50: merge(list.map((r) => r.turns50)) };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} CPUs, node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.smoke ? SMOKE : FULL;
  const servers: ServerProcess[] = [];
  const build = buildForBench();
  try {
    const [tools3, tools49, latency] = await Promise.all([
      startServerProcess(build.serverCli, ['--echo', '--tool-calls', '3']),
      startServerProcess(build.serverCli, ['--echo', '--tool-calls', '49']),
      startServerProcess(build.serverCli, ['--echo', '--tool-calls', '3', '--latency-ms', String(sizes.latencyMs)]),
    ]);
    servers.push(tools3, tools49, latency);
    const urls = { tools3: tools3.url, tools49: tools49.url, latency: latency.url };
    process.stdout.write(`agentrun benchmark${args.smoke ? ' (smoke sizes)' : ''}\n${machine()}\n`);
    process.stdout.write(
      `Workload: one agent, one tool, 3 tool turns + final text per run (4 model calls); scripted Responses server in another process.\n` +
        `Concurrency ${sizes.concurrency}; medians of ${sizes.rounds} rounds (fresh worker processes, contenders interleaved) × ${sizes.repeats} repeats of ${sizes.repeatMs} ms, each after ${sizes.warmupMs} ms warm-up (the first workload of a worker after ${sizes.warmupMs + sizes.jitWarmupMs} ms); ` +
        `heap: ${sizes.inFlightRuns} runs in flight, ${sizes.latencyMs} ms model latency.\n\n`,
    );
    const results: Results = new Map();
    if (sizes.oneWorker) {
      // Smoke: figures only need to exist, so every worker runs at once (seconds, not minutes).
      const tasks = args.modes.flatMap((streamed) => args.only.map((contender) => ({ contender, streamed, servers: urls, sizes, workload: 'all' as const })));
      const done = await Promise.all(tasks.map((task) => runWorker(build.worker, task)));
      for (const r of done) results.set(resultKey(r.contender, r.streamed), r);
    }
    const loads = new Map<string, WorkerResult[]>();
    for (let round = 1; round <= (sizes.oneWorker ? 0 : sizes.rounds); round++) {
      for (const streamed of args.modes) {
        for (const contender of args.only) {
          const key = resultKey(contender, streamed);
          const base = { contender, streamed, servers: urls, sizes };
          process.stderr.write(`round ${round}/${sizes.rounds}: ${contender}${streamed ? ' streamed' : ''}\n`);
          const list = loads.get(key) ?? [];
          list.push(await runWorker(build.worker, { ...base, workload: 'load' } satisfies WorkerTask));
          loads.set(key, list);
          if (round === 1) results.set(key, { contender, streamed, inFlight: (await runWorker(build.worker, { ...base, workload: 'inflight' } satisfies WorkerTask)).inFlight });
        }
      }
    }
    for (const [key, list] of loads) {
      Object.assign(results.get(key)!, pooled(list), { rounds: list.map(({ c1, c50, turns50 }) => ({ c1, c50, turns50 })) });
    }
    process.stdout.write(`${renderReport(results, sizes.concurrency)}\n\n`);
    const targets = renderTargets(results, sizes.concurrency);
    process.stdout.write(`${targets.text}\n`);
    if (args.json) writeFileSync(args.json, JSON.stringify({ machine: machine(), sizes, results: [...results.values()] }, null, 2));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    build.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
