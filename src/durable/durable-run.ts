import { randomUUID } from 'node:crypto';
import { UserError } from '../errors/index.js';
import type { RunState } from '../run/run-state.js';
import type { StepExecutor, StepKind } from '../run/steps/step-executor.js';
import { newLeaseHolder } from './lease.js';
import { jsonText, RunStateSnapshot, type EncodableState } from '../run/run-state-codec.js';
import type { LeaseHolder, RunCheckpoint, RunStatus, RunStore, StoredRun } from './run-store.js';
import { journaledStep, type StepJournal } from './step-journal.js';
import { stepKeyTurn } from '../run/turn/turn.js';

function statusOf(state: RunState<unknown>): RunStatus {
  const step = state.nextStep?.type;
  return step === 'final_output' ? 'completed' : step === 'interruption' ? 'interrupted' : 'running';
}

function snapshotOf(state: RunState<unknown>): RunStateSnapshot {
  try {
    return RunStateSnapshot.of(state as EncodableState);
  } catch (error) {
    throw new UserError(`A run with a runStore needs a JSON-serialisable context: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The journal of the turn in flight at a checkpoint: its first `count` steps, as JSON text made
 * when first read (an in-memory store never reads it before the run is loaded). Step results
 * are never changed once recorded; each one's JSON is made once (`jsonText`), shared with the state.
 */
class StepsSnapshot {
  private made: string | undefined;

  constructor(
    private readonly list: ReadonlyArray<readonly [string, unknown]>,
    private readonly count: number,
  ) {}

  get text(): string {
    if (this.made === undefined) {
      let out = '[';
      for (let i = 0; i < this.count; i++) {
        const [key, value] = this.list[i]!;
        out += `${i > 0 ? ',' : ''}[${JSON.stringify(key)},${jsonText(value)}]`;
      }
      this.made = `${out}]`;
    }
    return this.made;
  }
}

/**
 * One durable run in this process: it holds the run's lease (renewed on a timer and by every
 * save), keeps the journal of the turn in flight, and writes a checkpoint after every step and at
 * every turn end. Writes are chained, so concurrent tools never overwrite each other's results.
 */
export class DurableRun implements StepExecutor, StepJournal {
  readonly runId: string;
  /** The stored run as acquired (a new run: undefined until its first save). */
  stored: StoredRun | undefined;
  private readonly store: RunStore;
  private readonly holder: LeaseHolder;
  private readonly steps = new Map<string, unknown>();
  /** The turn's steps in order; only appended to (a new turn starts a new array), so a prefix is a snapshot. */
  private stepList: Array<[string, unknown]> = [];
  /** The state of the last checkpoint (undefined: none taken yet). */
  private state: RunStateSnapshot | undefined;
  private status: RunStatus = 'running';
  private agentName = '';
  private turn = 0;
  private writes: Promise<void> = Promise.resolve();
  private held = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(store: RunStore, runId: string, holder: LeaseHolder) {
    this.store = store;
    this.runId = runId;
    this.holder = holder;
  }

  /** A new run: the id must be free. Its row (and lease) is written by its first save. */
  static create(store: RunStore, state: RunState<unknown>, runId: string = randomUUID()): DurableRun {
    state.runId = runId;
    const run = new DurableRun(store, runId, newLeaseHolder());
    run.initial = state;
    return run;
  }

  /** A new run's state until its row is written (the session input step may come before `begin`). */
  private initial: RunState<unknown> | undefined;

  /** An existing run: takes its lease (a UserError if a live process holds it). */
  static async resume(store: RunStore, runId: string): Promise<DurableRun> {
    const run = new DurableRun(store, runId, newLeaseHolder());
    const stored = await store.acquire(runId, run.holder, { kind: 'resume' });
    run.stored = stored;
    run.state = RunStateSnapshot.ofText(stored.state);
    run.status = stored.status;
    run.agentName = stored.agentName;
    run.turn = stored.turn;
    for (const [key, value] of JSON.parse(stored.steps) as Array<[string, unknown]>) run.addStep(key, value);
    run.hold();
    return run;
  }

  /**
   * The steps recorded for the turn in flight apply only to the state they were recorded after:
   * a caller who passes another state (an older snapshot) starts that turn afresh.
   */
  adoptState(state: RunState<unknown>): void {
    state.runId = this.runId;
    if (this.stored?.status !== 'running' || this.stored.turn !== state.currentTurn) this.clearSteps();
  }

  lookup(key: string): { value: unknown } | undefined {
    return this.steps.has(key) ? { value: this.steps.get(key) } : undefined;
  }

  record(key: string, value: unknown, kind: StepKind): Promise<void> {
    this.addStep(key, value === undefined ? null : value);
    // A recorded model call counts as made (the stored summary's `turn`) before its turn ends.
    if (kind === 'model') this.turn = Math.max(this.turn, stepKeyTurn(key));
    return this.write(false);
  }

  run<T>(kind: StepKind, key: string, fn: () => T | Promise<T>): Promise<T> {
    return journaledStep(this, { kind, key }, fn);
  }

  /** Before the first turn (and on every resume): the state as it is now, the in-flight steps kept. */
  begin(state: RunState<unknown>): Promise<void> {
    this.take(state);
    return this.write(false);
  }

  /** A turn ended: its state replaces the journal; a terminal state releases the lease. */
  checkpoint(state: RunState<unknown>): Promise<void> {
    this.take(state);
    this.clearSteps();
    return this.write(this.status !== 'running');
  }

  /** The run failed: saved as 'failed' (resumable from its last checkpoint), lease released. */
  async fail(): Promise<void> {
    await this.writes.catch(() => {});
    if (!this.held) return;
    this.status = 'failed';
    await this.write(true).catch(() => {});
  }

  /** The run's execution in this process is over: stop renewing; give the lease up if still held. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.writes.catch(() => {});
    if (this.held) {
      this.held = false;
      await this.store.release(this.runId, this.holder.owner).catch(() => {});
    }
  }

  private hold(): void {
    this.held = true;
    // Renewed well within leaseMs; unref'd so a forgotten run never keeps the process alive.
    this.timer = setInterval(() => {
      this.store.renew(this.runId, this.holder.owner).catch(() => {});
    }, Math.max(50, Math.floor(this.store.leaseMs / 3)));
    this.timer.unref();
  }

  private addStep(key: string, value: unknown): void {
    this.steps.set(key, value);
    this.stepList.push([key, value]);
  }

  private clearSteps(): void {
    this.steps.clear();
    this.stepList = [];
  }

  private take(state: RunState<unknown>): void {
    this.state = snapshotOf(state);
    this.status = statusOf(state);
    this.agentName = state.currentAgent.name;
    this.turn = state.currentTurn;
  }

  private checkpointData(release: boolean): RunCheckpoint {
    return { status: this.status, agentName: this.agentName, turn: this.turn, state: this.state!, steps: new StepsSnapshot(this.stepList, this.stepList.length), release };
  }

  private write(release: boolean): Promise<void> {
    if (!this.stored && this.initial) {
      // The first save of a new run creates its row and takes its lease.
      if (this.state === undefined) this.take(this.initial);
      this.initial = undefined;
      const first = this.checkpointData(false);
      this.writes = this.writes.then(async () => {
        this.stored = await this.store.acquire(this.runId, this.holder, { kind: 'create', checkpoint: first });
        this.hold();
      });
      if (!release) return this.writes;
    }
    const checkpoint = this.checkpointData(release);
    const next = this.writes.then(() => this.store.save(this.runId, this.holder.owner, checkpoint));
    this.writes = next;
    if (release) this.held = false;
    return next;
  }
}
