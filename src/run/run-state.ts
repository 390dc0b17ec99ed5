import type { Agent } from '../agent/agent.js';
import { RunContextWrapper } from '../agent/run-context.js';
import type { AgentInputItem } from '../items/types.js';
import { normalizeInput } from '../items/types.js';
import type { RunItem, ToolApprovalItem } from '../items/run-items.js';
import { runItemsToInput } from '../items/run-items.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';
import type { NextStep } from './next-step.js';
import { UserError } from '../errors/index.js';
import {
  encodeRunState, runStateText, graphResolver, parseRunState, restoreRunState, validateRunState, type AgentResolver, type EncodableState, type EncodedState,
} from './run-state-codec.js';

/**
 * The whole state of a run, in one object: enough to inspect it, store it and resume it.
 * The pipeline mutates it turn by turn; `toString()` / `RunState.fromString()` round-trip it.
 */
export class RunState<TContext = unknown> {
  /** The durable run this state belongs to (set by runs with a `runStore`). */
  runId: string | undefined;
  /** The run's input as given (with session history merged in, for session runs). */
  originalInput: string | AgentInputItem[];
  currentAgent: Agent<TContext, unknown>;
  /** Model calls made so far. */
  currentTurn = 0;
  maxTurns: number | null;
  generatedItems: RunItem[] = [];
  modelResponses: ModelResponse[] = [];
  context: RunContextWrapper<TContext>;
  inputGuardrailResults: InputGuardrailResult[] = [];
  outputGuardrailResults: OutputGuardrailResult[] = [];
  nextStep: NextStep | undefined;
  finalOutput: unknown;
  /** Response id of the last model call. */
  lastResponseId: string | undefined;
  /** Server-managed conversation: the id chained into the next call, if any. */
  previousResponseId: string | undefined;
  conversationId: string | undefined;
  autoPreviousResponseId = false;
  /** Server-managed conversation: how many items of `modelInput` the server already has. */
  sentItemCount = 0;
  /** Names of agents that used a tool (for resetToolChoice). */
  agentsThatUsedTools = new Set<string>();
  /** Whether the current agent's start hooks fired. */
  currentAgentStarted = false;
  /** `RunConfig.reasoningItemIdPolicy` of the run using this state (set by the runner each run; not stored). */
  reasoningItemIdPolicy: 'preserve' | 'omit' = 'preserve';
  /** Human decisions for tool calls awaiting approval, by call id. */
  approvals = new Map<string, boolean>();

  /**
   * When set (nestHandoffHistory), the model sees this folded history followed by the items
   * generated after the first `historyBaseItemCount` ones, instead of the whole transcript.
   */
  historyBase: AgentInputItem[] | undefined;
  historyBaseItemCount = 0;

  /** originalInput + generatedItems as model input, kept incrementally (no per-turn rebuild). */
  private inputCache: AgentInputItem[];

  constructor(options: { agent: Agent<TContext, unknown>; input: string | AgentInputItem[]; context: RunContextWrapper<TContext>; maxTurns: number | null }) {
    this.currentAgent = options.agent;
    this.originalInput = options.input;
    this.context = options.context;
    this.maxTurns = options.maxTurns;
    this.inputCache = normalizeInput(options.input);
  }

  /** The model input so far. Do not mutate; use the append/replace methods. */
  get modelInput(): readonly AgentInputItem[] {
    return this.inputCache;
  }

  /** Record new items of the current turn. */
  appendItems(items: readonly RunItem[]): void {
    for (const item of items) {
      this.generatedItems.push(item);
      if (item.type !== 'tool_approval_item') this.inputCache.push(item.rawItem);
    }
  }

  /** Replace the history and the items (handoff input filters). */
  replaceHistory(input: string | AgentInputItem[], items: RunItem[]): void {
    this.originalInput = input;
    this.generatedItems = items;
    this.historyBase = undefined;
    this.historyBaseItemCount = 0;
    this.rebuildModelInput();
  }

  /** Fold everything so far into `base` for the model; generated items stay in the result. */
  foldHistory(base: AgentInputItem[]): void {
    this.historyBase = base;
    this.historyBaseItemCount = this.generatedItems.length;
    this.rebuildModelInput();
  }

  private rebuildModelInput(): void {
    this.inputCache = this.historyBase
      ? [...this.historyBase, ...runItemsToInput(this.generatedItems.slice(this.historyBaseItemCount))]
      : [...normalizeInput(this.originalInput), ...runItemsToInput(this.generatedItems)];
  }

  /** Restore derived caches after decoding. */
  restoreHistoryBase(base: AgentInputItem[] | undefined, count: number): void {
    this.historyBase = base;
    this.historyBaseItemCount = count;
    this.rebuildModelInput();
  }

  /** Tool calls waiting for approval, when the run stopped for it. */
  get interruptions(): ToolApprovalItem[] {
    return this.nextStep?.type === 'interruption' ? this.nextStep.interruptions : [];
  }

  /** Approve a pending tool call; resume with `Runner.run(agent, state)`. */
  approve(item: ToolApprovalItem): void {
    this.decide(item, true);
  }

  /** Reject a pending tool call: the model is told it was not approved. */
  reject(item: ToolApprovalItem): void {
    this.decide(item, false);
  }

  private decide(item: ToolApprovalItem, approved: boolean): void {
    if (!item || item.type !== 'tool_approval_item') throw new UserError('approve()/reject() take a tool_approval_item from result.interruptions');
    const callId = item.callId;
    if (!this.interruptions.some((i) => i.callId === callId)) {
      throw new UserError(`approve()/reject(): the call '${callId}' (${item.rawItem.name}) is not a pending interruption of this state`);
    }
    this.approvals.set(callId, approved);
  }

