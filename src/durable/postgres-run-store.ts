import type { Pool, PoolConfig } from 'pg';
import { loadOptionalPeer } from '../utils/optional-peer.js';
import { UserError } from '../errors/index.js';
import type { RunState } from '../run/run-state.js';
import { detachedState } from './detached-state.js';
import { RunLeaseLostError } from './errors.js';
import { assertRunId, checkLeaseFree, checkLeaseMs } from './lease.js';
import type { AcquireMode, LeaseHolder, RunCheckpoint, RunStatus, RunStore, RunSummary, StoredRun } from './run-store.js';
import { runStoreSql, type RunStoreSql } from './postgres-run-sql.js';

/** Options of `new PostgresRunStore(...)`. */
export interface PostgresRunStoreOptions {
  /** A pg Pool (not ended by `close()`). */
  pool: Pool;
  /** Default 30 000. */
  leaseMs?: number;
  /** `name` or `schema.name`; default `'agentrun_runs'`. Created on first use. */
  tableName?: string;
}

/** Options of `PostgresRunStore.fromUrl(...)`. */
export interface PostgresRunStoreUrlOptions {
  leaseMs?: number;
  tableName?: string;
  /** Extra pg Pool options for the pool this store creates and owns. */
  poolOptions?: PoolConfig;
}

type Row = [string, RunStatus, string, number, string, string, string];

/**
 * A RunStore in PostgreSQL: one row per run. Every checkpoint is one UPDATE (one round trip),
 * conditional on the lease, so it is atomic and a process that lost its lease cannot write.
 *
 * @example
 * import { PostgresRunStore } from 'agentrun/postgres';
 * const runStore = PostgresRunStore.fromUrl('postgres://app@db/app');
 */
export class PostgresRunStore implements RunStore {
  readonly leaseMs: number;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly sql: RunStoreSql;
  private schema: Promise<void> | undefined;

  constructor(options: PostgresRunStoreOptions & { ownsPool?: never }) {
    const pool = options?.pool as Partial<Pool> | undefined;
    if (typeof pool?.query !== 'function' || typeof pool.connect !== 'function') throw new UserError('PostgresRunStore: pool must be a pg Pool');
    this.pool = options.pool;
    this.ownsPool = ownedPools.has(options.pool);
    this.leaseMs = checkLeaseMs(options.leaseMs, 'PostgresRunStore');
    this.sql = runStoreSql(options.tableName ?? 'agentrun_runs');
  }

  /** Connect to `url` with a pool this store owns (ended by `close()`). Nothing is sent before the first call. */
  static fromUrl(url: string, options: PostgresRunStoreUrlOptions = {}): PostgresRunStore {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError('PostgresRunStore: invalid PostgreSQL URL');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new UserError(`PostgresRunStore: URL must start with postgres:// or postgresql://, got ${parsed.protocol}//`);
    }
    runStoreSql(options.tableName ?? 'agentrun_runs');
    const pg = loadOptionalPeer<typeof import('pg')>('pg', 'PostgresRunStore.fromUrl (agentrun/postgres)');
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5000, ...options.poolOptions });
    // An idle client losing its server emits 'error' on the pool; the next query reports it.
    pool.on('error', () => {});
    ownedPools.add(pool);
    return new PostgresRunStore({ pool, leaseMs: options.leaseMs, tableName: options.tableName });
  }

  async list(filter: { status?: RunStatus } = {}): Promise<RunSummary[]> {
    const rows = filter.status === undefined ? await this.query(this.sql.listAll, []) : await this.query(this.sql.listStatus, [filter.status]);
    return rows.map(([runId, status, agentName, turn, updatedAt]) => ({ runId, status, agentName, turn, updatedAt: new Date(Number(updatedAt)) }));
  }

  async load(runId: string): Promise<RunState | undefined> {
    assertRunId(runId, 'PostgresRunStore.load');
    const rows = await this.query(this.sql.select, [runId]);
    return rows[0] ? detachedState(rows[0][4]) : undefined;
  }

  async delete(runId: string): Promise<void> {
    await this.query(this.sql.remove, [runId]);
  }

  async acquire(runId: string, h: LeaseHolder, mode: AcquireMode): Promise<StoredRun> {
    const now = Date.now();
    if (mode.kind === 'create') {
      const c = mode.checkpoint;
      const rows = await this.query(this.sql.insert, [runId, c.status, c.agentName, c.turn, c.state.text, c.steps.text, now, h.owner, h.pid, h.hostname, now + this.leaseMs]);
      if (rows.length === 0) throw new UserError(`Run '${runId}' already exists in the run store; resume it with Runner.resume, or give a new runId`);
      return toStored(rows[0]!);
    }
    const lease = (await this.query(this.sql.selectLease, [runId]))[0] as unknown as [string | null, number | null, string | null, string] | undefined;
    if (!lease) throw new UserError(`No run '${runId}' in the run store`);
    const expiresAt = Number(lease[3]);
    checkLeaseFree(runId, { owner: lease[0], pid: lease[1], hostname: lease[2], expiresAt }, now);
    // Compare-and-set on the lease we judged: a process that took it meanwhile wins, we fail.
    const rows = await this.query(this.sql.take, [runId, lease[0], expiresAt, h.owner, h.pid, h.hostname, now + this.leaseMs]);
    if (rows.length === 0) throw new UserError(`Run '${runId}' was just taken over by another process`);
    return toStored(rows[0]!);
  }

  async save(runId: string, owner: string, c: RunCheckpoint): Promise<void> {
    const now = Date.now();
    const rows = await this.query(this.sql.save, [runId, owner, c.status, c.agentName, c.turn, c.state.text, c.steps.text, now, c.release ? 1 : 0, now + this.leaseMs]);
    if (rows.length === 0) throw new RunLeaseLostError(runId);
  }

  async renew(runId: string, owner: string): Promise<void> {
    const rows = await this.query(this.sql.renew, [runId, owner, Date.now() + this.leaseMs]);
    if (rows.length === 0) throw new RunLeaseLostError(runId);
  }

  async release(runId: string, owner: string): Promise<void> {
    await this.query(this.sql.release, [runId, owner]);
  }

  /** End the pool if this store created it (`fromUrl`); a borrowed pool stays open. */
  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  private async query(q: { name: string; text: string }, values: unknown[]): Promise<Row[]> {
    this.schema ??= this.pool.query(this.sql.createSchema).then(() => undefined);
    try {
      await this.schema;
    } catch (error) {
      this.schema = undefined;
      throw error;
    }
    const result = await this.pool.query<Row>({ name: q.name, text: q.text, values, rowMode: 'array' });
    return result.rows;
  }
}

const ownedPools = new WeakSet<Pool>();

function toStored(row: Row): StoredRun {
  const [runId, status, agentName, turn, state, steps, updatedAt] = row;
  return { runId, status, agentName, turn, state, steps, updatedAt: new Date(Number(updatedAt)) };
}
