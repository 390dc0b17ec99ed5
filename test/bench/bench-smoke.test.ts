// The benchmark itself must keep working: run `npm run bench -- --smoke` (tiny sizes, every
// contender, both modes) and check that it produced a figure for each. Timings are never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENDERS } from '../../bench/protocol.js';
import type { LoadResult, WorkerResult } from '../../bench/protocol.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function assertLoad(label: string, load: LoadResult | undefined): void {
  assert.ok(load, `${label}: no result`);
  assert.ok(Number.isFinite(load.cpuUsPerCall) && load.cpuUsPerCall > 0, `${label}: CPU per call ${load.cpuUsPerCall}`);
  assert.ok(Number.isFinite(load.runsPerSec) && load.runsPerSec > 0, `${label}: runs/s ${load.runsPerSec}`);
  assert.ok(load.runs >= 1, `${label}: ${load.runs} runs`);
}

test('npm run bench -- --smoke measures every contender in both modes and prints the table', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-bench-'));
  try {
    const json = join(dir, 'bench.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--json', json], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, `bench failed:\n${run.stderr}`);

    const { results } = JSON.parse(readFileSync(json, 'utf8')) as { results: WorkerResult[] };
    for (const streamed of [false, true]) {
      for (const contender of CONTENDERS) {
        const label = `${contender}${streamed ? ' streamed' : ''}`;
        const r = results.find((x) => x.contender === contender && x.streamed === streamed);
        assert.ok(r, `${label}: missing`);
        assertLoad(`${label} 1 concurrent`, r.c1);
        assertLoad(`${label} concurrent`, r.c50);
        assertLoad(`${label} 50 turns`, r.turns50);
        assert.ok(r.inFlight && Number.isFinite(r.inFlight.heapBytesPerRun) && r.inFlight.samples >= 1, `${label}: heap per in-flight run ${JSON.stringify(r.inFlight)}`);
      }
    }

    // The printed report: the three sections, a row per contender and mode, and the target lines.
    for (const heading of ['Client CPU µs per model call', 'Runs per second', 'Heap per in-flight run', 'Targets (agentrun)']) {
      assert.ok(run.stdout.includes(heading), `report lacks "${heading}":\n${run.stdout}`);
    }
    for (const label of ['@openai/agents, streamed', 'agentrun, tracing on, streamed', 'floor (node:http + JSON.parse)', 'openai client loop']) {
      assert.ok(run.stdout.includes(label), `report lacks a "${label}" row`);
    }
    assert.equal(run.stdout.match(/^ {2}\[( ok |MISS)\]/gm)?.length, 10, `every target has a verdict:\n${run.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
