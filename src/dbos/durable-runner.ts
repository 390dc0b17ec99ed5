import { randomUUID } from 'node:crypto';
import { dbos } from './sdk.js';
import { Agent } from '../agent/agent.js';
import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import { Runner } from '../run/runner.js';
import { validateMaxTurns, type ToolErrorFormatter } from '../run/run-config.js';
import { agentGraph, type AnyAgent } from './agent-graph.js';
import { eventStreamKey } from './event-stream.js';
import { assertJson } from './json-value.js';
import { checkId, checkStartOptions, runnerSettings, type DurableRunnerOptions, type DurableStartOptions, type RunnerSettings } from './options.js';
import { decide, sendDecision } from './decisions.js';
import { decideWorkflowName, workflowName, type Decision, type RunPayload } from './protocol.js';
import { phaseOf, statusOf, waitForResult } from './run-status.js';
import type { DurableRunResult, DurableStreamEvent, JsonValue } from './types.js';
import { runWorkflow } from './workflow.js';

/**
 * Durable, distributed agent runs on DBOS Transact and PostgreSQL. A run is a DBOS workflow on a
 * DBOS queue that runs agentrun's ordinary pipeline, with every model call and tool call a DBOS
 * step: a worker killed mid-run is recovered by DBOS (restart it with the same `executorID`) and
 * no completed step runs again. Any number of worker processes sharing one PostgreSQL take runs
 * from the queue; any process (an API server too) can start runs, wait for results, read their
 * events, decide approvals and cancel them.
 *
 * Every process creates the DurableRunner with the same agents before `DBOS.launch()`.
 *
 * @example
 * ```ts
 * DBOS.setConfig({ name: 'support', systemDatabaseUrl, executorID: 'worker-1', applicationVersion: '1' });
 * const runner = new DurableRunner({ agents: [triage, refunds] });
 * await DBOS.launch();
 * const { runId } = await runner.start(triage, 'My order never came');
 * const result = await runner.result(runId);
 * ```
 */
export class DurableRunner<TContext = unknown> {
  private readonly agents: Map<string, AnyAgent>;
  private readonly settings: RunnerSettings;
  private readonly workflow: (payload: RunPayload) => Promise<DurableRunResult<JsonValue>>;
  private readonly decideWorkflow: (runId: string, round: number, decision: Decision) => Promise<void>;

  constructor(options: DurableRunnerOptions<TContext>) {
    this.settings = runnerSettings(options);
    this.agents = agentGraph(options.agents);
    if (dbos().isInitialized()) {
      throw new UserError('DurableRunner: create it before DBOS.launch(): DBOS must know the run workflow when it launches, to recover runs');
    }
    const runner = new Runner((options.runConfig ?? {}) as object);
    const deps = { agents: this.agents, runner, toolErrorFormatter: options.runConfig?.toolErrorFormatter as ToolErrorFormatter<unknown> | undefined };
    const name = workflowName(this.settings.queueName);
    try {
      this.workflow = dbos().registerWorkflow((payload: RunPayload) => runWorkflow(deps, payload), { name });
      this.decideWorkflow = dbos().registerWorkflow(sendDecision, { name: decideWorkflowName(this.settings.queueName) });
    } catch (error) {
      throw new UserError(`DurableRunner: could not register the workflow '${name}' (one DurableRunner per queue and process): ${(error as Error).message}`, { cause: error });
    }
    const { queueName, workerConcurrency, pollingIntervalMs } = this.settings;
    // The queue lives in the system database; registering it needs DBOS launched, hence at launch.
    dbos().registerLifecycleCallback({
      initialize: async () => {
        await dbos().registerQueue(queueName, { workerConcurrency, minPollingIntervalMs: pollingIntervalMs });
      },
    });
  }

  /** The DBOS queue this runner's runs go on. */
  get queueName(): string {
    return this.settings.queueName;
  }

