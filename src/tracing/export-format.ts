import type { SpanData } from './span-data.js';
import type { Span, Trace } from './types.js';
import { isSpan } from './types.js';

/** A trace in the OpenAI traces ingest format. */
export interface IngestTrace {
  object: 'trace';
  id: string;
  workflow_name: string;
  group_id: string | null;
  metadata: Record<string, unknown> | null;
}

/** A span in the OpenAI traces ingest format. */
export interface IngestSpan {
  object: 'trace.span';
  id: string;
  trace_id: string;
  parent_id: string | null;
  started_at: string | null;
  ended_at: string | null;
  span_data: Record<string, unknown>;
  error: { message: string; data: Record<string, unknown> | null } | null;
}

/** The body POSTed to `/traces/ingest`. */
export interface IngestPayload {
  data: Array<IngestTrace | IngestSpan>;
}

function usageToWire(usage: { inputTokens: number; outputTokens: number } | undefined): Record<string, number> | null {
  return usage ? { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens } : null;
}

// The backend stores a function output as text.
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Span data in the ingest format (snake_case, the fields the OpenAI backend knows). */
export function spanDataToWire(data: SpanData): Record<string, unknown> {
  switch (data.type) {
    case 'agent':
      return {
        type: 'agent',
        name: data.name,
        handoffs: data.handoffs ?? null,
        tools: data.tools ?? null,
        output_type: data.outputType ?? null,
      };
    case 'generation':
      return {
        type: 'generation',
        input: data.input ?? null,
        output: data.output ?? null,
        model: data.model ?? null,
        model_config: data.modelConfig ?? null,
        usage: usageToWire(data.usage),
      };
    // The backend fetches a response's input/output itself from its id.
    case 'response':
      return { type: 'response', response_id: data.responseId ?? null };
    case 'function':
      return {
        type: 'function', name: data.name, input: data.input ?? null, output: asText(data.output), ...(data.mcpData && { mcp_data: data.mcpData }),
      };
    case 'mcp_tools':
      return { type: 'mcp_tools', server: data.server, result: data.result ?? null };
    case 'handoff':
      return { type: 'handoff', from_agent: data.fromAgent ?? null, to_agent: data.toAgent ?? null };
    case 'guardrail':
      return { type: 'guardrail', name: data.name, triggered: data.triggered };
    case 'custom':
      return { type: 'custom', name: data.name, data: data.data };
  }
}

/** A trace or span in the ingest format. */
export function toIngestItem(item: Trace | Span): IngestTrace | IngestSpan {
  if (isSpan(item)) {
    return {
      object: 'trace.span',
      id: item.spanId,
      trace_id: item.traceId,
      parent_id: item.parentId,
      started_at: item.startedAt,
      ended_at: item.endedAt,
      span_data: spanDataToWire(item.spanData),
      error: item.error ? { message: item.error.message, data: item.error.data ?? null } : null,
    };
  }
  return {
    object: 'trace',
    id: item.traceId,
    workflow_name: item.name,
    group_id: item.groupId ?? null,
    metadata: item.metadata ?? null,
  };
}
