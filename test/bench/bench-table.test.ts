// The benchmark's verdicts: ratios are medians of per-round ratios, and each target line shows
// the spread of those ratios. Fed with made-up per-round figures, so the arithmetic is checked
// exactly (no timing is involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTargets, resultKey, type Results } from '../../bench/table.js';
import type { ContenderName, LoadResult, WorkerResult } from '../../bench/protocol.js';

const load = (cpuUsPerCall: number, runsPerSec = 1000): LoadResult => ({ cpuUsPerCall, runsPerSec, runs: 10, samples: [{ cpuUsPerCall, runsPerSec }] });

/** A contender whose per-round CPU per call (every workload) is `perRound`; the pooled figure is their median. */
function contender(name: ContenderName, streamed: boolean, perRound: number[], runsPerSec = 1000): WorkerResult {
  const sorted = [...perRound].sort((a, b) => a - b);
  const pooled = load(sorted[sorted.length >> 1]!, runsPerSec);
  return {
    contender: name,
    streamed,
    c1: pooled,
    c50: pooled,
    turns50: pooled,
    inFlight: { heapBytesPerRun: 10 * 1024, samples: 3 },
    rounds: perRound.map((cpu) => ({ c1: load(cpu, runsPerSec), c50: load(cpu, runsPerSec), turns50: load(cpu, runsPerSec) })),
  };
}

test('a target is the median of per-round ratios, printed with their spread', () => {
  const results: Results = new Map();
  for (const streamed of [false, true]) {
    // Round by round agentrun ÷ floor: 1.2, 1.0, 1.6 (median 1.2); the pooled medians alone would give 120 / 100.
    results.set(resultKey('floor', streamed), contender('floor', streamed, [100, 100, 100]));
    results.set(resultKey('agentrun', streamed), contender('agentrun', streamed, [120, 100, 160], 5000));
    results.set(resultKey('agents', streamed), contender('agents', streamed, [1000, 1000, 1000], 250));
  }
  const { text, allMet } = renderTargets(results, 50);
  assert.match(text, /\[ ok \] CPU\/call blocking, 1 conc ÷ floor: 1\.20× \(target ≤ 1\.3×, rounds 1\.00–1\.60\)/);
  assert.match(text, /\[ ok \] runs\/s streamed, 50 conc ÷ @openai\/agents: 20\.00× \(target ≥ 2\.5×, rounds 20\.00–20\.00\)/);
  assert.match(text, /\[ ok \] heap per in-flight run blocking: 10\.00 KB \(target ≤ 40 KB\)$/m, 'no spread for a single figure');
  assert.equal(allMet, true);
});

test('a median over the line is a MISS, whatever single rounds did', () => {
  const results: Results = new Map();
  for (const streamed of [false, true]) {
    results.set(resultKey('floor', streamed), contender('floor', streamed, [100, 100, 100]));
    results.set(resultKey('agentrun', streamed), contender('agentrun', streamed, [100, 140, 160]));
    results.set(resultKey('agents', streamed), contender('agents', streamed, [1000, 1000, 1000]));
  }
  const { text, allMet } = renderTargets(results, 50);
  assert.match(text, /\[MISS\] CPU\/call blocking, 50 conc ÷ floor: 1\.40× \(target ≤ 1\.3×, rounds 1\.00–1\.60\)/);
  assert.match(text, /\[ ok \] CPU\/call streamed, 50 conc ÷ floor: 1\.40× \(target ≤ 1\.5×/);
  assert.equal(allMet, false);
});
