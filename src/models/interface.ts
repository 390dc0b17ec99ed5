import type { AgentInputItem, AgentOutputItem, Usage } from '../items/types.js';
import type { ModelSettings } from './model-settings.js';

/** A function tool as the model sees it (the Responses API `function` tool shape). */
export interface SerializedFunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

/** A Responses-hosted MCP server (the Responses API `mcp` tool), made by `hostedMcpTool`. */
export interface SerializedHostedMcpTool {
  type: 'mcp';
  server_label: string;
  server_url: string;
  require_approval?: 'always' | 'never' | { always?: { tool_names: string[] }; never?: { tool_names: string[] } };
  headers?: Record<string, string>;
}

/** A tool as sent to the model: a function tool or a hosted tool definition. */
export type SerializedTool = SerializedFunctionTool | SerializedHostedMcpTool;

/** A structured output format: a JSON schema the final message must follow. */
export interface SerializedOutputType {
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
}

/** Everything a model needs for one call. Built once per turn by the pipeline. */
export interface ModelRequest {
  /** System prompt (the agent's resolved instructions), if any. */
  systemInstructions?: string;
  /** The items to send: the whole history, or only the unsent ones for server-managed conversations. */
  input: AgentInputItem[];
  modelSettings: ModelSettings;
  /** Function tools, handoff tools, then hosted tools (Responses models only), in that order. */
  tools: SerializedTool[];
  /** Absent for plain-text agents. */
  outputType?: SerializedOutputType;
  previousResponseId?: string;
  conversationId?: string;
  /** Aborts the HTTP request / stream. */
  signal?: AbortSignal;
  /**
   * Written by a model whose transport retried this call: how many HTTP attempts it took (absent
   * when the first one answered). The run records it on the generation span as `attempts`.
   */
  attempts?: number;
}

/** One model call's result. */
export interface ModelResponse {
  output: AgentOutputItem[];
  usage: Usage;
  /** The Responses API response id (used for `previousResponseId` chaining); absent for Chat Completions. */
  responseId?: string;
}

/**
 * A Responses API stream event (`response.created`, `response.output_text.delta`, ...,
 * `response.completed`). Every model's stream ends with `response.completed`, whose `response`
 * carries the full output and usage, so the runner needs only one event vocabulary.
 */
export interface ResponseStreamEvent {
  type: string;
  [key: string]: unknown;
}

/** The `response.completed` event: the final response of a stream. */
export interface ResponseCompletedEvent extends ResponseStreamEvent {
  type: 'response.completed';
  response: { id?: string; output: AgentOutputItem[]; usage?: WireUsage | null; [key: string]: unknown };
}

/** Usage as the Responses API reports it. */
export interface WireUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

/** A language model. Small and stable: the loop depends on nothing else about it. */
export interface Model {
  /** One blocking model call: the whole response at once. */
  getResponse(request: ModelRequest): Promise<ModelResponse>;
  /** One streamed model call: Responses-API stream events, ending with `response.completed`. */
  streamResponse(request: ModelRequest): AsyncIterable<ResponseStreamEvent>;
}

/** Resolves model names (as given on agents or RunConfig) to models. */
export interface ModelProvider {
  /** The model for a name (an agent's or RunConfig's `model`); no name: the provider's default. */
  getModel(name?: string): Model | Promise<Model>;
}
