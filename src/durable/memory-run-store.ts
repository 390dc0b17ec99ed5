import { UserError } from '../errors/index.js';
import type { RunState } from '../run/run-state.js';
import { detachedState } from './detached-state.js';
import { RunLeaseLostError } from './errors.js';
import { assertRunId, checkLeaseFree, checkLeaseMs, type LeaseRow } from './lease.js';
import type { AcquireMode, LeaseHolder, RunCheckpoint, RunStatus, RunStore, RunSummary, StoredRun } from './run-store.js';

interface Row extends Omit<StoredRun, 'state' | 'steps' | 'updatedAt'> {
  /** The checkpoint's snapshots: their text is made only when the run is loaded. */
  state: RunCheckpoint['state'];
  steps: RunCheckpoint['steps'];
  updatedAt: number;
  lease: LeaseRow;
}

/**
 * A RunStore in this process's memory: runs survive a failed run (resume with another
 * `Runner.resume`) but not the process. For tests and for approvals within one process.
 */
export class MemoryRunStore implements RunStore {
  readonly leaseMs: number;
  private readonly rows = new Map<string, Row>();

  constructor(options: { leaseMs?: number } = {}) {
    this.leaseMs = checkLeaseMs(options.leaseMs, 'MemoryRunStore');
  }

  async list(filter: { status?: RunStatus } = {}): Promise<RunSummary[]> {
    return [...this.rows.values()]
      .filter((r) => filter.status === undefined || r.status === filter.status)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((r) => ({ runId: r.runId, status: r.status, agentName: r.agentName, turn: r.turn, updatedAt: new Date(r.updatedAt) }));
  }

  async load(runId: string): Promise<RunState | undefined> {
    assertRunId(runId, 'MemoryRunStore.load');
    const row = this.rows.get(runId);
    return row ? detachedState(row.state.text) : undefined;
  }

  async delete(runId: string): Promise<void> {
    this.rows.delete(runId);
  }

  async acquire(runId: string, holder: LeaseHolder, mode: AcquireMode): Promise<StoredRun> {
    const now = Date.now();
    const lease: LeaseRow = { owner: holder.owner, pid: holder.pid, hostname: holder.hostname, expiresAt: now + this.leaseMs };
    const existing = this.rows.get(runId);
    if (mode.kind === 'create') {
      if (existing) throw new UserError(`Run '${runId}' already exists in the run store; resume it with Runner.resume, or give a new runId`);
      const { release: _release, ...fields } = mode.checkpoint;
      const row: Row = { runId, ...fields, updatedAt: now, lease };
      this.rows.set(runId, row);
      return copy(row);
    }
    if (!existing) throw new UserError(`No run '${runId}' in the run store`);
    checkLeaseFree(runId, existing.lease, now);
    existing.lease = lease;
    return copy(existing);
  }

  async save(runId: string, owner: string, checkpoint: RunCheckpoint): Promise<void> {
    const row = this.held(runId, owner);
    const now = Date.now();
    row.status = checkpoint.status;
    row.agentName = checkpoint.agentName;
    row.turn = checkpoint.turn;
    row.state = checkpoint.state;
    row.steps = checkpoint.steps;
    row.updatedAt = now;
    if (checkpoint.release) row.lease = { owner: null, pid: null, hostname: null, expiresAt: 0 };
    else row.lease.expiresAt = now + this.leaseMs;
  }

  async renew(runId: string, owner: string): Promise<void> {
    this.held(runId, owner).lease.expiresAt = Date.now() + this.leaseMs;
  }

  async release(runId: string, owner: string): Promise<void> {
    const row = this.rows.get(runId);
    if (row && row.lease.owner === owner) row.lease = { owner: null, pid: null, hostname: null, expiresAt: 0 };
  }

  async close(): Promise<void> {}

  private held(runId: string, owner: string): Row {
    const row = this.rows.get(runId);
    if (!row || row.lease.owner !== owner) throw new RunLeaseLostError(runId);
    return row;
  }
}

/** The row as it is now; its texts are made when read (a new run's creation never reads them). */
function copy(row: Row): StoredRun {
  return new RowCopy(row);
}

class RowCopy implements StoredRun {
  readonly runId: string;
  readonly status: RunStatus;
  readonly agentName: string;
  readonly turn: number;
  readonly updatedAt: Date;
  readonly #state: RunCheckpoint['state'];
  readonly #steps: RunCheckpoint['steps'];

  constructor(row: Row) {
    this.runId = row.runId;
    this.status = row.status;
    this.agentName = row.agentName;
    this.turn = row.turn;
    this.updatedAt = new Date(row.updatedAt);
    this.#state = row.state;
    this.#steps = row.steps;
  }

  get state(): string {
    return this.#state.text;
  }

  get steps(): string {
    return this.#steps.text;
  }
}