  /**
   * Enqueue a run of `agent` (one of this runner's agents) on `input`. Returns once the run is
   * stored; a worker takes it from the queue. `context` must be JSON.
   */
  async start<TOutput>(agent: Agent<TContext, TOutput>, input: string | AgentInputItem[], options: DurableStartOptions<TContext> = {}): Promise<{ runId: string }> {
    requireLaunched('start');
    if (!(agent instanceof Agent)) throw new UserError('DurableRunner.start: the first argument must be an Agent');
    if (this.agents.get(agent.name) !== (agent as unknown as AnyAgent)) {
      throw new UserError(`DurableRunner.start: the agent '${agent.name}' is not one of this runner's agents (or their handoff targets)`);
    }
    if (typeof input !== 'string' && !Array.isArray(input)) throw new UserError('DurableRunner.start: input must be a string or an array of input items');
    assertJson(input, 'input');
    checkStartOptions(options);
    const payload: RunPayload = { agentName: agent.name, input };
    if (options.context !== undefined) {
      assertJson(options.context, 'context');
      payload.context = options.context;
    }
    if (options.maxTurns !== undefined) {
      validateMaxTurns(options.maxTurns, 'maxTurns');
      payload.maxTurns = options.maxTurns;
    }
    const runId = options.runId ?? randomUUID();
    const handle = await dbos().startWorkflow(this.workflow, { workflowID: runId, queueName: this.settings.queueName })(payload);
    return { runId: handle.workflowID };
  }

  /** Wait until the run completes, fails, is cancelled or is interrupted; its result as JSON. From any process. */
  async result<TOutput = unknown>(runId: string): Promise<DurableRunResult<TOutput>> {
    requireLaunched('result');
    checkId(runId, 'runId');
    return (await waitForResult(runId, this.settings.pollingIntervalMs)) as DurableRunResult<TOutput>;
  }

  /**
   * The run's stream events as JSON, from any process: the model's raw events (in batches, as
   * they were written) and every item and agent event. It follows the run from its start, or from
   * its latest resumption after approvals, and ends when the run ends or is interrupted.
   */
  async *streamEvents(runId: string): AsyncIterable<DurableStreamEvent> {
    requireLaunched('streamEvents');
    checkId(runId, 'runId');
    await statusOf(runId);
    const round = (await phaseOf(runId))?.round ?? 0;
    for await (const batch of dbos().readStream<DurableStreamEvent[]>(runId, eventStreamKey(round), { pollingIntervalMs: this.settings.pollingIntervalMs })) {
      yield* batch;
    }
  }

  /** Approve a pending tool call of an interrupted run; it goes on once every pending call is decided. */
  async approve(runId: string, callId: string): Promise<void> {
    await this.decide(runId, { callId, approved: true }, 'approve');
  }

  /**
   * Reject a pending tool call of an interrupted run: the tool does not run, and the model is told
   * `message` (default: the runner's `toolErrorFormatter`, else "Tool execution was not approved.").
   */
  async reject(runId: string, callId: string, message?: string): Promise<void> {
    if (message !== undefined && typeof message !== 'string') throw new UserError('DurableRunner.reject: message must be a string');
    await this.decide(runId, message === undefined ? { callId, approved: false } : { callId, approved: false, message }, 'reject');
  }

  /** Cancel the run: it stops at its next step (its model call and tools see their signal abort). */
  async cancel(runId: string): Promise<void> {
    requireLaunched('cancel');
    checkId(runId, 'runId');
    await statusOf(runId);
    await dbos().cancelWorkflow(runId);
  }

  /** Send a decision to the run; the first decision on a call wins (a second, different one is a UserError). */
  private async decide(runId: string, decision: Decision, what: string): Promise<void> {
    requireLaunched(what);
    checkId(runId, 'runId');
    checkId(decision.callId, 'callId');
    await decide({ runId, decision, what, workflow: this.decideWorkflow });
  }
}

function requireLaunched(what: string): void {
  if (!dbos().isInitialized()) throw new UserError(`DurableRunner.${what}: call DBOS.launch() first`);
}
