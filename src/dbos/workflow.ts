import { dbos, dbosSdk } from './sdk.js';
import { AgentsException, UserError } from '../errors/index.js';
import type { Runner, RunInput } from '../run/runner.js';
import type { RunResult } from '../run/run-result.js';
import type { ToolErrorFormatter } from '../run/run-config.js';
import type { AnyAgent } from './agent-graph.js';
import { DurableEventStream, eventStreamKey } from './event-stream.js';
import { DbosStepExecutor } from './step-executor.js';
import { runPipeline } from './seam.js';
import { outcomeOf } from './to-json.js';
import { DECISION_TOPIC, isDecision, PHASE_EVENT, type Decision, type Phase, type RunPayload } from './protocol.js';
import type { DurableInterruption, DurableRunResult, JsonValue } from './types.js';

/** How long one wait for a decision lasts; the wait is repeated, so a run waits for as long as it takes. */
const DECISION_WAIT_S = 24 * 3600;

/** What the workflow runs with: this process's agents and its runner (the ordinary pipeline). */
export interface WorkflowDeps {
  agents: Map<string, AnyAgent>;
  runner: Runner;
  /** The runner's own `toolErrorFormatter`, which rejection messages wrap. */
  toolErrorFormatter?: ToolErrorFormatter<unknown>;
}

/**
 * The body of the durable-run workflow. It runs the ordinary pipeline with a step executor that
 * makes every step a DBOS step. An interrupted run publishes its interruptions (the phase event),
 * waits for a decision on each (DBOS messages, durable: a restarted worker goes on waiting), then
 * continues from its state in a new segment. The return value is the run's JSON result.
 */
export async function runWorkflow(deps: WorkflowDeps, payload: RunPayload): Promise<DurableRunResult<JsonValue>> {
  const runId = dbos().workflowID!;
  const agent = deps.agents.get(payload.agentName);
  if (!agent) {
    const error = new UserError(`No agent named '${payload.agentName}' is registered with this worker's DurableRunner; every process must register the same agents`);
    return outcomeOf({ runId, status: 'failed', lastAgentName: payload.agentName, newItems: [], error });
  }
  let input: RunInput<unknown> = payload.input;
  const rejections = new Map<string, string>();
  for (let round = 0; ; round++) {
    const events = new DurableEventStream(eventStreamKey(round));
    const cancel = new AbortController();
    let result: RunResult<unknown, unknown>;
    try {
      result = await runPipeline({
        runner: deps.runner,
        agent,
        input,
        runOptions: {
          context: copyContext(payload.context),
          maxTurns: payload.maxTurns,
          signal: cancel.signal,
          ...(rejections.size > 0 ? { runConfig: { toolErrorFormatter: rejectionTexts(rejections, deps.toolErrorFormatter) } } : {}),
        },
        steps: new DbosStepExecutor(events, cancel),
        sink: events,
      });
    } catch (error) {
      // DBOS's own errors (a cancel, a lost ownership, a replay mismatch) are the workflow's, not the run's.
      if (cancel.signal.aborted) throw new (dbosSdk().Error.DBOSWorkflowCancelledError)(runId);
      if (error instanceof dbosSdk().Error.DBOSError) throw error;
      await endSegment(events);
      const data = error instanceof AgentsException ? error.runData : undefined;
      return outcomeOf({ runId, status: 'failed', lastAgentName: data?.lastAgent.name ?? agent.name, newItems: data?.newItems ?? [], error });
    }
    await endSegment(events);
    const lastAgentName = result.lastAgent.name;
    if (result.interruptions.length === 0) {
      return outcomeOf({ runId, status: 'completed', finalOutput: result.finalOutput, lastAgentName, newItems: result.newItems });
    }
    const interrupted = outcomeOf({ runId, status: 'interrupted', lastAgentName, newItems: result.newItems, interruptions: result.interruptions });
    await dbos().setEvent<Phase>(PHASE_EVENT, { round, status: 'interrupted', result: interrupted });
    const decisions = await waitForDecisions(interrupted.interruptions);
    const state = result.toState();
    for (const item of state.interruptions) {
      const decision = decisions.get(item.callId)!;
      if (decision.approved) state.approve(item);
      else state.reject(item);
      if (!decision.approved && decision.message !== undefined) rejections.set(decision.callId, decision.message);
    }
    input = state;
    await dbos().setEvent<Phase>(PHASE_EVENT, { round: round + 1, status: 'running' });
  }
}

/** The last item events, then the end of the segment's stream. */
async function endSegment(events: DurableEventStream): Promise<void> {
  await events.flushItems();
  await events.close();
}

/** Receive decisions until every pending call has one (others, e.g. for calls of an earlier round, are dropped). */
async function waitForDecisions(pending: DurableInterruption[]): Promise<Map<string, Decision>> {
  const open = new Set(pending.map((p) => p.callId));
  const decided = new Map<string, Decision>();
  while (open.size > 0) {
    const message = await dbos().recv<unknown>(DECISION_TOPIC, { timeoutSeconds: DECISION_WAIT_S });
    if (isDecision(message) && open.has(message.callId)) {
      decided.set(message.callId, message);
      open.delete(message.callId);
    }
  }
  return decided;
}

/** A rejected call with a message: the model is told the message (other texts go to the runner's own formatter). */
function rejectionTexts(messages: Map<string, string>, own: ToolErrorFormatter<unknown> | undefined): ToolErrorFormatter<unknown> {
  return (args) => {
    const message = args.kind === 'approval_rejected' ? messages.get(args.callId) : undefined;
    if (message !== undefined) return message;
    return own ? own(args) : undefined;
  };
}

/** Each execution gets its own copy: a tool that changes its context must not change the recorded input. */
function copyContext(context: JsonValue | undefined): unknown {
  return context === undefined ? undefined : structuredClone(context);
}