  /** JSON text of the whole state (the context must be JSON-serialisable). */
  toString(): string {
    return runStateText(this as EncodableState);
  }

  /** The versioned JSON form of the state (what `toString()` writes). */
  toJSON(): unknown {
    return encodeRunState(this as EncodableState);
  }

  /**
   * A copy whose later changes do not reach this state (and the reverse). Items and wire items
   * are shared (the run never mutates them); the context object is shared, its usage copied.
   */
  clone(): RunState<TContext> {
    const copy = new RunState<TContext>({
      agent: this.currentAgent,
      input: typeof this.originalInput === 'string' ? this.originalInput : [...this.originalInput],
      context: new RunContextWrapper(this.context.context, structuredClone(this.context.usage)),
      maxTurns: this.maxTurns,
    });
    Object.assign(copy, {
      runId: this.runId, currentTurn: this.currentTurn, generatedItems: [...this.generatedItems], modelResponses: [...this.modelResponses],
      inputGuardrailResults: [...this.inputGuardrailResults], outputGuardrailResults: [...this.outputGuardrailResults],
      nextStep: cloneStep(this.nextStep), finalOutput: this.finalOutput, lastResponseId: this.lastResponseId,
      previousResponseId: this.previousResponseId, conversationId: this.conversationId, autoPreviousResponseId: this.autoPreviousResponseId,
      sentItemCount: this.sentItemCount, agentsThatUsedTools: new Set(this.agentsThatUsedTools), currentAgentStarted: this.currentAgentStarted,
      approvals: new Map(this.approvals),
    });
    copy.restoreHistoryBase(this.historyBase ? [...this.historyBase] : undefined, this.historyBaseItemCount);
    return copy;
  }

  /**
   * Rebuild a state from `toString()`. The version is read first; the text is validated against
   * that version's schema and migrated. Agents are found by name from `startingAgent` and its
   * handoffs. A truncated, tampered or future-version text, or an unknown agent, is a UserError.
   */
  static async fromString<TContext = unknown>(startingAgent: Agent<TContext, unknown>, text: string): Promise<RunState<TContext>> {
    return RunState.restore(graphResolver(startingAgent as Agent<unknown, unknown>), parseRunState(text));
  }

  /** `fromString` for the already-parsed JSON of a state (`JSON.parse(state.toString())`). */
  static fromJSON<TContext = unknown>(startingAgent: Agent<TContext, unknown>, data: unknown): RunState<TContext> {
    return RunState.restore(graphResolver(startingAgent as Agent<unknown, unknown>), validateRunState(data));
  }

  /**
   * Whether the agents are stand-ins (a state loaded from a RunStore without an agent graph):
   * the run binds the real ones by name before it goes on.
   * @internal
   */
  agentsDetached = false;

  /** @internal Bind the agents of a detached state to the graph of `startingAgent` (by name). */
  attachAgents(startingAgent: Agent<TContext, unknown>): void {
    if (!this.agentsDetached) return;
    const live = restoreRunState(graphResolver(startingAgent as Agent<unknown, unknown>), encodeRunState(this as EncodableState));
    this.currentAgent = live.currentAgent as Agent<TContext, unknown>;
    this.generatedItems = live.generatedItems;
    this.restoreHistoryBase(this.historyBase, this.historyBaseItemCount);
    this.nextStep = live.nextStep;
    this.outputGuardrailResults = live.outputGuardrailResults;
    this.agentsDetached = false;
  }

  /** @internal Build a state from validated data, agents found with `resolve`. */
  static restore<TContext>(resolve: AgentResolver, d: EncodedState): RunState<TContext> {
    const live = restoreRunState(resolve, d);
    const state = new RunState<TContext>({
      agent: live.currentAgent as Agent<TContext, unknown>,
      input: d.originalInput as string | AgentInputItem[],
      context: new RunContextWrapper(d.context as TContext, d.usage),
      maxTurns: d.maxTurns,
    });
    state.runId = d.runId;
    state.appendItems(live.generatedItems);
    state.currentTurn = d.currentTurn;
    state.modelResponses = d.modelResponses as ModelResponse[];
    state.inputGuardrailResults = d.inputGuardrailResults as InputGuardrailResult[];
    state.outputGuardrailResults = live.outputGuardrailResults;
    state.finalOutput = d.finalOutput;
    state.lastResponseId = d.lastResponseId;
    state.previousResponseId = d.previousResponseId;
    state.conversationId = d.conversationId;
    state.autoPreviousResponseId = d.autoPreviousResponseId;
    state.sentItemCount = d.sentItemCount;
    state.agentsThatUsedTools = new Set(d.agentsThatUsedTools);
    state.currentAgentStarted = d.currentAgentStarted;
    state.approvals = new Map(d.approvals);
    if (d.historyBase) state.restoreHistoryBase(d.historyBase as AgentInputItem[], d.historyBaseItemCount);
    state.nextStep = live.nextStep;
    return state;
  }
}

function cloneStep(step: NextStep | undefined): NextStep | undefined {
  if (step?.type !== 'interruption') return step;
  const p = step.pending;
  const pending = { functions: [...p.functions], handoffs: [...p.handoffs], turnStart: p.turnStart };
  return { type: 'interruption', interruptions: [...step.interruptions], pending: p.mcpApprovals ? { ...pending, mcpApprovals: [...p.mcpApprovals] } : pending };
}
