import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it, type TestContext } from 'node:test';
import pg from 'pg';
import { UserError } from '../../src/errors/index.js';
import { PostgresSession, SessionConnectionError } from '../../src/postgres.js';
import type { Session } from '../../src/sessions/session.js';
import { closedPort, silentServer } from './net-helpers.js';
import { registerSessionContract } from './session-contract.js';
import { POSTGRES_URL, skipUnlessRequired, tcpUnavailable } from './services.js';

const TABLE = `agentrun_test_${randomBytes(4).toString('hex')}`;
const extraTables: string[] = [];
let pools: { a: pg.Pool; b: pg.Pool } | undefined;
let availability: Promise<string | undefined> | undefined;

/** Checks PostgreSQL once; opens two separate pools (separate connections) when it answers. */
function postgresUnavailable(): Promise<string | undefined> {
  availability ??= tcpUnavailable(POSTGRES_URL, 5432, 'PostgreSQL').then((reason) => {
    if (reason === undefined) {
      pools = { a: new pg.Pool({ connectionString: POSTGRES_URL }), b: new pg.Pool({ connectionString: POSTGRES_URL }) };
    }
    return reason;
  });
  return availability;
}

async function requirePostgres(t: TestContext): Promise<{ a: pg.Pool; b: pg.Pool } | undefined> {
  const reason = await postgresUnavailable();
  if (reason !== undefined) {
    skipUnlessRequired(t, reason);
    return undefined;
  }
  return pools!;
}

after(async () => {
  if (!pools) return;
  for (const table of [TABLE, ...extraTables]) await pools.a.query(`DROP TABLE IF EXISTS ${table}`);
  await pools.a.end();
  await pools.b.end();
});

registerSessionContract({
  backend: 'PostgresSession',
  title: 'PostgresSession (two pools)',
  unavailable: postgresUnavailable,
  open: (id) => new PostgresSession(id, pools!.a, { tableName: TABLE }),
  shared: true,
  openOther: async (id) => new PostgresSession(id, pools!.b, { tableName: TABLE }),
  injectRaw: async (id, raw) => {
    await pools!.a.query(`INSERT INTO ${TABLE} (session_id, item) VALUES ($1, $2::jsonb)`, [id, raw]);
  },
  // jsonb only holds valid JSON, so corruption here means a value that is not an item object.
  corruptSamples: ['[1,2]', '"text"', '42', 'null', '{"content":"no type or role"}'],
  // jsonb cannot hold U+0000: the server rejects the batch after validation passed.
  poisonItem: async () => ({ role: 'user', content: 'nul \u0000 inside' }),
  closeSession: (s: Session) => (s as PostgresSession).close(),
});

