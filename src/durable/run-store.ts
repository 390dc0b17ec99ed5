import type { RunState } from '../run/run-state.js';

/** Where a stored run is: still going (or died mid-run), waiting for approvals, or ended. */
export type RunStatus = 'running' | 'interrupted' | 'completed' | 'failed';

/** One row of `runStore.list()`. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  /** The agent the run is at (its current agent). */
  agentName: string;
  /** Model calls made so far. */
  turn: number;
  updatedAt: Date;
}

/** The process holding a run's lease. */
export interface LeaseHolder {
  /** Random per acquisition: two runs of one process never share it. */
  owner: string;
  pid: number;
  hostname: string;
}

/** A run as stored: its last turn-boundary state and the steps of the turn in flight. */
export interface StoredRun {
  runId: string;
  status: RunStatus;
  agentName: string;
  turn: number;
  /** `RunState.toString()` text. */
  state: string;
  /** JSON array of `[stepKey, result]` pairs: the in-flight turn's completed steps. */
  steps: string;
  updatedAt: Date;
}

/** What a checkpoint writes (one atomic write, conditional on still holding the lease). */
export interface RunCheckpoint {
  status: RunStatus;
  agentName: string;
  turn: number;
  /**
   * The run's state at its last turn end, a snapshot (later changes to the run do not change it).
   * `text` is its `RunState.toString()` text, made when first read: a store that keeps checkpoints
   * in this process may keep the snapshot and read the text only when the run is loaded.
   */
  state: { readonly text: string };
  /** The in-flight turn's steps: `text` is the JSON array of `[stepKey, result]` pairs, made when first read. */
  steps: { readonly text: string };
  /** Give up the lease in the same write (the run ended, stopped for approvals, or was cancelled). */
  release: boolean;
}

/** How a run takes its lease. */
export type AcquireMode =
  /** A new run: the id must be free. The row is written with `checkpoint`. */
  | { kind: 'create'; checkpoint: RunCheckpoint }
  /** An existing run: its lease must be free, stale, or held by a dead process on this host. */
  | { kind: 'resume' };

/**
 * Keeps durable runs' checkpoints. `list`, `load` and `delete` are for applications; `acquire`,
 * `save`, `renew` and `release` are what the runner calls while it executes a run (each one
 * atomic). Shipped: `SQLiteRunStore` (embedded default), `MemoryRunStore`, `PostgresRunStore`
 * (`agentrun/postgres`).
 */
export interface RunStore {
  /** A lease not renewed for this long may be taken over. */
  readonly leaseMs: number;
  /** Runs, newest update first; `status` filters. */
  list(filter?: { status?: RunStatus }): Promise<RunSummary[]>;
  /**
   * The run's last saved state, or undefined. Its agents are resolved by name when it is run
   * (`Runner.run(agent, state, { runStore })`); `state.interruptions` can be read and decided now.
   */
  load(runId: string): Promise<RunState | undefined>;
  /** Forget the run (no error if it does not exist). */
  delete(runId: string): Promise<void>;
  /** Take the run's lease; returns the stored run. A run whose lease is alive is a UserError. */
  acquire(runId: string, holder: LeaseHolder, mode: AcquireMode): Promise<StoredRun>;
  /** Write a checkpoint; a RunLeaseLostError if `owner` no longer holds the lease. Renews the lease. */
  save(runId: string, owner: string, checkpoint: RunCheckpoint): Promise<void>;
  /** Extend the lease; a RunLeaseLostError if `owner` no longer holds it. */
  renew(runId: string, owner: string): Promise<void>;
  /** Give the lease up (no error if it was lost). */
  release(runId: string, owner: string): Promise<void>;
  /** Release the store's connections (stores that own them). */
  close(): Promise<void>;
}
