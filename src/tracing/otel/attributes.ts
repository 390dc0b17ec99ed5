import type { Attributes, SpanKind } from '@opentelemetry/api';
import { otelApi } from './api.js';
import type { SpanData } from '../span-data.js';

/** How one of our spans appears in OpenTelemetry: name, kind, and attributes known when it ends. */
export interface OtelShape {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

// Structured values become JSON strings: OTel attributes hold only primitives and arrays of them.
function json(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function compact(attributes: Record<string, string | number | boolean | string[] | undefined>): Attributes {
  const out: Attributes = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Maps span data to the OpenTelemetry GenAI semantic conventions: `invoke_agent`, `chat` and
 * `execute_tool` operations with their `gen_ai.*` attributes. Handoffs, guardrails and custom spans
 * have no convention and use `agentrun.*` attributes.
 */
export function otelShape(data: SpanData): OtelShape {
  switch (data.type) {
    case 'agent':
      return {
        name: `invoke_agent ${data.name}`,
        kind: otelApi().SpanKind.INTERNAL,
        attributes: compact({
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': data.name,
          'agentrun.agent.tools': data.tools,
          'agentrun.agent.handoffs': data.handoffs,
          'agentrun.agent.output_type': data.outputType,
        }),
      };
    case 'generation':
    case 'response':
      return {
        name: data.model ? `chat ${data.model}` : 'chat',
        kind: otelApi().SpanKind.CLIENT,
        attributes: compact({
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': data.model,
          'gen_ai.response.id': data.type === 'response' ? data.responseId : undefined,
          'agentrun.model.attempts': data.type === 'generation' ? data.attempts : undefined,
          'gen_ai.usage.input_tokens': data.usage?.inputTokens,
          'gen_ai.usage.output_tokens': data.usage?.outputTokens,
          'gen_ai.input.messages': json(data.input),
          'gen_ai.output.messages': json(data.output),
        }),
      };
    case 'function':
      return {
        name: `execute_tool ${data.name}`,
        kind: otelApi().SpanKind.INTERNAL,
        attributes: compact({
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': data.name,
          'gen_ai.tool.type': 'function',
          'gen_ai.tool.call.arguments': data.input,
          'gen_ai.tool.call.result': json(data.output),
          'agentrun.mcp.server': data.mcpData?.server,
        }),
      };
    case 'mcp_tools':
      return {
        name: `mcp_tools ${data.server}`,
        kind: otelApi().SpanKind.CLIENT,
        attributes: compact({ 'agentrun.mcp.server': data.server, 'agentrun.mcp.tools': json(data.result) }),
      };
    case 'handoff':
      return {
        name: `handoff ${data.fromAgent ?? '?'} -> ${data.toAgent ?? '?'}`,
        kind: otelApi().SpanKind.INTERNAL,
        attributes: compact({ 'agentrun.handoff.from_agent': data.fromAgent, 'agentrun.handoff.to_agent': data.toAgent }),
      };
    case 'guardrail':
      return {
        name: `guardrail ${data.name}`,
        kind: otelApi().SpanKind.INTERNAL,
        attributes: { 'agentrun.guardrail.name': data.name, 'agentrun.guardrail.triggered': data.triggered },
      };
    case 'custom':
      return {
        name: data.name,
        kind: otelApi().SpanKind.INTERNAL,
        attributes: compact({ 'agentrun.custom.data': json(data.data) }),
      };
  }
}
