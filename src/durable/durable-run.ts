import { randomUUID } from 'node:crypto';
import { UserError } from '../errors/index.js';
import type { RunState } from '../run/run-state.js';
import type { StepExecutor } from '../run/steps/step-executor.js';
import { newLeaseHolder } from './lease.js';
import type { LeaseHolder, RunCheckpoint, RunStatus, RunStore, StoredRun } from './run-store.js';
import { journaledStep, type StepJournal, type StepKind } from './step-journal.js';

const MODEL_KEY = /^model:(\d+)$/;

function statusOf(state: RunState<unknown>): RunStatus {
  const step = state.nextStep?.type;
  return step === 'final_output' ? 'completed' : step === 'interruption' ? 'interrupted' : 'running';
}

function stateText(state: RunState<unknown>): string {
  try {
    return state.toString();
  } catch (error) {
    throw new UserError(`A run with a runStore needs a JSON-serialisable context: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * One durable run in this process: it holds the run's lease (renewed on a timer and by every
 * save), keeps the journal of the turn in flight, and writes a checkpoint after every step and at
 * every turn end. Writes are chained, so concurrent tools never overwrite each other's results.
 */
export class DurableRun implements StepExecutor, StepJournal {
  readonly runId: string;
  readonly stored: StoredRun;
  private readonly store: RunStore;
  private readonly holder: LeaseHolder;
  private readonly steps: Map<string, unknown>;
  private text: string;
  private status: RunStatus;
  private agentName: string;
  private turn: number;
  private writes: Promise<void> = Promise.resolve();
  private held = true;
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(store: RunStore, holder: LeaseHolder, stored: StoredRun, keepSteps: boolean) {
    this.store = store;
    this.holder = holder;
    this.stored = stored;
    this.runId = stored.runId;
    this.text = stored.state;
    this.status = stored.status;
    this.agentName = stored.agentName;
    this.turn = stored.turn;
    this.steps = new Map(keepSteps ? (JSON.parse(stored.steps) as Array<[string, unknown]>) : []);
    // Renewed well within leaseMs; unref'd so a forgotten run never keeps the process alive.
    this.timer = setInterval(() => {
      store.renew(this.runId, holder.owner).catch(() => {});
    }, Math.max(50, Math.floor(store.leaseMs / 3)));
    this.timer.unref();
  }

  /** A new run: the id must be free. */
  static async create(store: RunStore, state: RunState<unknown>, runId: string = randomUUID()): Promise<DurableRun> {
    state.runId = runId;
    const holder = newLeaseHolder();
    const checkpoint: RunCheckpoint = {
      status: 'running', agentName: state.currentAgent.name, turn: state.currentTurn, state: stateText(state), steps: '[]', release: false,
    };
    const stored = await store.acquire(runId, holder, { kind: 'create', checkpoint });
    return new DurableRun(store, holder, stored, false);
  }

  /** An existing run: takes its lease (a UserError if a live process holds it). */
  static async resume(store: RunStore, runId: string): Promise<DurableRun> {
    const holder = newLeaseHolder();
    const stored = await store.acquire(runId, holder, { kind: 'resume' });
    return new DurableRun(store, holder, stored, true);
  }

  /**
   * The steps recorded for the turn in flight apply only to the state they were recorded after:
   * a caller who passes another state (an older snapshot) starts that turn afresh.
   */
  adoptState(state: RunState<unknown>): void {
    state.runId = this.runId;
    if (this.stored.status !== 'running' || this.stored.turn !== state.currentTurn) this.steps.clear();
  }

  lookup(key: string): { value: unknown } | undefined {
    return this.steps.has(key) ? { value: this.steps.get(key) } : undefined;
  }

  record(key: string, value: unknown): Promise<void> {
    // Stored as JSON now, so a replay sees exactly what a resumed process would.
    this.steps.set(key, value === undefined ? null : JSON.parse(JSON.stringify(value)));
    // A recorded model call counts as made (the stored summary's `turn`) before its turn ends.
    const turn = MODEL_KEY.exec(key);
    if (turn) this.turn = Math.max(this.turn, Number(turn[1]));
    return this.write(false);
  }

  run<T>(_kind: StepKind, key: string, fn: () => T | Promise<T>): Promise<T> {
    return journaledStep(this, key, fn);
  }

  /** Before the first turn (and on every resume): the state as it is now, the in-flight steps kept. */
  begin(state: RunState<unknown>): Promise<void> {
    this.take(state);
    return this.write(false);
  }

  /** A turn ended: its state replaces the journal; a terminal state releases the lease. */
  checkpoint(state: RunState<unknown>): Promise<void> {
    this.take(state);
    this.steps.clear();
    return this.write(this.status !== 'running');
  }

  /** The run failed: saved as 'failed' (resumable from its last checkpoint), lease released. */
  async fail(): Promise<void> {
    this.status = 'failed';
    await this.write(true).catch(() => {});
  }

  /** The run's execution in this process is over: stop renewing; give the lease up if still held. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.writes.catch(() => {});
    if (this.held) {
      this.held = false;
      await this.store.release(this.runId, this.holder.owner).catch(() => {});
    }
  }

  private take(state: RunState<unknown>): void {
    this.text = stateText(state);
    this.status = statusOf(state);
    this.agentName = state.currentAgent.name;
    this.turn = state.currentTurn;
  }

  private write(release: boolean): Promise<void> {
    const checkpoint: RunCheckpoint = {
      status: this.status, agentName: this.agentName, turn: this.turn, state: this.text, steps: JSON.stringify([...this.steps]), release,
    };
    const next = this.writes.then(() => this.store.save(this.runId, this.holder.owner, checkpoint));
    this.writes = next;
    if (release) this.held = false;
    return next;
  }
}
