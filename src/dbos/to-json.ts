import type { RunItem, ToolApprovalItem } from '../items/run-items.js';
import { runItemsToInput } from '../items/run-items.js';
import type { StreamEvent } from '../run/stream-events.js';
import { toJson } from './json-value.js';
import type { DurableInterruption, DurableRunItem, DurableRunResult, DurableStreamEvent, JsonValue } from './types.js';

/** A run item as JSON: agents by name, the tool's output as its JSON form. */
export function itemToJson(item: RunItem): DurableRunItem {
  const json: DurableRunItem = { type: item.type, agentName: item.agent.name, rawItem: item.rawItem };
  if (item.type === 'tool_call_output_item') {
    const output = toJson(item.output);
    if (output !== undefined) json.output = output;
  } else if (item.type === 'handoff_output_item') {
    json.sourceAgentName = item.sourceAgent.name;
    json.targetAgentName = item.targetAgent.name;
  }
  return json;
}

/** A stream event as JSON (the same shapes, agents by name). */
export function eventToJson(event: StreamEvent): DurableStreamEvent {
  switch (event.type) {
    case 'raw_response_event':
      return { type: 'raw_response_event', data: event.data };
    case 'run_item_stream_event':
      return { type: 'run_item_stream_event', name: event.name, item: itemToJson(event.item) };
    case 'agent_updated_stream_event':
      return { type: 'agent_updated_stream_event', newAgent: { name: event.newAgent.name } };
  }
}

/** A pending approval as JSON. */
export function interruptionToJson(item: ToolApprovalItem): DurableInterruption {
  return { callId: item.callId, toolName: item.toolName, arguments: item.arguments, agentName: item.agent.name };
}

/** What a durable run reports, built from a finished (or interrupted) run's result. */
export function outcomeOf(options: {
  runId: string;
  status: DurableRunResult['status'];
  finalOutput?: unknown;
  lastAgentName: string;
  newItems: readonly RunItem[];
  interruptions?: readonly ToolApprovalItem[];
  error?: unknown;
}): DurableRunResult<JsonValue> {
  const outcome: DurableRunResult<JsonValue> = {
    runId: options.runId,
    status: options.status,
    finalOutput: toJson(options.finalOutput),
    lastAgentName: options.lastAgentName,
    newItems: runItemsToInput(options.newItems),
    interruptions: (options.interruptions ?? []).map(interruptionToJson),
  };
  if (options.error !== undefined) outcome.error = errorToJson(options.error);
  return outcome;
}

/** An error's name and message (nothing else: no stack, no cause, no fields that might hold secrets). */
export function errorToJson(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
