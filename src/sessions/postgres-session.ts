import type { Pool, PoolConfig } from 'pg';
import { loadOptionalPeer } from '../utils/optional-peer.js';
import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import type { Session } from './session.js';
import { ensureSchema, poolTarget, tableSql, toSessionError, urlTarget, type NamedQuery, type TableSql } from './postgres-schema.js';
import { assertSessionId, checkLimit, checkStoredItem, serializeItemList } from './validation.js';

const BACKEND = 'PostgresSession';
const DEFAULT_TABLE = 'agentrun_session_items';
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** Options of `new PostgresSession(...)`. */
export interface PostgresSessionOptions {
  /** `name` or `schema.name`; default `'agentrun_session_items'`. Created on first use. */
  tableName?: string;
}

/** Options of `PostgresSession.fromUrl(...)`. */
export interface PostgresSessionUrlOptions extends PostgresSessionOptions {
  /** Give up connecting after this long. Default 5000. */
  connectTimeoutMs?: number;
  /** Extra pg Pool options for the pool this session creates and owns. */
  poolOptions?: PoolConfig;
}

type Row = [id: string, item: unknown];

/**
 * A session stored in PostgreSQL: one row per item (`id bigserial, session_id text, item jsonb,
 * created_at timestamptz`), in a table created on first use. Each operation is one statement;
 * `addItems` holds a per-session advisory lock while it inserts, so concurrent writers from any
 * number of pools or processes never interleave their items.
 *
 * `fromUrl` creates and owns a pool (ended by `close()`); the constructor borrows yours, which
 * `close()` leaves open. Share one pool between many sessions rather than one per session.
 *
 * @example
 * import { PostgresSession } from 'agentrun/postgres';
 * const session = PostgresSession.fromUrl('user-42', 'postgres://app@db/app');
 */
export class PostgresSession implements Session {
  readonly sessionId: string;
  readonly tableName: string;
  private readonly pool: Pool;
  private readonly sql: TableSql;
  private readonly host: string;
  private readonly lockKey: string;
  private readonly ownsPool: boolean;
  private closed = false;
  private schemaReady = false;

  /** Use an existing pg Pool (not ended by `close()`). */
  constructor(sessionId: string, pool: Pool, options: PostgresSessionOptions = {}) {
    assertSessionId(sessionId, BACKEND);
    // Duck-typed: a Pool from another copy of pg is just as good.
    if (typeof (pool as Partial<Pool> | null)?.query !== 'function' || typeof pool.connect !== 'function') {
      throw new UserError(`${BACKEND}: pool must be a pg Pool`);
    }
    this.sql = tableSql(options.tableName ?? DEFAULT_TABLE);
    this.sessionId = sessionId;
    this.tableName = this.sql.tableName;
    this.pool = pool;
    this.host = ownedPools.get(pool) ?? poolTarget(pool);
    this.ownsPool = ownedPools.has(pool);
    this.lockKey = `${this.tableName}:${sessionId}`;
  }

  /**
   * Connect to `url` (`postgres://` or `postgresql://`) with a pool this session owns. Nothing is
   * sent until the first call; an unreachable server makes that call reject with
   * `SessionConnectionError` within `connectTimeoutMs`.
   */
  static fromUrl(sessionId: string, url: string, options: PostgresSessionUrlOptions = {}): PostgresSession {
    assertSessionId(sessionId, BACKEND);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError(`${BACKEND}: invalid PostgreSQL URL`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new UserError(`${BACKEND}: URL must start with postgres:// or postgresql://, got ${parsed.protocol}//`);
    }
    const { connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, poolOptions, ...sessionOptions } = options;
    if (!(Number.isFinite(connectTimeoutMs) && connectTimeoutMs > 0)) {
      throw new UserError(`${BACKEND}: connectTimeoutMs must be a positive number, got ${String(connectTimeoutMs)}`);
    }
    tableSql(sessionOptions.tableName ?? DEFAULT_TABLE); // fail on a bad name before opening a pool
    // allowExitOnIdle: idle pooled connections never keep the process alive after a run.
    const pg = loadOptionalPeer<typeof import('pg')>('pg', 'PostgresSession.fromUrl (agentrun/postgres)');
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, allowExitOnIdle: true, ...poolOptions });
    // An idle pooled client that loses its server emits 'error' on the pool; unhandled, that
    // would crash the process. The next query reconnects or reports the failure itself.
    pool.on('error', () => {});
    ownedPools.set(pool, urlTarget(parsed));
    return new PostgresSession(sessionId, pool, sessionOptions);
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const n = checkLimit(limit, BACKEND);
    if (n === 0) return [];
    const rows =
      n === undefined
        ? await this.query(this.sql.selectAll, [this.sessionId])
        : (await this.query(this.sql.selectNewest, [this.sessionId, n])).reverse();
    const out = new Array<AgentInputItem>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.decode(rows[i]!);
    return out;
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    const json = serializeItemList(items, BACKEND);
    if (items.length === 0) return;
    await this.query(this.sql.append, [this.lockKey, this.sessionId, json]);
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    const rows = await this.query(this.sql.popNewest, [this.sessionId]);
    return rows.length === 0 ? undefined : this.decode(rows[0]!);
  }

  async clearSession(): Promise<void> {
    await this.query(this.sql.clear, [this.sessionId]);
  }

  /** End the pool if this session created it (`fromUrl`); a borrowed pool stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool && !this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  private async query(q: NamedQuery, values: unknown[]): Promise<Row[]> {
    if (this.closed) throw new UserError(`${BACKEND}: session ${JSON.stringify(this.sessionId)} is closed`);
    if (!this.schemaReady) {
      await ensureSchema({ pool: this.pool, sql: this.sql, host: this.host });
      this.schemaReady = true;
    }
    try {
      const result = await this.pool.query<Row>({ name: q.name, text: q.text, values, rowMode: 'array' });
      return result.rows;
    } catch (err) {
      throw toSessionError(err, this.host);
    }
  }

  private decode(row: Row): AgentInputItem {
    return checkStoredItem(row[1], {
      backend: BACKEND,
      sessionId: this.sessionId,
      position: `id ${row[0]} of table ${this.tableName}`,
    });
  }
}

/** Pools created by `fromUrl`, with the host:port of their URL; their session ends them. */
const ownedPools = new WeakMap<Pool, string>();
