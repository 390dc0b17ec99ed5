import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { UserError } from '../errors/index.js';
import { SessionConnectionError } from './errors.js';

const BACKEND = 'PostgresSession';
// Leaves room for the `_session_id_idx` suffix within PostgreSQL's 63-byte identifier limit,
// so the index name is never silently truncated into a clash.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

/** A named prepared statement: parsed once per pooled connection, then only bound and run. */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
}

/** The SQL of one session table, built once per table name. */
export interface TableSql {
  /** The table name as given (`name` or `schema.name`), used in lock keys and messages. */
  readonly tableName: string;
  /** `$1` session lock key, `$2` session id, `$3` JSON array text of the items. */
  readonly append: NamedQuery;
  readonly selectAll: NamedQuery;
  /** `$1` session id, `$2` limit; newest first. */
  readonly selectNewest: NamedQuery;
  readonly popNewest: NamedQuery;
  readonly clear: NamedQuery;
  readonly createSchema: string;
}

const sqlCache = new Map<string, TableSql>();

/** Validate `tableName` (`name` or `schema.name`, plain identifiers) and build its SQL. */
export function tableSql(tableName: string): TableSql {
  const cached = sqlCache.get(tableName);
  if (cached) return cached;
  const parts = typeof tableName === 'string' ? tableName.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new UserError(
      `${BACKEND}: tableName must be "name" or "schema.name" made of letters, digits and _ (max 48 each), got ${JSON.stringify(tableName)}`,
    );
  }
  // Validated above and quoted, so the identifiers are safe to splice; all data goes in parameters.
  const table = parts.map((p) => `"${p}"`).join('.');
  const index = `"${parts[parts.length - 1]}_session_id_idx"`;
  const sql: TableSql = {
    tableName,
    // The lock CTE is joined in, so it is taken before any row (and its id) is produced; it is
    // held until this single statement's transaction ends. Concurrent appends to one session
    // thus get contiguous ids, in array order (ORDER BY n).
    append: named(`WITH session_lock AS (SELECT pg_advisory_xact_lock(hashtextextended($1, 0)))
      INSERT INTO ${table} (session_id, item)
      SELECT $2, u.item FROM session_lock, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS u(item, n)
      ORDER BY u.n`),
    selectAll: named(`SELECT id, item FROM ${table} WHERE session_id = $1 ORDER BY id`),
    selectNewest: named(`SELECT id, item FROM ${table} WHERE session_id = $1 ORDER BY id DESC LIMIT $2`),
    // SKIP LOCKED: concurrent pops each take a different item instead of one finding nothing.
    popNewest: named(`DELETE FROM ${table} WHERE id = (
        SELECT id FROM ${table} WHERE session_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE SKIP LOCKED
      ) RETURNING id, item`),
    clear: named(`DELETE FROM ${table} WHERE session_id = $1`),
    createSchema: `CREATE TABLE IF NOT EXISTS ${table} (
        id bigserial PRIMARY KEY,
        session_id text NOT NULL,
        item jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS ${index} ON ${table} (session_id, id);`,
  };
  sqlCache.set(tableName, sql);
  return sql;
}

function named(text: string): NamedQuery {
  // Derived from the text, so two copies of this module sharing a pool agree on every name.
  return { name: `agentrun_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
}

const schemaReady = new WeakMap<Pool, Map<string, Promise<void>>>();

/**
 * Create the table and index once per pool and table. Concurrent creators (other pools or
 * processes) are serialised by an advisory lock: two racing `CREATE TABLE IF NOT EXISTS` can
 * otherwise both fail-check and one dies on a duplicate catalog row.
 */
export function ensureSchema(options: { pool: Pool; sql: TableSql; host: string }): Promise<void> {
  const { pool, sql } = options;
  let perPool = schemaReady.get(pool);
  if (!perPool) {
    perPool = new Map();
    schemaReady.set(pool, perPool);
  }
  let ready = perPool.get(sql.tableName);
  if (!ready) {
    ready = createSchema(options);
    perPool.set(sql.tableName, ready);
    // A failure (e.g. the server was down) must not stick: the next call tries again.
    ready.catch(() => perPool.delete(sql.tableName));
  }
  return ready;
}

async function createSchema(options: { pool: Pool; sql: TableSql; host: string }): Promise<void> {
  const { pool, sql, host } = options;
  let client;
  try {
    client = await pool.connect();
  } catch (err) {
    throw toSessionError(err, host);
  }
  let failure: unknown;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`agentrun:schema:${sql.tableName}`]);
    await client.query(sql.createSchema);
    await client.query('COMMIT');
  } catch (err) {
    failure = err;
    await client.query('ROLLBACK').catch(() => {});
    throw toSessionError(err, host);
  } finally {
    client.release(isConnectionFailure(failure) ? (failure as Error) : undefined);
  }
}

/** SQLSTATE classes meaning "cannot use this database": connection, auth, no such database, shutdown. */
const UNREACHABLE_SQLSTATE = /^(08|28|3D|57P)/;

/** Errors without a SQLSTATE come from the socket (refused, timeout, terminated). */
export function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return UNREACHABLE_SQLSTATE.test(code);
  return true;
}

/** Map a pg failure to agentrun's errors; other database errors pass through unchanged. */
export function toSessionError(err: unknown, host: string): unknown {
  if (isConnectionFailure(err)) {
    return new SessionConnectionError({ backend: BACKEND, host, detail: (err as Error).message, cause: err });
  }
  if ((err as { code?: unknown }).code === '22P05') {
    // jsonb cannot hold \u0000 (or untranslatable characters): the caller's data, not the server.
    return new UserError(`${BACKEND}: an item cannot be stored in jsonb: ${(err as Error).message}`, { cause: err });
  }
  return err;
}

/** host:port of a pool's server, from its options or connection string; never credentials. */
export function poolTarget(pool: Pool): string {
  const { host, port, connectionString } = pool.options;
  if (connectionString) {
    try {
      return urlTarget(new URL(connectionString));
    } catch {
      // An unparsable string falls back to the discrete options below.
    }
  }
  return `${host ?? process.env.PGHOST ?? 'localhost'}:${port ?? process.env.PGPORT ?? 5432}`;
}

/** host:port of a postgres:// URL (a `?host=` socket directory counts as the host). */
export function urlTarget(url: URL): string {
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  return `${host}:${url.port || '5432'}`;
}
