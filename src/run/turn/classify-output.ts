import type { Tool } from '../../agent/tool.js';
import type { Handoff } from '../../agent/handoff.js';
import type { AgentOutputItem, AssistantMessageItem, FunctionCallItem, McpApprovalRequestItem } from '../../items/types.js';
import type { AgentLike } from '../../agent/agent-like.js';
import { HandoffCallItem, HostedMcpItem, MessageOutputItem, ReasoningItem, ToolCallItem, type RunItem } from '../../items/run-items.js';
import type { ModelResponse } from '../../models/interface.js';
import { ModelBehaviorError } from '../../errors/index.js';
import type { Turn } from './turn.js';

/** A model response sorted into what the turn must do. */
export interface ProcessedResponse<C> {
  /** Run items for the response's output, in output order. */
  items: RunItem[];
  functions: Array<{ call: FunctionCallItem; tool: Tool<C> }>;
  handoffs: Array<{ call: FunctionCallItem; handoff: Handoff<C> }>;
  /** Calls to tools that do not exist, when toolNotFoundBehavior is 'return_error_to_model'. */
  unknownCalls: FunctionCallItem[];
  /** Hosted MCP calls waiting for approval (`mcp_approval_request`), in output order. */
  mcpApprovals: McpApprovalRequestItem[];
  /** The last assistant message, the candidate final output. */
  lastMessage: AssistantMessageItem | undefined;
}

/** Classify the output items: messages, reasoning, tool calls, handoff calls, unknown tools. */
export function classifyOutput<C>(turn: Turn<C>, response: ModelResponse): ProcessedResponse<C> {
  const { state, env, setup } = turn;
  const agent = state.currentAgent;
  const processed: ProcessedResponse<C> = { items: [], functions: [], handoffs: [], unknownCalls: [], mcpApprovals: [], lastMessage: undefined };
  for (const raw of response.output) {
    switch (raw?.type) {
      case 'message':
        if (raw.role !== 'assistant' || !Array.isArray(raw.content)) throw new ModelBehaviorError('Model returned a message that is not an assistant message with content');
        processed.items.push(new MessageOutputItem(agent, raw));
        processed.lastMessage = raw;
        break;
      case 'reasoning':
        processed.items.push(new ReasoningItem(agent, raw));
        break;
      case 'function_call': {
        if (typeof raw.name !== 'string' || typeof raw.call_id !== 'string') throw new ModelBehaviorError('Model returned a function call without name or call_id');
        if (typeof raw.arguments !== 'string') raw.arguments = raw.arguments === undefined ? '' : JSON.stringify(raw.arguments);
        const handoff = setup.handoffsByName.get(raw.name);
        if (handoff) {
          processed.items.push(new HandoffCallItem(agent, raw));
          processed.handoffs.push({ call: raw, handoff });
          break;
        }
        const tool = setup.toolsByName.get(raw.name);
        processed.items.push(new ToolCallItem(agent, raw));
        if (tool) processed.functions.push({ call: raw, tool });
        else if (env.config.toolNotFoundBehavior === 'return_error_to_model') processed.unknownCalls.push(raw);
        else throw new ModelBehaviorError(`Tool '${raw.name}' not found in agent '${agent.name}'`);
        break;
      }
      case 'mcp_list_tools':
      case 'mcp_call':
        processed.items.push(new HostedMcpItem(agent, hostedMcpItem(agent, raw)));
        break;
      case 'mcp_approval_request':
        processed.items.push(new HostedMcpItem(agent, hostedMcpItem(agent, raw)));
        if (typeof raw.name !== 'string' || typeof raw.arguments !== 'string') throw new ModelBehaviorError(`Model returned an mcp_approval_request without name or arguments (server '${raw.server_label}')`);
        processed.mcpApprovals.push(raw);
        break;
      default:
        // Hosted-tool items (web search, file search, ...) are server-side; the loop has nothing to run for them.
        break;
    }
  }
  return processed;
}

type HostedMcpOutput = Extract<AgentOutputItem, { type: 'mcp_list_tools' | 'mcp_call' | 'mcp_approval_request' }>;

/** A hosted MCP output item, checked: it has an id and names one of the agent's hosted MCP servers. */
function hostedMcpItem<T extends HostedMcpOutput>(agent: AgentLike & { hostedTools?: ReadonlyArray<{ name: string }> }, raw: T): T {
  if (typeof raw.id !== 'string' || raw.id === '') throw new ModelBehaviorError(`Model returned an ${raw.type} item without an id`);
  if (!agent.hostedTools?.some((t) => t.name === raw.server_label)) {
    throw new ModelBehaviorError(`Model returned an ${raw.type} item for hosted MCP server '${raw.server_label}', which agent '${agent.name}' does not have`);
  }
  return raw;
}
