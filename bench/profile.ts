/**
 * Drive one contender against a scripted server for a while, for profiling:
 * compile first (npx tsc -p bench/tsconfig.bench.json --outDir node_modules/.cache/bench-profile), then
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof node_modules/.cache/bench-profile/bench/profile.js agentrun [--streamed] [--concurrency N] [--seconds S] [--warmup S] [--tool-calls N]
 * Prints the CPU per model call it measured; the profile is node's.
 */
import { fileURLToPath } from 'node:url';
import { buildPaths, startServerProcess } from './processes.js';
import { measureLoad } from './measure.js';
import { buildContender, contenderArgs } from './contenders/build.js';

const { name, streamed, flag } = contenderArgs(process.argv.slice(2));
const concurrency = flag('--concurrency', 1);
const seconds = flag('--seconds', 5);
const toolCalls = flag('--tool-calls', 3);
// Long enough for V8 to finish compiling the hot code (see Sizes.jitWarmupMs).
const warmupSeconds = flag('--warmup', 4);

// Run from a build: the compiled server CLI sits next to this file's directory.
const server = await startServerProcess(buildPaths(fileURLToPath(new URL('..', import.meta.url))).serverCli, ['--echo', '--tool-calls', String(toolCalls)]);
try {
  const contender = await buildContender(name, { url: server.url, streamed, maxTurns: toolCalls + 1 });
  await measureLoad({ contender, concurrency, budgetMs: warmupSeconds * 1000, minRuns: 1, callsPerRun: toolCalls + 1 });
  const sample = await measureLoad({ contender, concurrency, budgetMs: seconds * 1000, minRuns: 1, callsPerRun: toolCalls + 1 });
  process.stdout.write(`${name}${streamed ? ' streamed' : ''} c${concurrency}: ${sample.cpuUsPerCall.toFixed(0)} µs CPU per call, ${sample.runsPerSec.toFixed(1)} runs/s\n`);
} finally {
  await server.stop();
}