describe('PostgresSession specifics', () => {
  it('creates the table (bigserial id, text session_id, jsonb item, timestamptz) and its index on first use', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const table = `${TABLE}_schema`;
    extraTables.push(table);
    const s = new PostgresSession('s', p.a, { tableName: table });
    await s.addItems([{ role: 'user', content: 'x' }]);
    const cols = await p.b.query(
      `SELECT column_name, data_type, column_default FROM information_schema.columns
       WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    assert.deepEqual(
      cols.rows.map((r) => [r.column_name, r.data_type]),
      [['id', 'bigint'], ['session_id', 'text'], ['item', 'jsonb'], ['created_at', 'timestamp with time zone']],
    );
    assert.match(cols.rows[0].column_default, /nextval/);
    const idx = await p.b.query(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2`, [
      table,
      `${table}_session_id_idx`,
    ]);
    assert.match(idx.rows[0].indexdef, /\(session_id, id\)/);
    const row = await p.b.query(`SELECT session_id, item FROM ${table}`);
    assert.deepEqual(row.rows, [{ session_id: 's', item: { role: 'user', content: 'x' } }]);
  });

  it('many pools creating the same new table at once all succeed', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const table = `${TABLE}_race`;
    extraTables.push(table);
    const racers = Array.from({ length: 8 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }));
    try {
      await Promise.all(
        racers.map((pool, i) => new PostgresSession(`r${i}`, pool, { tableName: table }).addItems([{ role: 'user', content: `${i}` }])),
      );
      const count = await p.a.query(`SELECT count(*)::int AS n FROM ${table}`);
      assert.equal(count.rows[0].n, 8);
    } finally {
      await Promise.all(racers.map((pool) => pool.end()));
    }
  });

  it('an item with U+0000 is a UserError naming the backend', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const s = new PostgresSession('nul', p.a, { tableName: TABLE });
    await assert.rejects(s.addItems([{ role: 'user', content: 'a\u0000b' }]), (err: unknown) => {
      assert.ok(err instanceof UserError, String(err));
      assert.match(err.message, /PostgresSession/);
      return true;
    });
  });

  it('accepts a schema-qualified table name', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const table = `${TABLE}_qualified`;
    extraTables.push(table);
    const s = new PostgresSession('q', p.a, { tableName: `public.${table}` });
    await s.addItems([{ role: 'user', content: 'x' }]);
    assert.deepEqual(await new PostgresSession('q', p.b, { tableName: table }).getItems(), [{ role: 'user', content: 'x' }]);
  });

  it('fromUrl owns its pool (close() ends it); a borrowed pool stays open', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const owned = PostgresSession.fromUrl('owned', POSTGRES_URL, { tableName: TABLE });
    await owned.addItems([{ role: 'user', content: 'x' }]);
    assert.deepEqual(await owned.getItems(), [{ role: 'user', content: 'x' }]);
    await owned.close();
    await assert.rejects(owned.getItems(), (err: unknown) => err instanceof UserError && /closed/.test(err.message));
    await new PostgresSession('owned', p.a, { tableName: TABLE }).close();
    assert.equal((await p.a.query('SELECT 1 AS one')).rows[0].one, 1);
  });

  it('a missing database is a SessionConnectionError', async (t) => {
    const p = await requirePostgres(t);
    if (!p) return;
    const url = new URL(POSTGRES_URL);
    url.pathname = `/agentrun_no_such_db_${randomBytes(3).toString('hex')}`;
    const s = PostgresSession.fromUrl('s', url.toString());
    await assert.rejects(s.getItems(), (err: unknown) => err instanceof SessionConnectionError && /does not exist/.test(err.message));
    await s.close();
  });

  it('bad construction arguments are UserErrors', () => {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL });
    for (const bad of ['bad-name', 'a.b.c', '"x"', 'x'.repeat(49), '', '1abc', 'drop table;']) {
      assert.throws(() => new PostgresSession('s', pool, { tableName: bad }), /tableName/, bad);
    }
    assert.throws(() => new PostgresSession('s', {} as pg.Pool), /pg Pool/);
    assert.throws(() => PostgresSession.fromUrl('s', 'mysql://localhost/x'), /postgres:\/\//);
    assert.throws(() => PostgresSession.fromUrl('s', 'nope'), UserError);
    assert.throws(() => PostgresSession.fromUrl('s', POSTGRES_URL, { connectTimeoutMs: -1 }), /connectTimeoutMs/);
    assert.throws(() => PostgresSession.fromUrl('s', POSTGRES_URL, { tableName: 'x-y' }), /tableName/);
    void pool.end();
  });

  it('a refused connection fails fast with SessionConnectionError naming the host, not the password', async () => {
    const port = await closedPort();
    const s = PostgresSession.fromUrl('s', `postgres://user:hunter2@127.0.0.1:${port}/db`);
    const started = Date.now();
    await assert.rejects(s.addItems([{ role: 'user', content: 'x' }]), (err: unknown) => {
      assert.ok(err instanceof SessionConnectionError, String(err));
      assert.equal(err.backend, 'PostgresSession');
      assert.equal(err.host, `127.0.0.1:${port}`);
      assert.match(err.message, new RegExp(`PostgresSession.*127\\.0\\.0\\.1:${port}`));
      assert.ok(!err.message.includes('hunter2'));
      return true;
    });
    assert.ok(Date.now() - started < 3000);
    await s.close();
  });

  it('a server that accepts but never answers times out instead of hanging', async () => {
    const server = await silentServer();
    const s = PostgresSession.fromUrl('s', `postgres://u@127.0.0.1:${server.port}/db`, { connectTimeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(s.getItems(), (err: unknown) => err instanceof SessionConnectionError && /timeout/.test(err.message));
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    await s.close();
    await server.close();
  });
});
