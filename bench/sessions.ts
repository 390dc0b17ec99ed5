/**
 * Session backend throughput: `npx tsx bench/sessions.ts`. Prints figures, asserts nothing.
 *
 * Per backend: sequential addItems of 3-item turns (what one run does), the same with 32 sessions
 * writing concurrently, getItems() of a 300-item history, and getItems(20). Redis and PostgreSQL
 * are measured when reachable (AGENTRUN_REDIS_URL / AGENTRUN_POSTGRES_URL, local defaults).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { AgentInputItem } from '../src/items/types.js';
import { MemorySession } from '../src/sessions/memory-session.js';
import type { Session } from '../src/sessions/session.js';
import { SQLiteSession } from '../src/sessions/sqlite-session.js';
import { RedisSession } from '../src/sessions/redis-session.js';
import { PostgresSession } from '../src/sessions/postgres-session.js';

const REDIS_URL = process.env.AGENTRUN_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.AGENTRUN_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = randomBytes(4).toString('hex');
/** Each measurement runs about this long. */
const BUDGET_MS = Number(process.env.BENCH_MS ?? 700);
const HISTORY = 300;
const CONCURRENCY = 32;

/** A typical tool-using turn, ~500 bytes of JSON. */
const TURN: AgentInputItem[] = [
  {
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: 'Let me look that up for you. '.repeat(4), annotations: [] }],
  },
  { type: 'function_call', call_id: 'call_abc123', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
  { type: 'function_call_output', call_id: 'call_abc123', output: '{"temperature":21,"conditions":"sunny","humidity":0.4}' },
];

interface Backend {
  name: string;
  open(sessionId: string): Session;
  close(): Promise<void>;
}

interface Row {
  backend: string;
  op: string;
  opsPerSec: number;
  itemsPerSec: number;
}

/** Repeat `op` until the budget is spent (at least `minOps` times); returns ops/s. */
async function measure(op: (i: number) => Promise<unknown>, minOps = 20): Promise<number> {
  for (let i = 0; i < 5; i++) await op(i); // warm up: connections, prepared statements, schema
  const start = performance.now();
  let n = 0;
  while (n < minOps || performance.now() - start < BUDGET_MS) await op(n++);
  return n / ((performance.now() - start) / 1000);
}

async function benchBackend(backend: Backend): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (op: string, opsPerSec: number, itemsPerOp: number): void => {
    rows.push({ backend: backend.name, op, opsPerSec, itemsPerSec: opsPerSec * itemsPerOp });
  };

  const writer = backend.open(`bench-add-${RUN}`);
  row('addItems (3-item turn)', await measure(() => writer.addItems(TURN)), TURN.length);
  await writer.clearSession();

  const many = Array.from({ length: CONCURRENCY }, (_, i) => backend.open(`bench-conc-${RUN}-${i}`));
  const rounds = await measure(() => Promise.all(many.map((s) => s.addItems(TURN))));
  row(`addItems, ${CONCURRENCY} sessions concurrently`, rounds * CONCURRENCY, TURN.length);
  for (const s of many) await s.clearSession();

  const reader = backend.open(`bench-get-${RUN}`);
  for (let i = 0; i < HISTORY / TURN.length; i++) await reader.addItems(TURN);
  row(`getItems() of ${HISTORY} items`, await measure(() => reader.getItems()), HISTORY);
  row('getItems(20)', await measure(() => reader.getItems(20)), 20);
  await reader.clearSession();
  return rows;
}

async function reachable(check: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-bench-'));
  const backends: Backend[] = [];
  const skipped: string[] = [];

  backends.push({ name: 'MemorySession', open: (id) => new MemorySession(id), close: async () => {} });

  const memOpened: SQLiteSession[] = [];
  backends.push({
    name: 'SQLiteSession :memory:',
    open: (id) => {
      const s = new SQLiteSession(id);
      memOpened.push(s);
      return s;
    },
    close: async () => memOpened.forEach((s) => s.close()),
  });

  const fileOpened: SQLiteSession[] = [];
  const file = join(dir, 'bench.db');
  backends.push({
    name: 'SQLiteSession file (WAL)',
    open: (id) => {
      const s = new SQLiteSession(id, file);
      fileOpened.push(s);
      return s;
    },
    close: async () => fileOpened.forEach((s) => s.close()),
  });

  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const redisDown = await reachable(() => redis.connect());
  if (redisDown === undefined) {
    const prefix = `agentrun-bench:${RUN}`;
    backends.push({
      name: 'RedisSession',
      open: (id) => new RedisSession(id, redis, { keyPrefix: prefix }),
      close: async () => {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      },
    });
  } else {
    redis.disconnect();
    skipped.push(`RedisSession: not reachable at ${REDIS_URL} (${redisDown})`);
  }

  const pool = new pg.Pool({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000, max: 10 });
  pool.on('error', () => {});
  const pgDown = await reachable(() => pool.query('SELECT 1'));
  if (pgDown === undefined) {
    const tableName = `agentrun_bench_${RUN}`;
    backends.push({
      name: 'PostgresSession',
      open: (id) => new PostgresSession(id, pool, { tableName }),
      close: async () => {
        await pool.query(`DROP TABLE IF EXISTS ${tableName}`);
        await pool.end();
      },
    });
  } else {
    await pool.end();
    skipped.push(`PostgresSession: not reachable at ${new URL(POSTGRES_URL).host} (${pgDown})`);
  }

  const rows: Row[] = [];
  try {
    for (const b of backends) {
      try {
        rows.push(...(await benchBackend(b)));
      } finally {
        await b.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const widths = [26, 36, 12, 14];
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`Session backends, Node ${process.version}, ${BUDGET_MS} ms per measurement, turn = ${TURN.length} items`);
  console.log(line(['backend', 'operation', 'ops/s', 'items/s']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.backend, r.op, fmt(r.opsPerSec), fmt(r.itemsPerSec)]));
  for (const s of skipped) console.log(`skipped ${s}`);
}

await main();
