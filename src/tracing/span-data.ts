import type { Usage } from '../items/types.js';

/** An agent's turn span: covers one agent's part of a run. */
export interface AgentSpanData {
  type: 'agent';
  name: string;
  /** Names of the tools the agent offered. */
  tools?: string[];
  /** Names of the agents it can hand off to. */
  handoffs?: string[];
  /** Name of the structured output type; absent for plain text. */
  outputType?: string;
}

/** One model call, described by its inputs and outputs (Chat Completions style). */
export interface GenerationSpanData {
  type: 'generation';
  model?: string;
  modelConfig?: Record<string, unknown>;
  input?: unknown;
  output?: unknown;
  usage?: Usage;
  /** HTTP attempts the call took, when the transport retried it (absent: one). */
  attempts?: number;
}

/** One Responses API call. */
export interface ResponseSpanData {
  type: 'response';
  responseId?: string;
  model?: string;
  input?: unknown;
  output?: unknown;
  usage?: Usage;
}

/** One function tool call. `input` is the raw JSON arguments. */
export interface FunctionSpanData {
  type: 'function';
  name: string;
  input?: string;
  output?: unknown;
  /** Set when the tool is an MCP server's: the server that ran the call. */
  mcpData?: { server: string };
}

/** One `tools/list` request to an MCP server (a cache hit makes none). */
export interface MCPListToolsSpanData {
  type: 'mcp_tools';
  /** The server's name. */
  server: string;
  /** The names of the tools it listed. */
  result?: string[];
}

/** A handoff from one agent to another. */
export interface HandoffSpanData {
  type: 'handoff';
  fromAgent?: string;
  toAgent?: string;
}

/** One guardrail check. */
export interface GuardrailSpanData {
  type: 'guardrail';
  name: string;
  triggered: boolean;
}

/** A user-defined span. */
export interface CustomSpanData {
  type: 'custom';
  name: string;
  data: Record<string, unknown>;
}

/** What a span describes, tagged by `type`. */
export type SpanData =
  | AgentSpanData
  | GenerationSpanData
  | ResponseSpanData
  | FunctionSpanData
  | MCPListToolsSpanData
  | HandoffSpanData
  | GuardrailSpanData
  | CustomSpanData;

/** The `type` tags of `SpanData`. */
export type SpanType = SpanData['type'];

/** The span data for one `type` tag: `SpanDataOf<'function'>` is `FunctionSpanData`. */
export type SpanDataOf<K extends SpanType> = Extract<SpanData, { type: K }>;

/** A short display name for a span: the agent/tool/guardrail name, the model, or the handoff route. */
export function spanDisplayName(data: SpanData): string {
  switch (data.type) {
    case 'agent':
    case 'function':
    case 'guardrail':
    case 'custom':
      return data.name;
    case 'generation':
      return data.model ?? 'generation';
    case 'response':
      return data.model ?? data.responseId ?? 'response';
    case 'mcp_tools':
      return `mcp_tools ${data.server}`;
    case 'handoff':
      return `${data.fromAgent ?? '?'} -> ${data.toAgent ?? '?'}`;
  }
}
