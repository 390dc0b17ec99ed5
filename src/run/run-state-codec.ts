import type { z } from 'zod';
import type { Agent } from '../agent/agent.js';
import type { AgentLike } from '../agent/agent-like.js';
import type {
  AssistantMessageItem, FunctionCallItem, FunctionCallOutputItem, HostedMcpWireItem, McpApprovalRequestItem, ReasoningItem as ReasoningWire,
} from '../items/types.js';
import {
  HandoffCallItem, HandoffOutputItem, HostedMcpItem, MessageOutputItem, ReasoningItem, ToolApprovalItem, ToolCallItem,
  ToolCallOutputItem, type RunItem,
} from '../items/run-items.js';
import type { NextStep } from './next-step.js';
import type { OutputGuardrailResult } from '../guardrails/types.js';
import { UserError } from '../errors/index.js';
import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentInputItem } from '../items/types.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult } from '../guardrails/types.js';
import { CURRENT_VERSION, stateV1Schema, stateV2Schema, type EncodedItem, type EncodedState } from './run-state-schema.js';
import { migrateToCurrent } from './run-state-migrations.js';

export { CURRENT_VERSION as RUN_STATE_VERSION } from './run-state-schema.js';
export type { EncodedState } from './run-state-schema.js';

const WHERE = 'RunState.fromString';

// Encoding builds plain objects and copies them through JSON once at the end (see encodeRunState).
type Plain = Record<string, unknown>;

function encodeItem(item: RunItem): Plain {
  const base = { agent: item.agent.name };
  switch (item.type) {
    case 'tool_call_output_item': return { ...base, type: item.type, rawItem: item.rawItem, output: item.output };
    case 'handoff_output_item':
      return { ...base, type: item.type, rawItem: item.rawItem, sourceAgent: item.sourceAgent.name, targetAgent: item.targetAgent.name };
    default: return { ...base, type: item.type, rawItem: item.rawItem };
  }
}

function encodeStep(step: NextStep | undefined): Plain | undefined {
  if (!step) return undefined;
  switch (step.type) {
    case 'handoff': return { type: 'handoff', newAgent: step.newAgent.name };
    case 'interruption':
      return { type: 'interruption', interruptions: step.interruptions.map(encodeItem), pending: step.pending };
    default: return { ...step };
  }
}

/** The fields of a RunState the codec reads (structural, so the codec does not import RunState). */
export interface EncodableState {
  runId: string | undefined;
  currentAgent: { name: string };
  originalInput: string | AgentInputItem[];
  currentTurn: number;
  maxTurns: number | null;
  generatedItems: RunItem[];
  modelResponses: ModelResponse[];
  context: RunContextWrapper<unknown>;
  inputGuardrailResults: InputGuardrailResult[];
  outputGuardrailResults: OutputGuardrailResult[];
  nextStep: NextStep | undefined;
  finalOutput: unknown;
  lastResponseId: string | undefined;
  previousResponseId: string | undefined;
  conversationId: string | undefined;
  autoPreviousResponseId: boolean;
  sentItemCount: number;
  agentsThatUsedTools: Set<string>;
  currentAgentStarted: boolean;
  approvals: Map<string, boolean>;
  historyBase: AgentInputItem[] | undefined;
  historyBaseItemCount: number;
}

/** A field's JSON text, already made (undefined: the field is left out). */
class RawJson {
  constructor(readonly text: string | undefined) {}
}

/** An array field of a snapshot: a copy of its elements, serialised when the text is made. */
class LaterArray<T extends object = object> {
  constructor(readonly values: readonly T[], readonly encode: (v: T) => unknown) {}
}

// Items, model responses and input arrays are never changed once in a state, so their JSON is made
// once: a durable run writes its state at every turn end, and re-serialising the whole history
// each time would make a long run's checkpoints quadratic.
const textCache = new WeakMap<object, string>();

function cachedText<T extends object>(value: T, encode: (v: T) => unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(encode(value)) ?? 'null';
  let text = textCache.get(value);
  if (text === undefined) textCache.set(value, (text = JSON.stringify(encode(value)) ?? 'null'));
  return text;
}

function arrayText<T extends object>(values: readonly T[], encode: (v: T) => unknown): RawJson {
  return new RawJson(`[${values.map((v) => cachedText(v, encode)).join(',')}]`);
}

const same = (v: unknown): unknown => v;

/**
 * The JSON text of `value`, made once per object: a durable run's journal and its state both hold
 * the same model response, which is thus serialised once.
 */
export function jsonText(value: unknown): string {
  return typeof value === 'object' && value !== null ? cachedText(value, same) : (JSON.stringify(value) ?? 'null');
}

/**
 * The JSON text of a state (current version): what `RunState.toString()` and run stores write.
 * Exactly `JSON.stringify` of the encoded object, assembled from cached pieces.
 */
