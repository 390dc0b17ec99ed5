import { UserError } from '../errors/index.js';
import type { Agent } from '../agent/agent.js';
import type { RunConfig } from '../run/run-config.js';

/** Options of `new DurableRunner(...)`. */
export interface DurableRunnerOptions<TContext = unknown> {
  /** The agents runs may start with (their handoff targets are included); every process registers the same ones. */
  agents: readonly Agent<TContext, unknown>[];
  /** The DBOS queue runs are enqueued on (default `'agentrun'`). */
  queueName?: string;
  /** How many runs one worker process executes at once (default 10). Stored with the queue, so all processes share it. */
  workerConcurrency?: number;
  /** The configuration every run of this process uses (model provider, tracing, ...). */
  runConfig?: RunConfig<TContext>;
  /** How often workers look for new runs on the queue, and `result()` for a run's end (default 200 ms). */
  pollingIntervalMs?: number;
}

/** Options of `DurableRunner.start`. */
export interface DurableStartOptions<TContext = unknown> {
  /** The run's id (default: a random UUID). Starting an id that exists returns that run: no second run. */
  runId?: string;
  /** The run's context: JSON only (it is stored, and replayed after a crash). */
  context?: TContext;
  /** Model calls allowed (default 10); null = unlimited. */
  maxTurns?: number | null;
}

const RUNNER_KEYS = new Set(['agents', 'queueName', 'workerConcurrency', 'runConfig', 'pollingIntervalMs']);
const START_KEYS = new Set(['runId', 'context', 'maxTurns']);

/** Unknown keys are a UserError (they are typos). */
export function checkKeys(value: unknown, allowed: Set<string>, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${what} must be an object`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new UserError(`${what}: unknown option '${key}' (known: ${[...allowed].join(', ')})`);
  }
}

/** The runner's settings with defaults applied. */
export interface RunnerSettings {
  queueName: string;
  workerConcurrency: number;
  pollingIntervalMs: number;
}

/** Check `new DurableRunner(options)` (all but the agents and the run config, checked where they are used). */
export function runnerSettings(options: unknown): RunnerSettings {
  checkKeys(options, RUNNER_KEYS, 'DurableRunner options');
  const queueName = options.queueName ?? 'agentrun';
  if (typeof queueName !== 'string' || queueName.length === 0) throw new UserError('DurableRunner: queueName must be a non-empty string');
  const workerConcurrency = options.workerConcurrency ?? 10;
  checkPositiveInteger(workerConcurrency, 'workerConcurrency');
  const pollingIntervalMs = options.pollingIntervalMs ?? 200;
  checkPositiveInteger(pollingIntervalMs, 'pollingIntervalMs');
  return { queueName, workerConcurrency: workerConcurrency as number, pollingIntervalMs: pollingIntervalMs as number };
}

/** Check `start(agent, input, options)`'s options object. */
export function checkStartOptions(options: unknown): asserts options is DurableStartOptions<unknown> {
  checkKeys(options, START_KEYS, 'DurableRunner.start options');
  if (options.runId !== undefined) checkId(options.runId, 'runId');
}

/** A run or call id: a non-empty string. */
export function checkId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new UserError(`DurableRunner: ${what} must be a non-empty string`);
}

function checkPositiveInteger(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new UserError(`DurableRunner: ${what} must be a positive integer`);
}
