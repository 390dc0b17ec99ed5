/** The benchmark's printed report: figures with their ratios to the floor and to @openai/agents, and the targets. */
import { median } from './measure.js';
import { CONTENDERS, LABELS, type ContenderName, type LoadResult, type WorkerResult } from './protocol.js';

export type Results = Map<string, WorkerResult>;

export function resultKey(contender: ContenderName, streamed: boolean): string {
  return `${contender}|${streamed ? 'streamed' : 'blocking'}`;
}

interface Column {
  name: string;
  /** A load figure (ratios pair rounds) or any figure (plain ratio). */
  load?: { key: LoadKey; metric: Metric };
  pick: (r: WorkerResult) => number | undefined;
  digits?: number;
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));
type LoadKey = 'c1' | 'c50' | 'turns50';
type Metric = 'cpuUsPerCall' | 'runsPerSec';

/**
 * a ÷ b for a load figure: with per-round figures on both sides, the median of the per-round
 * ratios (a round measures the contenders back to back, so load drifting between rounds cancels);
 * otherwise the ratio of the pooled medians.
 */
function pairedRatio(a: WorkerResult | undefined, b: WorkerResult | undefined, key: LoadKey, metric: Metric): number | undefined {
  const x = a?.[key]?.[metric];
  const y = b?.[key]?.[metric];
  if (x === undefined || y === undefined) return undefined;
  const perRound = perRoundRatios(a, b, key, metric);
  return perRound.length > 0 ? median(perRound) : x / y;
}

/** a ÷ b in each round that measured both (empty without per-round figures). */
function perRoundRatios(a: WorkerResult | undefined, b: WorkerResult | undefined, key: LoadKey, metric: Metric): number[] {
  const ra = a?.rounds;
  const rb = b?.rounds;
  if (!ra || !rb || ra.length !== rb.length) return [];
  const perRound: number[] = [];
  for (let i = 0; i < ra.length; i++) {
    const p = ra[i]![key]?.[metric];
    const q = rb[i]![key]?.[metric];
    if (p !== undefined && q !== undefined) perRound.push(p / q);
  }
  return perRound;
}

const showRatio = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(2)}×`);

function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One section: per mode and contender, each column's figure then its ratios to the floor and to @openai/agents. */
function section(results: Results, columns: Column[]): string {
  const headers = ['contender'];
  for (const c of columns) headers.push(c.name, '÷floor', '÷agents');
  const rows: string[][] = [];
  for (const streamed of [false, true]) {
    const floor = results.get(resultKey('floor', streamed));
    const agents = results.get(resultKey('agents', streamed));
    for (const name of CONTENDERS) {
      const r = results.get(resultKey(name, streamed));
      if (!r) continue;
      const row = [`${LABELS[name]}${streamed ? ', streamed' : ''}`];
      for (const c of columns) {
        const value = c.pick(r);
        const ratioTo = (other: WorkerResult | undefined): number | undefined => {
          if (c.load) return pairedRatio(r, other, c.load.key, c.load.metric);
          const base = other && c.pick(other);
          return value === undefined || base === undefined ? undefined : value / base;
        };
        row.push(fmt(value, c.digits), showRatio(ratioTo(floor)), showRatio(ratioTo(agents)));
      }
      rows.push(row);
    }
  }
  return renderTable(headers, rows);
}

const cpu = (l: LoadResult | undefined): number | undefined => l?.cpuUsPerCall;
const rps = (l: LoadResult | undefined): number | undefined => l?.runsPerSec;

export function renderReport(results: Results, concurrency: number): string {
  return [
    'Client CPU µs per model call (process.cpuUsage of the client process; median of all repeats; ÷ = median of per-round ratios)',
    section(results, [
      { name: '1 conc', load: { key: 'c1', metric: 'cpuUsPerCall' }, pick: (r) => cpu(r.c1) },
      { name: `${concurrency} conc`, load: { key: 'c50', metric: 'cpuUsPerCall' }, pick: (r) => cpu(r.c50) },
      { name: '50-turn run', load: { key: 'turns50', metric: 'cpuUsPerCall' }, pick: (r) => cpu(r.turns50) },
    ]),
    '',
    'Runs per second (4 model calls per run; 50-turn runs: 50 calls)',
    section(results, [
      { name: '1 conc', load: { key: 'c1', metric: 'runsPerSec' }, pick: (r) => rps(r.c1), digits: 1 },
      { name: `${concurrency} conc`, load: { key: 'c50', metric: 'runsPerSec' }, pick: (r) => rps(r.c50), digits: 1 },
      { name: '50-turn run', load: { key: 'turns50', metric: 'runsPerSec' }, pick: (r) => rps(r.turns50), digits: 2 },
    ]),
    '',
    'Heap per in-flight run, KB (heapUsed after a full GC, minus the idle baseline, ÷ runs in flight)',
    section(results, [{ name: 'KB/run', pick: (r) => (r.inFlight ? r.inFlight.heapBytesPerRun / 1024 : undefined), digits: 1 }]),
  ].join('\n');
}

/** The targets for agentrun, each with the measured figure and whether it is met. */
export function renderTargets(results: Results, concurrency: number): { text: string; allMet: boolean } {
  const get = (name: ContenderName, streamed: boolean) => results.get(resultKey(name, streamed));
  const lines: string[] = [];
  let allMet = true;
  const check = (label: string, value: number | undefined, limit: number, atMost: boolean, unit = '×', rounds: number[] = []): void => {
    if (value === undefined || !Number.isFinite(value)) {
      lines.push(`  [ -- ] ${label}: not measured`);
      allMet = false;
      return;
    }
    const ok = atMost ? value <= limit : value >= limit;
    if (!ok) allMet = false;
    // The spread shows how close a figure came to its line in single rounds, not only in the median.
    const spread = rounds.length > 1 ? `, rounds ${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)}` : '';
    lines.push(`  [${ok ? ' ok ' : 'MISS'}] ${label}: ${value.toFixed(2)}${unit} (target ${atMost ? '≤' : '≥'} ${limit}${unit}${spread})`);
  };
  const paired = (label: string, a: WorkerResult | undefined, b: WorkerResult | undefined, key: LoadKey, metric: Metric, limit: number, atMost: boolean): void =>
    check(label, pairedRatio(a, b, key, metric), limit, atMost, '×', perRoundRatios(a, b, key, metric));
  for (const [streamed, limit] of [[false, 1.3], [true, 1.5]] as const) {
    const mode = streamed ? 'streamed' : 'blocking';
    const floor = get('floor', streamed);
    const ours = get('agentrun', streamed);
    paired(`CPU/call ${mode}, 1 conc ÷ floor`, ours, floor, 'c1', 'cpuUsPerCall', limit, true);
    paired(`CPU/call ${mode}, ${concurrency} conc ÷ floor`, ours, floor, 'c50', 'cpuUsPerCall', limit, true);
    paired(`runs/s ${mode}, ${concurrency} conc ÷ @openai/agents`, ours, get('agents', streamed), 'c50', 'runsPerSec', 2.5, false);
    const heap = ours?.inFlight?.heapBytesPerRun;
    check(`heap per in-flight run ${mode}`, heap === undefined ? undefined : heap / 1024, 40, true, ' KB');
    // Flat as history grows: every client re-sends the history (the floor's cost per call grows too),
    // so a 50-call run must stay within the same ratio of the floor: no extra per-turn copying.
    paired(`CPU/call ${mode}, 50-turn run ÷ floor`, ours, floor, 'turns50', 'cpuUsPerCall', limit, true);
  }
  return { text: ['Targets (agentrun)', ...lines].join('\n'), allMet };
}