export function runStateText(state: EncodableState): string {
  return assemble(encodeFields(state, false));
}

function assemble(fields: Record<string, unknown>): string {
  let out = '{';
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const text = value instanceof RawJson ? value.text : value instanceof LaterArray ? arrayText(value.values, value.encode).text : JSON.stringify(value);
    if (text === undefined) continue; // undefined, functions: left out, as JSON.stringify does
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}

/**
 * A state as it is now, taken cheaply: `text` (exactly `runStateText` of the state at the time) is
 * assembled when first read. Arrays and the usage are copied, not serialised (items, responses,
 * results and outputs never change once in a state); the context, which tools may change in
 * place, is serialised now. What a run store's checkpoint holds: an in-memory store never needs the text
 * until the run is loaded.
 */
export class RunStateSnapshot {
  private fields: Record<string, unknown> | undefined;
  private made: string | undefined;

  private constructor(fields: Record<string, unknown> | undefined, text: string | undefined) {
    this.fields = fields;
    this.made = text;
  }

  /** The state now. A context that is not JSON fails here (it is serialised now). */
  static of(state: EncodableState): RunStateSnapshot {
    return new RunStateSnapshot(encodeFields(state, true), undefined);
  }

  /** A state's text, as stored. */
  static ofText(text: string): RunStateSnapshot {
    return new RunStateSnapshot(undefined, text);
  }

  /** The state's JSON text (`RunState.toString()` of the state as it was). */
  get text(): string {
    if (this.made === undefined) {
      this.made = assemble(this.fields!);
      this.fields = undefined;
    }
    return this.made;
  }
}

/**
 * The JSON-ready form of a state (current version). Wire items are copied, so the result is a
 * snapshot: later changes to the run do not change it.
 */
export function encodeRunState(state: EncodableState): EncodedState {
  // One JSON round trip: a deep copy, and exactly what a store would keep (undefined fields dropped).
  return JSON.parse(runStateText(state)) as EncodedState;
}

/**
 * The encoded fields; the long arrays as cached JSON text, or for a snapshot (`later`) as copies,
 * with the values that may change in place serialised now.
 */
function encodeFields(state: EncodableState, later: boolean): Record<string, unknown> {
  const array = <T extends object>(values: readonly T[], encode: (v: T) => unknown) => (later ? new LaterArray(values.slice(), encode) : arrayText(values, encode));
  // The caller's context is the one value the run (its tools) changes in place: a snapshot serialises it now.
  const now = (value: unknown) => (later ? new RawJson(JSON.stringify(value)) : value);
  const encoded = {
    version: CURRENT_VERSION,
    runId: state.runId,
    currentAgent: state.currentAgent.name,
    originalInput: typeof state.originalInput === 'string' ? state.originalInput : array(state.originalInput, same),
    currentTurn: state.currentTurn,
    maxTurns: state.maxTurns,
    generatedItems: array(state.generatedItems, encodeItem),
    modelResponses: array(state.modelResponses, same),
    context: now(state.context.context),
    usage: later ? { ...state.context.usage } : state.context.usage, // summed in place; its detail objects are replaced, not changed
    inputGuardrailResults: state.inputGuardrailResults.map((r) => ({ guardrail: { name: r.guardrail.name }, output: r.output })),
    outputGuardrailResults: state.outputGuardrailResults.map((r) => ({
      guardrail: { name: r.guardrail.name }, output: r.output, agent: r.agent.name, agentOutput: r.agentOutput,
    })),
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
    historyBase: state.historyBase && array(state.historyBase, same),
    historyBaseItemCount: state.historyBaseItemCount,
  };
  return encoded;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `field '${path}': ${issue.message}`;
}

/**
 * Read a saved state: JSON, then the version (read first), then that version's schema, then the
 * migrations up to the current version, then consistency checks. Every failure is a UserError
 * naming the problem.
 */
export function parseRunState(text: string): EncodedState {
  if (typeof text !== 'string') throw new UserError(`${WHERE}: expected a string, got ${typeof text}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${WHERE}: the text is not valid JSON (truncated or corrupted?): ${(error as Error).message}`, { cause: error });
  }
  return validateRunState(data);
}

/** `parseRunState` for data already parsed from JSON. */
export function validateRunState(data: unknown): EncodedState {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UserError(`${WHERE}: a saved state is a JSON object`);
  const version = (data as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UserError(`${WHERE}: missing or invalid 'version' (got ${JSON.stringify(version) ?? 'undefined'})`);
  }
  if (version > CURRENT_VERSION) {
    throw new UserError(`${WHERE}: the state has format version ${version}, written by a newer agentrun; this one reads versions 1 to ${CURRENT_VERSION}`);
  }
  const schema = version === 1 ? stateV1Schema : stateV2Schema;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UserError(`${WHERE}: invalid version ${version} state: ${describeIssue(parsed.error)}`);
  // The data itself, not zod's copy: that one reorders keys, and items must come back as they were sent.
  const current = migrateToCurrent(data as typeof parsed.data);
  checkConsistency(current);
  return current;
}

