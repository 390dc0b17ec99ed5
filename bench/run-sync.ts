/**
 * Overhead of runPromiseSync (the engine of Runner.runSync) against a plain `await`, on
 * (a) an immediately resolving promise, (b) a promise needing 3 setImmediate hops, and
 * (c) a local HTTP round trip. Prints figures; asserts nothing.
 *
 *   npx tsx bench/run-sync.ts
 *
 * runSync only runs before the event loop starts (not at an ES module's top level), so when
 * started as an ES module this file re-runs itself as CommonJS through tsx's require hook.
 */
import { spawnSync } from 'node:child_process';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runPromiseSync } from '../src/run/run-sync-driver.js';

interface Scenario {
  name: string;
  iterations: number;
  make: () => Promise<unknown>;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

function scenarios(port: number, agent: Agent): Scenario[] {
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
  return [
    { name: '(a) immediately resolving', iterations: 200_000, make: async () => 1 },
    { name: '(b) 3 setImmediate hops', iterations: 50_000, make: async () => { await immediate(); await immediate(); await immediate(); } },
    { name: '(c) local HTTP round trip', iterations: 5_000, make: roundTrip },
  ];
}

function timeSync(s: Scenario): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < s.iterations; i++) runPromiseSync(s.make);
  return Number(process.hrtime.bigint() - start) / s.iterations;
}

async function timeAwait(s: Scenario): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < s.iterations; i++) await s.make();
  return Number(process.hrtime.bigint() - start) / s.iterations;
}

function format(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

function main(): void {
  // Set up the server synchronously too: runPromiseSync is the only way to wait here.
  const server: Server = createServer((_req, res) => res.end('pong'));
  runPromiseSync(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const list = scenarios((server.address() as AddressInfo).port, agent);

  // Warm up both paths, then measure the synchronous ones (they must run from this top-level call).
  for (const s of list) {
    const warm = { ...s, iterations: Math.ceil(s.iterations / 10) };
    timeSync(warm);
  }
  const syncNs = list.map(timeSync);

  void (async () => {
    for (const s of list) await timeAwait({ ...s, iterations: Math.ceil(s.iterations / 10) });
    const awaitNs: number[] = [];
    for (const s of list) awaitNs.push(await timeAwait(s));
    console.log(`runPromiseSync vs await — Node ${process.version}, ${process.platform}/${process.arch}`);
    console.log('scenario                       iterations   await/op    runSync/op   overhead/op');
    list.forEach((s, i) => {
      const overhead = syncNs[i]! - awaitNs[i]!;
      console.log(
        `${s.name.padEnd(30)} ${String(s.iterations).padStart(10)}  ${format(awaitNs[i]!).padStart(10)}  ` +
          `${format(syncNs[i]!).padStart(11)}  ${(overhead < 0 ? '-' : '+') + format(Math.abs(overhead))}`,
      );
    });
    agent.destroy();
    server.close();
  })();
}

if (typeof require === 'undefined') {
  // Started as an ES module: re-run as CommonJS, where the entry code runs before the event loop.
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', `require(${JSON.stringify(self)})`], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} else {
  main();
}
