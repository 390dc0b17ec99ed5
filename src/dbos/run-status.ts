import type { WorkflowStatus } from '@dbos-inc/dbos-sdk';
import { dbos } from './sdk.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors/index.js';
import { decisionId, PHASE_EVENT, type Phase, type RunPayload } from './protocol.js';
import { errorToJson } from './to-json.js';
import type { DurableRunResult, JsonValue } from './types.js';

/** A run's DBOS status; an unknown run id is a UserError. */
export async function statusOf(runId: string): Promise<WorkflowStatus> {
  const status = await dbos().getWorkflowStatus(runId);
  if (status === null) throw new UserError(`DurableRunner: there is no run '${runId}'`);
  return status;
}

/** The run's phase event, without waiting (undefined before the run first stops for approvals). */
export async function phaseOf(runId: string): Promise<Phase | undefined> {
  return (await dbos().getEvent<Phase>(runId, PHASE_EVENT, { timeoutSeconds: 0 })) ?? undefined;
}

/** True when every call of the interruption has a decision (the run may not have received them yet). */
export async function allDecided(runId: string, round: number, callIds: readonly string[]): Promise<boolean> {
  const ids = callIds.map((callId) => decisionId(runId, round, callId));
  const found = await dbos().listWorkflows({ workflowIDs: ids, loadInput: false, loadOutput: false });
  return found.length === ids.length;
}

/**
 * Wait until the run completes, fails, is cancelled or is interrupted, and return its result.
 * DBOS keeps the workflow's status and return value in PostgreSQL, so any process can ask.
 */
export async function waitForResult(runId: string, pollingIntervalMs: number): Promise<DurableRunResult<JsonValue>> {
  for (;;) {
    const status = await statusOf(runId);
    const ended = endedResult(runId, status);
    if (ended) return ended;
    const phase = await phaseOf(runId);
    if (phase?.status === 'interrupted') {
      // Once every pending call is decided the run is about to go on: wait for it instead.
      const callIds = phase.result.interruptions.map((i) => i.callId);
      if (!(await allDecided(runId, phase.round, callIds))) {
        const again = await statusOf(runId);
        if (endedResult(runId, again) === undefined) return phase.result;
        continue;
      }
    }
    await sleep(pollingIntervalMs);
  }
}

/** The result of a run whose workflow ended, or undefined while it is enqueued or running. */
function endedResult(runId: string, status: WorkflowStatus): DurableRunResult<JsonValue> | undefined {
  switch (status.status) {
    case 'SUCCESS':
      return status.output as DurableRunResult<JsonValue>;
    case 'CANCELLED':
      return stopped(runId, status, 'cancelled', { name: 'DurableRunCancelled', message: `The run '${runId}' was cancelled` });
    case 'ERROR':
    case 'MAX_RECOVERY_ATTEMPTS_EXCEEDED':
      return stopped(runId, status, 'failed', errorToJson(status.error ?? `The run's workflow ended with status ${status.status}`));
    default:
      return undefined;
  }
}

/** A run DBOS stopped (cancelled, or failed outside the agent run): what is known of it. */
function stopped(runId: string, status: WorkflowStatus, kind: 'cancelled' | 'failed', error: { name: string; message: string }): DurableRunResult<JsonValue> {
  const payload = status.input?.[0] as RunPayload | undefined;
  return { runId, status: kind, finalOutput: undefined, lastAgentName: payload?.agentName ?? '', newItems: [], interruptions: [], error };
}
