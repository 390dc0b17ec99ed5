import type { Agent } from '../agent/agent.js';
import { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { AgentInputItem, FunctionCallItem, FunctionCallOutputItem } from '../items/types.js';
import {
  HandoffCallItem, HandoffOutputItem, MessageOutputItem, ReasoningItem, ToolApprovalItem, ToolCallItem,
  ToolCallOutputItem, type RunItem,
} from '../items/run-items.js';
import type { Usage } from '../items/types.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult } from '../guardrails/types.js';
import type { NextStep, PendingCalls } from './next-step.js';
import { UserError } from '../errors/index.js';
import type { RunState } from './run-state.js';

const VERSION = 1;

interface EncodedItem {
  type: RunItem['type'];
  agent: string;
  rawItem: AgentInputItem;
  output?: unknown;
  sourceAgent?: string;
  targetAgent?: string;
}

type EncodedStep =
  | { type: 'run_again' }
  | { type: 'handoff'; newAgent: string }
  | { type: 'final_output'; output: unknown }
  | { type: 'interruption'; interruptions: EncodedItem[]; pending: PendingCalls };

interface EncodedState {
  version: number;
  currentAgent: string;
  originalInput: string | AgentInputItem[];
  currentTurn: number;
  maxTurns: number | null;
  generatedItems: EncodedItem[];
  modelResponses: ModelResponse[];
  context: unknown;
  usage: Usage;
  inputGuardrailResults: InputGuardrailResult[];
  nextStep?: EncodedStep;
  finalOutput?: unknown;
  lastResponseId?: string;
  previousResponseId?: string;
  conversationId?: string;
  autoPreviousResponseId: boolean;
  sentItemCount: number;
  agentsThatUsedTools: string[];
  currentAgentStarted: boolean;
  approvals: Array<[string, boolean]>;
  historyBase?: AgentInputItem[];
  historyBaseItemCount: number;
}

function encodeItem(item: RunItem): EncodedItem {
  const out: EncodedItem = { type: item.type, agent: item.agent.name, rawItem: item.rawItem };
  if (item.type === 'tool_call_output_item') out.output = item.output;
  if (item.type === 'handoff_output_item') {
    out.sourceAgent = item.sourceAgent.name;
    out.targetAgent = item.targetAgent.name;
  }
  return out;
}

function encodeStep(step: NextStep | undefined): EncodedStep | undefined {
  if (!step) return undefined;
  switch (step.type) {
    case 'handoff': return { type: 'handoff', newAgent: step.newAgent.name };
    case 'interruption': return { type: 'interruption', interruptions: step.interruptions.map(encodeItem), pending: step.pending };
    default: return step;
  }
}

export function encodeRunState(state: RunState<unknown>): EncodedState {
  return {
    version: VERSION,
    currentAgent: state.currentAgent.name,
    originalInput: state.originalInput,
    currentTurn: state.currentTurn,
    maxTurns: state.maxTurns,
    generatedItems: state.generatedItems.map(encodeItem),
    modelResponses: state.modelResponses,
    context: state.context.context,
    usage: state.context.usage,
    inputGuardrailResults: state.inputGuardrailResults,
    nextStep: encodeStep(state.nextStep),
    finalOutput: state.finalOutput,
    lastResponseId: state.lastResponseId,
    previousResponseId: state.previousResponseId,
    conversationId: state.conversationId,
    autoPreviousResponseId: state.autoPreviousResponseId,
    sentItemCount: state.sentItemCount,
    agentsThatUsedTools: [...state.agentsThatUsedTools],
    currentAgentStarted: state.currentAgentStarted,
    approvals: [...state.approvals],
    historyBase: state.historyBase,
    historyBaseItemCount: state.historyBaseItemCount,
  };
}

/** Every agent reachable from `start` through handoffs, by name. */
export function collectAgents(start: Agent<unknown, unknown>): Map<string, Agent<unknown, unknown>> {
  const map = new Map<string, Agent<unknown, unknown>>();
  const visit = (agent: Agent<unknown, unknown>): void => {
    if (map.has(agent.name)) return;
    map.set(agent.name, agent);
    for (const h of agent.handoffObjects) visit(h.agent as Agent<unknown, unknown>);
  };
  visit(start);
  return map;
}

export async function decodeRunState<TContext>(startingAgent: Agent<TContext, unknown>, data: unknown): Promise<RunState<TContext>> {
  const { RunState } = await import('./run-state.js');
  const d = data as EncodedState;
  if (typeof d !== 'object' || d === null || d.version !== VERSION) throw new UserError(`RunState.fromString: unsupported state (version ${String(d?.version)})`);
  const agents = collectAgents(startingAgent as Agent<unknown, unknown>);
  const agentByName = (name: string): Agent<unknown, unknown> => {
    const agent = agents.get(name);
    if (!agent) throw new UserError(`RunState.fromString: agent '${name}' is not reachable from '${startingAgent.name}'`);
    return agent;
  };
  const decodeItem = (e: EncodedItem): RunItem => {
    const agent: AgentLike = agentByName(e.agent);
    switch (e.type) {
      case 'message_output_item': return new MessageOutputItem(agent, e.rawItem as never);
      case 'tool_call_item': return new ToolCallItem(agent, e.rawItem as FunctionCallItem);
      case 'tool_call_output_item': return new ToolCallOutputItem(agent, e.rawItem as FunctionCallOutputItem, e.output);
      case 'handoff_call_item': return new HandoffCallItem(agent, e.rawItem as FunctionCallItem);
      case 'handoff_output_item': return new HandoffOutputItem(agent, e.rawItem as FunctionCallOutputItem, agentByName(e.sourceAgent!), agentByName(e.targetAgent!));
      case 'reasoning_item': return new ReasoningItem(agent, e.rawItem as never);
      case 'tool_approval_item': return new ToolApprovalItem(agent, e.rawItem as FunctionCallItem);
      default: throw new UserError(`RunState.fromString: unknown item type '${String((e as { type: unknown }).type)}'`);
    }
  };
  const state = new RunState<TContext>({
    agent: agentByName(d.currentAgent) as Agent<TContext, unknown>,
    input: d.originalInput,
    context: new RunContextWrapper(d.context as TContext, d.usage),
    maxTurns: d.maxTurns,
  });
  state.appendItems(d.generatedItems.map(decodeItem));
  state.currentTurn = d.currentTurn;
  state.modelResponses = d.modelResponses;
  state.inputGuardrailResults = d.inputGuardrailResults;
  state.finalOutput = d.finalOutput;
  state.lastResponseId = d.lastResponseId;
  state.previousResponseId = d.previousResponseId;
  state.conversationId = d.conversationId;
  state.autoPreviousResponseId = d.autoPreviousResponseId;
  state.sentItemCount = d.sentItemCount;
  state.agentsThatUsedTools = new Set(d.agentsThatUsedTools);
  state.currentAgentStarted = d.currentAgentStarted;
  state.approvals = new Map(d.approvals);
  if (d.historyBase) state.restoreHistoryBase(d.historyBase, d.historyBaseItemCount);
  const step = d.nextStep;
  if (step) {
    if (step.type === 'handoff') state.nextStep = { type: 'handoff', newAgent: agentByName(step.newAgent) };
    else if (step.type === 'interruption') {
      state.nextStep = { type: 'interruption', interruptions: step.interruptions.map(decodeItem) as ToolApprovalItem[], pending: step.pending };
    } else state.nextStep = step;
  }
  return state;
}