/** What a schema cannot say: cross-field facts a tampered state breaks. */
function checkConsistency(s: EncodedState): void {
  const items = s.generatedItems.length;
  if (s.historyBaseItemCount > items) {
    throw new UserError(`${WHERE}: historyBaseItemCount ${s.historyBaseItemCount} exceeds the ${items} generated items`);
  }
  if (s.maxTurns !== null && s.currentTurn > s.maxTurns + 1) {
    throw new UserError(`${WHERE}: currentTurn ${s.currentTurn} is beyond maxTurns ${s.maxTurns}`);
  }
  const step = s.nextStep;
  if (step?.type !== 'interruption') return;
  if (step.pending.turnStart > items) throw new UserError(`${WHERE}: pending turnStart ${step.pending.turnStart} exceeds the ${items} generated items`);
  const pendingIds = new Set(step.pending.functions.map((f) => f.call_id));
  for (const request of step.pending.mcpApprovals ?? []) pendingIds.add(request.id);
  for (const item of step.interruptions) {
    if (item.type !== 'tool_approval_item') throw new UserError(`${WHERE}: interruption item of type '${item.type}' (expected tool_approval_item)`);
    const callId = item.rawItem.type === 'mcp_approval_request' ? item.rawItem.id : item.rawItem.call_id;
    if (!pendingIds.has(callId)) {
      throw new UserError(`${WHERE}: approval item for call '${callId}' (${item.rawItem.name}) is not a pending tool call of the interrupted turn`);
    }
  }
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

/** A decoded state's live objects: items and steps with their agents resolved in the given graph. */
export interface RestoredRunState {
  currentAgent: Agent<unknown, unknown>;
  generatedItems: RunItem[];
  nextStep: NextStep | undefined;
  outputGuardrailResults: OutputGuardrailResult[];
}

/** Finds an agent by name (a UserError if there is none). */
export type AgentResolver = (name: string) => Agent<unknown, unknown>;

/** Agents by name in the graph of `startingAgent`; an unknown name is a UserError. */
export function graphResolver(startingAgent: Agent<unknown, unknown>): AgentResolver {
  const agents = collectAgents(startingAgent);
  return (name) => {
    const agent = agents.get(name);
    if (!agent) {
      throw new UserError(`${WHERE}: agent '${name}' is not in the agent graph of '${startingAgent.name}' (known: ${[...agents.keys()].join(', ')})`);
    }
    return agent;
  };
}

/** Resolve every agent name of `data` with `agentByName`. */
export function restoreRunState(agentByName: AgentResolver, data: EncodedState): RestoredRunState {
  const decodeItem = (e: EncodedItem): RunItem => {
    const agent: AgentLike = agentByName(e.agent);
    switch (e.type) {
      case 'message_output_item': return new MessageOutputItem(agent, e.rawItem as AssistantMessageItem);
      case 'tool_call_item': return new ToolCallItem(agent, e.rawItem as FunctionCallItem);
      case 'tool_call_output_item': return new ToolCallOutputItem(agent, e.rawItem as FunctionCallOutputItem, e.output);
      case 'handoff_call_item': return new HandoffCallItem(agent, e.rawItem as FunctionCallItem);
      case 'handoff_output_item':
        return new HandoffOutputItem(agent, e.rawItem as FunctionCallOutputItem, agentByName(e.sourceAgent), agentByName(e.targetAgent));
      case 'reasoning_item': return new ReasoningItem(agent, e.rawItem as ReasoningWire);
      case 'hosted_mcp_item': return new HostedMcpItem(agent, e.rawItem as HostedMcpWireItem);
      case 'tool_approval_item': return new ToolApprovalItem(agent, e.rawItem as FunctionCallItem | McpApprovalRequestItem);
    }
  };
  const step = data.nextStep;
  let nextStep: NextStep | undefined;
  if (step?.type === 'handoff') nextStep = { type: 'handoff', newAgent: agentByName(step.newAgent) };
  else if (step?.type === 'interruption') {
    nextStep = {
      type: 'interruption',
      interruptions: step.interruptions.map(decodeItem) as ToolApprovalItem[],
      pending: step.pending as Extract<NextStep, { type: 'interruption' }>['pending'],
    };
  } else if (step?.type === 'final_output') nextStep = { type: 'final_output', output: step.output };
  else nextStep = step;
  return {
    currentAgent: agentByName(data.currentAgent),
    generatedItems: data.generatedItems.map(decodeItem),
    nextStep,
    outputGuardrailResults: data.outputGuardrailResults.map((r) => ({
      guardrail: r.guardrail, output: r.output as OutputGuardrailResult['output'], agent: agentByName(r.agent), agentOutput: r.agentOutput,
    })),
  };
}
