import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../errors/index.js';
import type { RunState } from '../run/run-state.js';
import { detachedState } from './detached-state.js';
import { RunLeaseLostError } from './errors.js';
import { assertRunId, checkLeaseFree, checkLeaseMs } from './lease.js';
import type { AcquireMode, LeaseHolder, RunCheckpoint, RunStatus, RunStore, RunSummary, StoredRun } from './run-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agentrun_runs (
  run_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  agent_name TEXT NOT NULL,
  turn INTEGER NOT NULL,
  state TEXT NOT NULL,
  steps TEXT NOT NULL,
  lease_owner TEXT,
  lease_pid INTEGER,
  lease_host TEXT,
  lease_expires INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_agentrun_runs_status ON agentrun_runs (status, updated_at);
`;

type RunRow = [string, RunStatus, string, number, string, string, number];
type LeaseCols = [string | null, number | null, string | null, number];

/**
 * A RunStore in a SQLite database (better-sqlite3): the embedded default. A file database is in
 * WAL mode and every checkpoint is one statement (its own transaction), so a run survives a
 * crash of its process; `':memory:'` (the default) lasts as long as the store.
 */
export class SQLiteRunStore implements RunStore {
  readonly leaseMs: number;
  private readonly db: BetterSqlite3.Database;
  private readonly stmt: ReturnType<typeof prepare>;

  constructor(dbPath = ':memory:', options: { leaseMs?: number } = {}) {
    if (typeof dbPath !== 'string') throw new UserError('SQLiteRunStore: dbPath must be a string');
    this.leaseMs = checkLeaseMs(options.leaseMs, 'SQLiteRunStore');
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    this.db = new Database(dbPath, { timeout: 10_000 });
    try {
      if (dbPath !== ':memory:' && dbPath !== '') {
        // WAL: readers never wait for the writer; NORMAL sync survives a process crash (not a power cut).
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.exec(SCHEMA);
      this.stmt = prepare(this.db);
    } catch (error) {
      this.db.close();
      throw new UserError(`SQLiteRunStore: cannot open '${dbPath}': ${(error as Error).message}`, { cause: error });
    }
  }

  async list(filter: { status?: RunStatus } = {}): Promise<RunSummary[]> {
    const rows = filter.status === undefined ? this.stmt.listAll.all() : this.stmt.listStatus.all(filter.status);
    return rows.map(([runId, status, agentName, turn, updatedAt]) => ({ runId, status, agentName, turn, updatedAt: new Date(updatedAt) }));
  }

  async load(runId: string): Promise<RunState | undefined> {
    assertRunId(runId, 'SQLiteRunStore.load');
    const row = this.stmt.select.get(runId);
    return row ? detachedState(row[4]) : undefined;
  }

  async delete(runId: string): Promise<void> {
    this.stmt.remove.run(runId);
  }

  async acquire(runId: string, holder: LeaseHolder, mode: AcquireMode): Promise<StoredRun> {
    // IMMEDIATE: the check and the take happen under the write lock, so two processes cannot both win.
    return this.stmt.acquire.immediate(runId, holder, mode, this.leaseMs);
  }

  async save(runId: string, owner: string, c: RunCheckpoint): Promise<void> {
    const now = Date.now();
    const info = c.release
      ? this.stmt.saveRelease.run(c.status, c.agentName, c.turn, c.state.text, c.steps.text, now, runId, owner)
      : this.stmt.save.run(c.status, c.agentName, c.turn, c.state.text, c.steps.text, now + this.leaseMs, now, runId, owner);
    if (info.changes === 0) throw new RunLeaseLostError(runId);
  }

  async renew(runId: string, owner: string): Promise<void> {
    if (this.stmt.renew.run(Date.now() + this.leaseMs, runId, owner).changes === 0) throw new RunLeaseLostError(runId);
  }

  async release(runId: string, owner: string): Promise<void> {
    this.stmt.release.run(runId, owner);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toStored(row: RunRow): StoredRun {
  const [runId, status, agentName, turn, state, steps, updatedAt] = row;
  return { runId, status, agentName, turn, state, steps, updatedAt: new Date(updatedAt) };
}

function prepare(db: BetterSqlite3.Database) {
  const cols = 'run_id, status, agent_name, turn, state, steps, updated_at';
  const select = db.prepare<[string], RunRow>(`SELECT ${cols} FROM agentrun_runs WHERE run_id = ?`).raw();
  const selectLease = db.prepare<[string], LeaseCols>('SELECT lease_owner, lease_pid, lease_host, lease_expires FROM agentrun_runs WHERE run_id = ?').raw();
  const insert = db.prepare(`INSERT INTO agentrun_runs (${cols}, lease_owner, lease_pid, lease_host, lease_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const take = db.prepare('UPDATE agentrun_runs SET lease_owner = ?, lease_pid = ?, lease_host = ?, lease_expires = ? WHERE run_id = ?');
  const acquire = db.transaction((runId: string, h: LeaseHolder, mode: AcquireMode, leaseMs: number): StoredRun => {
    const now = Date.now();
    const lease = selectLease.get(runId);
    if (mode.kind === 'create') {
      if (lease) throw new UserError(`Run '${runId}' already exists in the run store; resume it with Runner.resume, or give a new runId`);
      const c = mode.checkpoint;
      insert.run(runId, c.status, c.agentName, c.turn, c.state.text, c.steps.text, now, h.owner, h.pid, h.hostname, now + leaseMs);
    } else {
      if (!lease) throw new UserError(`No run '${runId}' in the run store`);
      checkLeaseFree(runId, { owner: lease[0], pid: lease[1], hostname: lease[2], expiresAt: lease[3] }, now);
      take.run(h.owner, h.pid, h.hostname, now + leaseMs, runId);
    }
    return toStored(select.get(runId)!);
  });
  return {
    select,
    acquire,
    listAll: db.prepare<[], RunRow>('SELECT run_id, status, agent_name, turn, updated_at FROM agentrun_runs ORDER BY updated_at DESC').raw() as unknown as BetterSqlite3.Statement<[], [string, RunStatus, string, number, number]>,
    listStatus: db.prepare<[string], RunRow>('SELECT run_id, status, agent_name, turn, updated_at FROM agentrun_runs WHERE status = ? ORDER BY updated_at DESC').raw() as unknown as BetterSqlite3.Statement<[string], [string, RunStatus, string, number, number]>,
    remove: db.prepare('DELETE FROM agentrun_runs WHERE run_id = ?'),
    save: db.prepare(
      'UPDATE agentrun_runs SET status = ?, agent_name = ?, turn = ?, state = ?, steps = ?, lease_expires = ?, updated_at = ? WHERE run_id = ? AND lease_owner = ?',
    ),
    saveRelease: db.prepare(
      `UPDATE agentrun_runs SET status = ?, agent_name = ?, turn = ?, state = ?, steps = ?, updated_at = ?,
         lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires = 0 WHERE run_id = ? AND lease_owner = ?`,
    ),
    renew: db.prepare('UPDATE agentrun_runs SET lease_expires = ? WHERE run_id = ? AND lease_owner = ?'),
    release: db.prepare('UPDATE agentrun_runs SET lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires = 0 WHERE run_id = ? AND lease_owner = ?'),
  };
}
