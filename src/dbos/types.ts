import type { AgentInputItem } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import type { ResponseStreamEvent } from '../models/interface.js';
import type { RunItemStreamEventName } from '../run/stream-events.js';

/** A JSON value: what crosses process boundaries in a durable run (context, outputs, events). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a durable run ended, or where it stands: `'interrupted'` runs wait for `approve` / `reject`. */
export type DurableRunStatus = 'completed' | 'interrupted' | 'failed' | 'cancelled';

/** A tool call waiting for approval in a durable run; decide it with `approve` / `reject` by `callId`. */
export interface DurableInterruption {
  callId: string;
  toolName: string;
  /** The call's arguments as the model sent them (a JSON text). */
  arguments: string;
  agentName: string;
}

/** What `DurableRunner.result` returns: plain JSON, the same from any process. */
export interface DurableRunResult<TOutput = unknown> {
  runId: string;
  status: DurableRunStatus;
  /** The final output (`undefined` unless `'completed'`); JSON (structured outputs as parsed). */
  finalOutput: TOutput | undefined;
  /** The agent that produced the final output, or the current one. */
  lastAgentName: string;
  /** The items the run generated, as Responses input items (what `result.toInputList()` adds). */
  newItems: AgentInputItem[];
  /** Pending approvals (only when `'interrupted'`). */
  interruptions: DurableInterruption[];
  /** Why the run failed (`'failed'`), or that it was cancelled (`'cancelled'`). */
  error?: { name: string; message: string };
}

/** A run item in JSON form: the wire item and the agent's name (and, for tool outputs, the raw output). */
export interface DurableRunItem {
  type: RunItem['type'];
  agentName: string;
  rawItem: AgentInputItem;
  /** Tool outputs: the value the tool returned, as JSON. */
  output?: JsonValue;
  /** Handoff outputs: from and to whom. */
  sourceAgentName?: string;
  targetAgentName?: string;
}

/** A durable run's stream event, as JSON (agents by name). */
export type DurableStreamEvent =
  | { type: 'raw_response_event'; data: ResponseStreamEvent }
  | { type: 'run_item_stream_event'; name: RunItemStreamEventName; item: DurableRunItem }
  | { type: 'agent_updated_stream_event'; newAgent: { name: string } };
