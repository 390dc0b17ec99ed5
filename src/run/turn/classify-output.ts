import type { Tool } from '../../agent/tool.js';
import type { Handoff } from '../../agent/handoff.js';
import type { AssistantMessageItem, FunctionCallItem } from '../../items/types.js';
import { HandoffCallItem, MessageOutputItem, ReasoningItem, ToolCallItem, type RunItem } from '../../items/run-items.js';
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
  /** The last assistant message, the candidate final output. */
  lastMessage: AssistantMessageItem | undefined;
}

/** Classify the output items: messages, reasoning, tool calls, handoff calls, unknown tools. */
export function classifyOutput<C>(turn: Turn<C>, response: ModelResponse): ProcessedResponse<C> {
  const { state, env, setup } = turn;
  const agent = state.currentAgent;
  const processed: ProcessedResponse<C> = { items: [], functions: [], handoffs: [], unknownCalls: [], lastMessage: undefined };
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
      default:
        // Hosted-tool items (web search, file search, ...) are server-side; the loop has nothing to run for them.
        break;
    }
  }
  return processed;
}
