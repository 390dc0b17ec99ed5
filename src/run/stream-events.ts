import type { AgentLike } from '../agent/agent-like.js';
import type { RunItem } from '../items/run-items.js';
import type { ResponseStreamEvent } from '../models/interface.js';

/** A Responses-API stream event from the model, passed through as-is. */
export interface RawResponseStreamEvent {
  type: 'raw_response_event';
  data: ResponseStreamEvent;
}

/** The `name` of a `run_item_stream_event`. */
export type RunItemStreamEventName =
  | 'message_output_created'
  | 'handoff_requested'
  | 'handoff_occurred'
  | 'tool_called'
  | 'tool_output'
  | 'reasoning_item_created'
  | 'tool_approval_requested'
  | 'hosted_mcp_item_created';

/** A run item was created. For a model response, these follow its `response.completed`. */
export interface RunItemStreamEvent {
  type: 'run_item_stream_event';
  name: RunItemStreamEventName;
  item: RunItem;
}

/** The current agent changed: first, and after every handoff. */
export interface AgentUpdatedStreamEvent {
  type: 'agent_updated_stream_event';
  newAgent: AgentLike;
}

/** An event of `streamEvents()`: a raw model stream event, a run item, or an agent change. */
export type StreamEvent = RawResponseStreamEvent | RunItemStreamEvent | AgentUpdatedStreamEvent;

/** Where the pipeline sends events in a streamed run. Returns a promise only to apply backpressure. */
export interface StreamSink {
  push(event: StreamEvent): void | Promise<void>;
}

const ITEM_EVENT_NAMES: Record<RunItem['type'], RunItemStreamEventName> = {
  message_output_item: 'message_output_created',
  tool_call_item: 'tool_called',
  tool_call_output_item: 'tool_output',
  handoff_call_item: 'handoff_requested',
  handoff_output_item: 'handoff_occurred',
  reasoning_item: 'reasoning_item_created',
  tool_approval_item: 'tool_approval_requested',
  hosted_mcp_item: 'hosted_mcp_item_created',
};

/**
 * Emit item events for `items` in order (no-op without a sink). Synchronous unless the sink
 * applies backpressure: then a promise, and the rest follow once it settles.
 */
export function emitItems(sink: StreamSink | undefined, items: readonly RunItem[], from = 0): void | Promise<void> {
  if (!sink) return;
  for (let i = from; i < items.length; i++) {
    const item = items[i]!;
    const pending = sink.push({ type: 'run_item_stream_event', name: ITEM_EVENT_NAMES[item.type], item });
    if (pending) return pending.then(() => emitItems(sink, items, i + 1));
  }
}
