import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SessionConnectionError } from './errors.js';

/**
 * One better-sqlite3 connection with the session schema in place and its statements prepared
 * once. File databases are shared per resolved path within the process (reference counted);
 * in-memory ones belong to a single session.
 */
export interface SqliteConnection {
  readonly db: BetterSqlite3.Database;
  /** Rows as `[id, message_data]`, oldest first. */
  readonly selectAll: BetterSqlite3.Statement<[string], [number, string]>;
  /** Rows as `[id, message_data]`, newest first. */
  readonly selectNewest: BetterSqlite3.Statement<[string, number], [number, string]>;
  /** One statement, hence atomic: deletes the newest row and returns it. */
  readonly popNewest: BetterSqlite3.Statement<[string], [number, string]>;
  /** Appends all texts in one IMMEDIATE transaction: all land, contiguous, or none. */
  readonly appendItems: (sessionId: string, texts: readonly string[]) => void;
  /** Deletes the session's items and its session row in one transaction. */
  readonly clearSession: (sessionId: string) => void;
}

const BACKEND = 'SQLiteSession';
/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

// Same tables and columns as the Python SDK's SQLiteSession (plus an index on (session_id, id)).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_sessions (
  session_id TEXT PRIMARY KEY,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS agent_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  message_data TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (session_id) REFERENCES agent_sessions (session_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_agent_messages_session_id_id ON agent_messages (session_id, id);
`;

type DatabaseConstructor = typeof BetterSqlite3;
let databaseClass: DatabaseConstructor | undefined;

/** The native module is loaded on first use, so importing agentrun stays cheap. */
function loadDatabaseClass(): DatabaseConstructor {
  databaseClass ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  return databaseClass;
}

interface SharedEntry {
  connection: SqliteConnection;
  refs: number;
}
const shared = new Map<string, SharedEntry>();

/** `':memory:'` and `''` (a private temporary database) are never shared. */
export function isPrivateDatabase(dbPath: string): boolean {
  return dbPath === ':memory:' || dbPath === '';
}

/** Open (or join) the connection for `dbPath`. Pair every call with `releaseConnection`. */
export function acquireConnection(dbPath: string): SqliteConnection {
  if (isPrivateDatabase(dbPath)) return openConnection(dbPath, false);
  const key = resolve(dbPath);
  let entry = shared.get(key);
  if (!entry) {
    entry = { connection: openConnection(key, true), refs: 0 };
    shared.set(key, entry);
  }
  entry.refs++;
  return entry.connection;
}

/** Drop one reference; the last one closes the database. */
export function releaseConnection(dbPath: string, connection: SqliteConnection): void {
  if (isPrivateDatabase(dbPath)) {
    connection.db.close();
    return;
  }
  const key = resolve(dbPath);
  const entry = shared.get(key);
  if (!entry || entry.connection !== connection) return;
  if (--entry.refs === 0) {
    shared.delete(key);
    entry.connection.db.close();
  }
}

function openConnection(path: string, isFile: boolean): SqliteConnection {
  const Database = loadDatabaseClass();
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new SessionConnectionError({ backend: BACKEND, host: path, detail: (err as Error).message, cause: err });
  }
  try {
    if (isFile) {
      // WAL lets readers run while another connection or process writes; NORMAL sync is
      // durable across application crashes, which is the guarantee sessions need.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    return prepare(db);
  } catch (err) {
    db.close();
    throw new SessionConnectionError({
      backend: BACKEND,
      host: path,
      detail: `cannot prepare the session schema: ${(err as Error).message}`,
      cause: err,
    });
  }
}

function prepare(db: BetterSqlite3.Database): SqliteConnection {
  const touchSession = db.prepare<[string]>(
    `INSERT INTO agent_sessions (session_id) VALUES (?)
     ON CONFLICT (session_id) DO UPDATE SET updated_at = CURRENT_TIMESTAMP`,
  );
  const insertItem = db.prepare<[string, string]>(
    'INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)',
  );
  const deleteItems = db.prepare<[string]>('DELETE FROM agent_messages WHERE session_id = ?');
  const deleteSession = db.prepare<[string]>('DELETE FROM agent_sessions WHERE session_id = ?');
  const append = db.transaction((sessionId: string, texts: readonly string[]) => {
    touchSession.run(sessionId);
    for (const text of texts) insertItem.run(sessionId, text);
  });
  const clear = db.transaction((sessionId: string) => {
    deleteItems.run(sessionId);
    deleteSession.run(sessionId);
  });
  return {
    db,
    // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can
    // fail with SQLITE_BUSY without waiting when another process writes concurrently.
    appendItems: (sessionId, texts) => append.immediate(sessionId, texts),
    clearSession: (sessionId) => clear.immediate(sessionId),
    selectAll: db
      .prepare<[string], [number, string]>(
        'SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id ASC',
      )
      .raw(),
    selectNewest: db
      .prepare<[string, number], [number, string]>(
        'SELECT id, message_data FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT ?',
      )
      .raw(),
    popNewest: db
      .prepare<[string], [number, string]>(
        `DELETE FROM agent_messages WHERE id =
           (SELECT id FROM agent_messages WHERE session_id = ? ORDER BY id DESC LIMIT 1)
         RETURNING id, message_data`,
      )
      .raw(),
  };
}
