/**
 * Bytes allocated per model call, by allocation site: a steadier before/after figure than CPU
 * time on a shared machine (about 0.2% between runs, where CPU per call moves by 10-20%).
 * V8's sampling heap profiler, counting objects the GC already collected too. Compile first
 * (npx tsc -p bench/tsconfig.bench.json --outDir node_modules/.cache/bench-profile), then
 *   node node_modules/.cache/bench-profile/bench/alloc.js agentrun [--streamed] [--concurrency N] [--seconds S] [--top N]
 */
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { buildPaths, startServerProcess } from './processes.js';
import { measureLoad } from './measure.js';
import { buildContender, contenderArgs } from './contenders/build.js';

const { name, streamed, flag } = contenderArgs(process.argv.slice(2));
const concurrency = flag('--concurrency', 50);
const seconds = flag('--seconds', 3);
const top = flag('--top', 30);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** Bytes by site: the allocating function and its two callers. */
function bySite(root: ProfileNode): { total: number; sites: Map<string, number> } {
  const sites = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, callers: string[]): void => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
    const stack = [here, ...callers].slice(0, 3);
    if (node.selfSize > 0) {
      total += node.selfSize;
      const key = stack.join(' < ');
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, stack);
  };
  walk(root, []);
  return { total, sites };
}

const server = await startServerProcess(buildPaths(fileURLToPath(new URL('..', import.meta.url))).serverCli, ['--echo', '--tool-calls', '3']);
try {
  const contender = await buildContender(name, { url: server.url, streamed, maxTurns: 4 });
  // Warm: allocation sites of code still being compiled differ from the steady state.
  await measureLoad({ contender, concurrency, budgetMs: 3000, minRuns: concurrency, callsPerRun: 4 });
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  const sample = await measureLoad({ contender, concurrency, budgetMs: seconds * 1000, minRuns: concurrency, callsPerRun: 4 });
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
  session.disconnect();
  const { total, sites } = bySite(profile.head);
  process.stdout.write(`${name}${streamed ? ' streamed' : ''} c${concurrency}: ${(total / sample.calls / 1024).toFixed(2)} KB allocated per model call\n`);
  for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(bytes / sample.calls).toFixed(0).padStart(7)} B  ${site}\n`);
  }
} finally {
  await server.stop();
}
