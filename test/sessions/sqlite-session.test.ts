import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../../src/errors/index.js';
import type { AgentInputItem } from '../../src/items/types.js';
import { SessionConnectionError } from '../../src/sessions/errors.js';
import type { Session } from '../../src/sessions/session.js';
import { SQLiteSession } from '../../src/sessions/sqlite-session.js';
import { SessionChild } from './helpers/child-session.js';
import { registerSessionContract } from './session-contract.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const dir = mkdtempSync(join(tmpdir(), 'agentrun-sqlite-'));
const children: SessionChild[] = [];
after(async () => {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function startChild(): Promise<SessionChild> {
  const child = new SessionChild();
  children.push(child);
  await child.ready;
  return child;
}

/** A separate raw connection, as another program would have. */
function rawDb(path: string): BetterSqlite3.Database {
  return new Database(path, { timeout: 10_000 });
}

const closeSession = (s: Session): void => (s instanceof SQLiteSession ? s.close() : undefined);
const SQLITE_CORRUPT = ['not json', '{"role":', '[1,2]', '"text"', 'null', '{"content":"no type or role"}'];

registerSessionContract({
  backend: 'SQLiteSession',
  title: 'SQLiteSession (:memory:)',
  open: (id) => new SQLiteSession(id),
  shared: false,
  closeSession,
});

const contractFile = join(dir, 'contract.db');
let contractChild: Promise<SessionChild> | undefined;
registerSessionContract({
  backend: 'SQLiteSession',
  title: 'SQLiteSession (file, second process)',
  open: (id) => new SQLiteSession(id, contractFile),
  shared: true,
  openOther: async (id) => (await (contractChild ??= startChild())).session(id, contractFile),
  injectRaw: async (id, raw) => {
    const db = rawDb(contractFile);
    db.prepare('INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)').run(id, raw);
    db.close();
  },
  corruptSamples: SQLITE_CORRUPT,
  poisonItem: async () => {
    // A trigger makes the storage itself fail on the third row of the batch.
    const db = rawDb(contractFile);
    db.exec(`CREATE TRIGGER IF NOT EXISTS poison BEFORE INSERT ON agent_messages
             WHEN NEW.message_data LIKE '%"poison"%' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    db.close();
    return { role: 'user', content: 'poison' };
  },
  closeSession,
});

const turn = (w: number | string): AgentInputItem[] => [0, 1, 2].map((k) => ({ role: 'user', content: `${w}:${k}` }));

describe('SQLiteSession specifics', () => {
  it('several processes writing one file at once: every turn lands whole and contiguous', async () => {
    const file = join(dir, 'multi.db');
    const kids = await Promise.all([startChild(), startChild(), startChild()]);
    const local = new SQLiteSession('shared', file);
    const writers: Promise<void>[] = [];
    for (let w = 0; w < 120; w++) {
      const target = w % 4 === 3 ? local : kids[w % 4]!.session('shared', file);
      writers.push(target.addItems(turn(`w${w}`)));
    }
    await Promise.all(writers);
    const items = (await local.getItems()) as Array<{ content: string }>;
    assert.equal(items.length, 360);
    for (let i = 0; i < items.length; i += 3) {
      const w = items[i]!.content.split(':')[0]!;
      assert.deepEqual(items.slice(i, i + 3), turn(w));
    }
    assert.deepEqual(await kids[0]!.session('shared', file).getItems(), items);
    local.close();
  });

  it('file databases use WAL and the Python-compatible schema with a (session_id, id) index', async () => {
    const file = join(dir, 'schema.db');
    const s = new SQLiteSession('s', file);
    await s.addItems([{ role: 'user', content: 'x' }]);
    const db = rawDb(file);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const cols = (t: string): string[] => (db.pragma(`table_info(${t})`) as Array<{ name: string }>).map((c) => c.name);
    assert.deepEqual(cols('agent_sessions'), ['session_id', 'created_at', 'updated_at']);
    assert.deepEqual(cols('agent_messages'), ['id', 'session_id', 'message_data', 'created_at']);
    const idx = db.pragma('index_info(idx_agent_messages_session_id_id)') as Array<{ name: string }>;
    assert.deepEqual(idx.map((c) => c.name), ['session_id', 'id']);
    assert.deepEqual(db.prepare('SELECT session_id FROM agent_sessions').pluck().all(), ['s']);
    assert.equal(db.prepare('SELECT message_data FROM agent_messages').pluck().get(), '{"role":"user","content":"x"}');
    db.close();
    await s.clearSession();
    const db2 = rawDb(file);
    assert.equal(db2.prepare('SELECT count(*) FROM agent_sessions').pluck().get(), 0);
    db2.close();
    s.close();
  });

  it('closing one session leaves the other sessions on the same file working', async () => {
    const file = join(dir, 'shared-conn.db');
    const a = new SQLiteSession('a', file);
    const b = new SQLiteSession('b', join(dir, '.', 'shared-conn.db'));
    await a.addItems([{ role: 'user', content: 'a' }]);
    a.close();
    a.close(); // idempotent
    await assert.rejects(a.getItems(), (err: unknown) => err instanceof UserError && /closed/.test(err.message));
    await b.addItems([{ role: 'user', content: 'b' }]);
    assert.deepEqual(await b.getItems(), [{ role: 'user', content: 'b' }]);
    const again = new SQLiteSession('a', file);
    assert.deepEqual(await again.getItems(), [{ role: 'user', content: 'a' }]);
    b.close();
    again.close();
  });

  it('a history written by one process is read back in order after reopening the file', async () => {
    const file = join(dir, 'reopen.db');
    const kid = await startChild();
    await kid.session('conv', file).addItems(turn('first'));
    await kid.session('conv', file).addItems(turn('second'));
    const s = new SQLiteSession('conv', file);
    assert.deepEqual(await s.getItems(), [...turn('first'), ...turn('second')]);
    assert.deepEqual(await s.getItems(4), [...turn('first').slice(2), ...turn('second')]);
    s.close();
  });

  it(':memory: databases are private to each object', async () => {
    const a = new SQLiteSession('same');
    const b = new SQLiteSession('same', ':memory:');
    await a.addItems([{ role: 'user', content: 'x' }]);
    assert.deepEqual(await b.getItems(), []);
    a.close();
    b.close();
  });

  it('an unopenable path rejects the first call with SessionConnectionError naming the path', async () => {
    const bad = join(dir, 'no-such-dir', 'x.db');
    const s = new SQLiteSession('s', bad);
    await assert.rejects(s.getItems(), (err: unknown) => {
      assert.ok(err instanceof SessionConnectionError, String(err));
      assert.equal(err.backend, 'SQLiteSession');
      assert.ok(err.message.includes(bad), err.message);
      return true;
    });
    s.close();
  });

  it('a non-string dbPath is a UserError', () => {
    assert.throws(() => new SQLiteSession('s', 42 as unknown as string), UserError);
  });
});
