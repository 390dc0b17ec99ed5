import type { AgentLike } from '../agent/agent-like.js';
import type {
  AgentInputItem,
  AssistantMessageItem,
  FunctionCallItem,
  FunctionCallOutputItem,
  HostedMcpWireItem,
  McpApprovalRequestItem,
  ReasoningItem as ReasoningWire,
} from './types.js';

/**
 * Items a run generates, each tied to the agent that produced it. `rawItem` is the wire item;
 * `toInputItem()` is what goes back to the model (the same object: no copy).
 */
abstract class RunItemBase<TType extends string, TRaw extends AgentInputItem> {
  abstract readonly type: TType;
  readonly agent: AgentLike;
  readonly rawItem: TRaw;
  constructor(agent: AgentLike, rawItem: TRaw) {
    this.agent = agent;
    this.rawItem = rawItem;
  }
  /** The item as model input: its wire item (the same object, not a copy). */
  toInputItem(): AgentInputItem {
    return this.rawItem;
  }
}

/** An assistant message. */
export class MessageOutputItem extends RunItemBase<'message_output_item', AssistantMessageItem> {
  readonly type = 'message_output_item' as const;
  /** The message's text (all output_text parts joined). */
  get text(): string {
    return messageText(this.rawItem);
  }
}

/** A call to a function tool. */
export class ToolCallItem extends RunItemBase<'tool_call_item', FunctionCallItem> {
  readonly type = 'tool_call_item' as const;
}

/** A tool's result. `output` is the value the tool returned; the wire item carries its text. */
export class ToolCallOutputItem extends RunItemBase<'tool_call_output_item', FunctionCallOutputItem> {
  readonly type = 'tool_call_output_item' as const;
  readonly output: unknown;
  constructor(agent: AgentLike, rawItem: FunctionCallOutputItem, output: unknown) {
    super(agent, rawItem);
    this.output = output;
  }
}

/** A call to a handoff tool. */
export class HandoffCallItem extends RunItemBase<'handoff_call_item', FunctionCallItem> {
  readonly type = 'handoff_call_item' as const;
}

/** The output of a handoff: `{"assistant": "<target name>"}`. */
export class HandoffOutputItem extends RunItemBase<'handoff_output_item', FunctionCallOutputItem> {
  readonly type = 'handoff_output_item' as const;
  readonly sourceAgent: AgentLike;
  readonly targetAgent: AgentLike;
  constructor(agent: AgentLike, rawItem: FunctionCallOutputItem, sourceAgent: AgentLike, targetAgent: AgentLike) {
    super(agent, rawItem);
    this.sourceAgent = sourceAgent;
    this.targetAgent = targetAgent;
  }
}

/** A reasoning item from a reasoning model. */
export class ReasoningItem extends RunItemBase<'reasoning_item', ReasoningWire> {
  readonly type = 'reasoning_item' as const;
}

/**
 * A Responses-hosted MCP item (`hostedMcpTool`), kept in the history and sent back as it came:
 * `mcp_list_tools` (the server's tools), `mcp_call` (a call the API ran server-side, with its
 * output), `mcp_approval_request` (a call waiting for approval; the run's interruption for it is
 * a separate {@link ToolApprovalItem}) and `mcp_approval_response` (the run's answer on resume).
 * Nothing runs locally for them.
 */
export class HostedMcpItem extends RunItemBase<'hosted_mcp_item', HostedMcpWireItem> {
  readonly type = 'hosted_mcp_item' as const;
}

/**
 * A tool call waiting for human approval: a function tool's call (`needsApproval`), or a hosted
 * MCP server's `mcp_approval_request`. Never sent to the model.
 */
export class ToolApprovalItem extends RunItemBase<'tool_approval_item', FunctionCallItem | McpApprovalRequestItem> {
  readonly type = 'tool_approval_item' as const;
  /** The id approvals are kept under: the function call's `call_id`, or the approval request's `id`. */
  get callId(): string {
    return this.rawItem.type === 'mcp_approval_request' ? this.rawItem.id : this.rawItem.call_id;
  }
  get toolName(): string {
    return this.rawItem.name;
  }
  get arguments(): string {
    return this.rawItem.arguments;
  }
}

/** Any item a run generates (`result.newItems`), told apart by `type`. */
export type RunItem =
  | MessageOutputItem
  | ToolCallItem
  | ToolCallOutputItem
  | HandoffCallItem
  | HandoffOutputItem
  | ReasoningItem
  | HostedMcpItem
  | ToolApprovalItem;

/** All output_text parts of an assistant message, joined. */
export function messageText(message: AssistantMessageItem): string {
  let text = '';
  for (const part of message.content) if (part.type === 'output_text') text += part.text;
  return text;
}

/** The refusal text of an assistant message, if any. */
export function messageRefusal(message: AssistantMessageItem): string | undefined {
  for (const part of message.content) if (part.type === 'refusal') return part.refusal;
  return undefined;
}

/** Items in the form the model gets them (approval items are not sent). */
export function runItemsToInput(items: readonly RunItem[]): AgentInputItem[] {
  const out: AgentInputItem[] = [];
  for (const item of items) if (item.type !== 'tool_approval_item') out.push(item.rawItem);
  return out;
}
