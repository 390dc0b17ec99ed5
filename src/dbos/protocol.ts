import type { AgentInputItem } from '../items/types.js';
import type { DurableRunResult, JsonValue } from './types.js';

/** The workflow's input: all a worker needs to run it, as JSON (agents by name). */
export interface RunPayload {
  agentName: string;
  input: string | AgentInputItem[];
  context?: JsonValue;
  maxTurns?: number | null;
}

/** The DBOS event where a run says where it stands; `round` counts resumptions after approvals. */
export const PHASE_EVENT = 'agentrun.phase';

/** The run's phase: running a segment, or interrupted and waiting for decisions. */
export type Phase =
  | { round: number; status: 'running' }
  | { round: number; status: 'interrupted'; result: DurableRunResult<JsonValue> };

/** The DBOS message topic of approval decisions. */
export const DECISION_TOPIC = 'agentrun.decision';

/** One decision on a pending tool call. */
export interface Decision {
  callId: string;
  approved: boolean;
  message?: string;
}

/** A message that really is a decision (anything else on the topic is ignored). */
export function isDecision(value: unknown): value is Decision {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.callId === 'string' && typeof v.approved === 'boolean' && (v.message === undefined || typeof v.message === 'string');
}

/** The run workflow's name: one per queue, the same in every process. */
export function workflowName(queueName: string): string {
  return `agentrun.run:${queueName}`;
}

/** The decision workflow's name (it sends one decision to a run). */
export function decideWorkflowName(queueName: string): string {
  return `agentrun.decide:${queueName}`;
}

/**
 * The id of the workflow that carries the decision on one call of one round. Its existence is how
 * any process knows the call is decided (before the run has received the message), and a second
 * decision on the same call finds it: the first decision wins.
 */
export function decisionId(runId: string, round: number, callId: string): string {
  return `agentrun.decision:${runId}:${round}:${callId}`;
}
