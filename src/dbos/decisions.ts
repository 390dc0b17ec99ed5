import { dbos } from './sdk.js';
import { UserError } from '../errors/index.js';
import { phaseOf, statusOf } from './run-status.js';
import { DECISION_TOPIC, decisionId, type Decision } from './protocol.js';

/** The decision workflow's body: one message to the run (idempotent: one per call and round). */
export async function sendDecision(runId: string, round: number, decision: Decision): Promise<void> {
  await dbos().send(runId, decision, DECISION_TOPIC, decisionId(runId, round, decision.callId));
}

/** Start the decision workflow for `decision` on the run's current interruption, and wait until it has sent it. */
export async function decide(options: {
  runId: string;
  decision: Decision;
  what: string;
  workflow: (runId: string, round: number, decision: Decision) => Promise<void>;
}): Promise<void> {
  const { runId, decision, what } = options;
  const status = await statusOf(runId);
  const phase = await phaseOf(runId);
  const pending = phase?.status === 'interrupted' && phase.result.interruptions.some((i) => i.callId === decision.callId);
  if (!pending || (status.status !== 'PENDING' && status.status !== 'ENQUEUED')) {
    throw new UserError(`DurableRunner.${what}: the run '${runId}' has no pending approval for the call '${decision.callId}'`);
  }
  const id = decisionId(runId, phase.round, decision.callId);
  const earlier = await dbos().getWorkflowStatus(id);
  if (earlier) {
    const made = earlier.input?.[2] as Decision | undefined;
    if (made?.approved === decision.approved) return;
    throw new UserError(`DurableRunner.${what}: the call '${decision.callId}' of run '${runId}' was already ${made?.approved ? 'approved' : 'rejected'}`);
  }
  const handle = await dbos().startWorkflow(options.workflow, { workflowID: id })(runId, phase.round, decision);
  await handle.getResult();
}
