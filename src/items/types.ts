/**
 * Wire items: OpenAI Responses API items as JSON. These are the shapes sent to and received from
 * models; both OpenAI providers and the scripted test model speak them. Only the fields the runner
 * reads are typed strictly; providers pass any extra fields through untouched.
 */

/** Text or image content of an input message, as in the Responses API. */
export type InputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string; file_id?: string; detail?: 'low' | 'high' | 'auto' }
  | { type: 'input_file'; file_id?: string; file_data?: string; filename?: string };

/** A user / system / developer message. `type` is optional on the wire. */
export interface InputMessageItem {
  type?: 'message';
  id?: string;
  role: 'user' | 'system' | 'developer';
  content: string | InputContent[];
}

/** A text part of an assistant message. */
export interface OutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  logprobs?: unknown[];
}
/** A refusal part of an assistant message. */
export interface OutputRefusal {
  type: 'refusal';
  refusal: string;
}

/** An assistant message produced by a model. */
export interface AssistantMessageItem {
  type: 'message';
  id?: string;
  role: 'assistant';
  status?: 'in_progress' | 'completed' | 'incomplete';
  content: Array<OutputText | OutputRefusal>;
}

/** A function (tool or handoff) call made by a model. `arguments` is a JSON text. */
export interface FunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** The result of a function call, sent back to the model. */
export interface FunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** A reasoning item (o-series / gpt-5 models). Passed back verbatim on later turns. */
export interface ReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** A Responses-hosted MCP server's tool list (`hostedMcpTool`), as the model returned it. */
export interface McpListToolsItem {
  type: 'mcp_list_tools';
  id: string;
  server_label: string;
  tools: unknown[];
  error?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** A call the Responses API made to a hosted MCP server's tool (it ran server-side). */
export interface McpCallItem {
  type: 'mcp_call';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
  output?: string | null;
  error?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete' | 'calling' | 'failed';
}

/** A hosted MCP server's tool call waiting for approval; the run stops with it as an interruption. */
export interface McpApprovalRequestItem {
  type: 'mcp_approval_request';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/** The answer to an {@link McpApprovalRequestItem}, sent to the model when the run resumes. */
export interface McpApprovalResponseItem {
  type: 'mcp_approval_response';
  id?: string;
  approval_request_id: string;
  approve: boolean;
  reason?: string;
}

/** The Responses API's hosted MCP items, passed through the history unchanged. */
export type HostedMcpWireItem = McpListToolsItem | McpCallItem | McpApprovalRequestItem | McpApprovalResponseItem;

/** Any item a run can send to a model. */
export type AgentInputItem =
  | InputMessageItem
  | AssistantMessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | ReasoningItem
  | HostedMcpWireItem;

/** Any item a model can return. */
export type AgentOutputItem = AssistantMessageItem | FunctionCallItem | ReasoningItem | McpListToolsItem | McpCallItem | McpApprovalRequestItem;

/** Token usage of one model call, or summed over a run. */
export interface Usage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Details as reported by the API (cached tokens, reasoning tokens), summed across calls. */
  inputTokensDetails?: { cachedTokens?: number };
  outputTokensDetails?: { reasoningTokens?: number };
}

/** A string input means one user message. */
export function normalizeInput(input: string | readonly AgentInputItem[]): AgentInputItem[] {
  return typeof input === 'string' ? [{ role: 'user', content: input }] : [...input];
}
