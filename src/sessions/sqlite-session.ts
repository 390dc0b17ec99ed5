import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import type { Session } from './session.js';
import { acquireConnection, releaseConnection, type SqliteConnection } from './sqlite-connection.js';
import { assertSessionId, checkLimit, parseStoredItem, serializeItems } from './validation.js';

const BACKEND = 'SQLiteSession';

/**
 * A session stored in SQLite (better-sqlite3), the embedded default. `dbPath` defaults to
 * `':memory:'`, a database private to this object; give a file path to persist. Sessions on the
 * same file share one connection per process, and any number of processes may use the file at
 * once (WAL mode, writers wait up to 10 s for each other).
 *
 * The file is opened and the schema created on first use; open failures reject that call with a
 * `SessionConnectionError`. Call `close()` when done (the file closes when its last session does).
 *
 * The tables (`agent_sessions`, `agent_messages`) match the Python SDK's `SQLiteSession`.
 *
 * @example
 * const session = new SQLiteSession('user-42', 'conversations.db');
 * await Runner.run(agent, 'hi', { session });
 * session.close();
 */
export class SQLiteSession implements Session {
  readonly sessionId: string;
  readonly dbPath: string;
  private connection: SqliteConnection | undefined;
  private closed = false;

  constructor(sessionId: string, dbPath: string = ':memory:') {
    assertSessionId(sessionId, BACKEND);
    if (typeof dbPath !== 'string') {
      throw new UserError(`${BACKEND}: dbPath must be a string, got ${typeof dbPath}`);
    }
    this.sessionId = sessionId;
    this.dbPath = dbPath;
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const n = checkLimit(limit, BACKEND);
    if (n === 0) return [];
    const conn = this.conn();
    if (n === undefined) return this.decode(conn.selectAll.all(this.sessionId));
    const rows = conn.selectNewest.all(this.sessionId, n);
    rows.reverse();
    return this.decode(rows);
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    const texts = serializeItems(items, BACKEND);
    if (texts.length === 0) return;
    this.conn().appendItems(this.sessionId, texts);
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    const row = this.conn().popNewest.get(this.sessionId);
    if (row === undefined) return undefined;
    return parseStoredItem(row[1], { backend: BACKEND, sessionId: this.sessionId, position: `row id ${row[0]}` });
  }

  async clearSession(): Promise<void> {
    this.conn().clearSession(this.sessionId);
  }

  /**
   * Release this session's hold on the database; the connection closes when no other session in
   * this process uses the file. Further calls on this session throw `UserError`.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connection) {
      releaseConnection(this.dbPath, this.connection);
      this.connection = undefined;
    }
  }

  private conn(): SqliteConnection {
    if (this.connection) return this.connection;
    if (this.closed) throw new UserError(`${BACKEND}: session ${JSON.stringify(this.sessionId)} is closed`);
    this.connection = acquireConnection(this.dbPath);
    return this.connection;
  }

  private decode(rows: Array<[number, string]>): AgentInputItem[] {
    const out = new Array<AgentInputItem>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [id, text] = rows[i]!;
      out[i] = parseStoredItem(text, { backend: BACKEND, sessionId: this.sessionId, position: `row id ${id}` });
    }
    return out;
  }
}
