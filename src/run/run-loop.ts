import { MaxTurnsExceeded } from '../errors/index.js';
import { ToolCallItem } from '../items/run-items.js';
import { fireAgentEnd } from '../hooks/dispatch.js';
import { getAgentSetup, type AgentSetup } from './agent-setup.js';
import type { ModelRequest } from '../models/interface.js';
import type { NextStep } from './next-step.js';
import type { RunEnv } from './run-env.js';
import type { RunState } from './run-state.js';
import { emitItems } from './stream-events.js';
import { classifyOutput, type ProcessedResponse } from './turn/classify-output.js';
import { finalOutputDecision } from './turn/decide-next-step.js';
import { endTurn } from './turn/end-turn.js';
import { executeHandoff } from './turn/execute-handoff.js';
import { executeTools, type ToolPhaseResult } from './turn/execute-tools.js';
import { runOutputGuardrails } from './turn/guardrails.js';
import { callModelGuarded, settleInputGuardrails } from './turn/input-guardrail-race.js';
import { prepareTurn } from './turn/prepare-turn.js';
import { recoverWithHandler } from './turn/recover.js';
import { startAgent } from './turn/start-agent.js';
import { stopBeforeTurn, toolUseDecision, turnsExhausted } from './turn/stop-conditions.js';
import { TurnContext, type Turn } from './turn/turn.js';
import type { FunctionToolResult } from '../agent/agent.js';

/*
 * Orchestration only: the stages live in turn/. Values that are usually synchronous (the cached
 * agent setup, the request, item events without a stream) are awaited only when they are
 * promises: an `await` of a plain value still costs a promise and a microtask (and, with tracing
 * on, the async-context hooks on each).
 */

/**
 * The agent loop, shared by run, runStreamed and runSync: turn after turn until a final output
 * or an interruption. Each turn: prepare → call model → classify output → run tools / handoff →
 * decide the next step → end the turn. Streaming differs only in `env.sink` being set.
 */
export async function runLoop<C>(state: RunState<C>, env: RunEnv<C>): Promise<void> {
  const begun = env.steps?.begin?.(state as RunState<unknown>);
  if (begun) await begun;
  if (state.currentAgentStarted) {
    // A resumed run: its agent already started (no start hooks again), but a stream still opens with the current agent.
    const pushed = env.sink?.push({ type: 'agent_updated_stream_event', newAgent: state.currentAgent });
    if (pushed) await pushed;
  }
  if (state.nextStep?.type === 'interruption') {
    const step = await resumeInterruptedTurn(state, env);
    if (step.type === 'final_output' || step.type === 'interruption') return;
  }
  for (;;) {
    if (stopBeforeTurn(env)) return;
    const step = await runTurn(state, env);
    if (step.type === 'final_output' || step.type === 'interruption') return;
  }
}

/** One turn, from the agent's setup to its end. */
async function runTurn<C>(state: RunState<C>, env: RunEnv<C>): Promise<NextStep> {
  const pendingSetup = getAgentSetup(state, env);
  const setup = pendingSetup instanceof Promise ? await pendingSetup : pendingSetup;
  const turn = new TurnContext({ state, env, setup, number: state.currentTurn + 1, start: state.generatedItems.length });
  if (turnsExhausted(state)) return maxTurnsReached(turn);
  if (!state.currentAgentStarted) {
    const started = startAgent(turn);
    if (started) await started;
  }
  state.currentTurn++;
  const pendingRequest = prepareTurn(turn);
  const request = pendingRequest instanceof Promise ? await pendingRequest : pendingRequest;
  // Turn 1's parallel input guardrails run alongside its model call and tools; their verdict comes before the turn's results are used.
  const { processed, tools } = turn.number === 1 ? await settleInputGuardrails(turn, () => modelAndTools(turn, request)) : await modelAndTools(turn, request);
  return afterTools(turn, processed, tools);
}

/** The model call, its output recorded, then the tools it called. */
async function modelAndTools<C>(turn: TurnContext<C>, request: ModelRequest): Promise<{ processed: ProcessedResponse<C>; tools: ToolPhaseResult<C> }> {
  const { state, env } = turn;
  const response = await callModelGuarded(turn, request);
  const processed = classifyOutput(turn, response);
  state.appendItems(processed.items);
  if (env.serverManaged) {
    // The server holds everything up to and including this response's output.
    state.sentItemCount = state.modelInput.length;
    if (state.conversationId === undefined && response.responseId) state.previousResponseId = response.responseId;
  }
  const emitted = emitItems(env.sink, processed.items);
  if (emitted) await emitted;
  const pendingTools = executeTools(turn, processed);
  const tools = pendingTools instanceof Promise ? await pendingTools : pendingTools;
  return { processed, tools };
}

async function maxTurnsReached<C>(turn: Turn<C>): Promise<NextStep> {
  const { state, env } = turn;
  const error = new MaxTurnsExceeded(`Max turns (${state.maxTurns}) exceeded`);
  const decision = await recoverWithHandler({ state, env, kind: 'maxTurns', error, output: [] });
  // A handler's final output ends the run like any other, so start/end hooks stay paired.
  if (!state.currentAgentStarted) await startAgent(turn);
  return finish(turn, decision.type === 'final_output' ? decision.output : undefined);
}

/** Tools, handoff and the decision, for a classified response (when resuming). */
async function afterModel<C>(turn: Turn<C>, processed: ProcessedResponse<C>): Promise<NextStep> {
  const pendingTools = executeTools(turn, processed);
  return afterTools(turn, processed, pendingTools instanceof Promise ? await pendingTools : pendingTools);
}

/** After the tools: stop for approvals, or record their outputs, then handoff and the decision. */
async function afterTools<C>(turn: Turn<C>, processed: ProcessedResponse<C>, tools: ToolPhaseResult<C>): Promise<NextStep> {
  const { state, env } = turn;
  if (tools.approvals.length > 0) {
    const pending = { functions: processed.functions.map((f) => f.call), handoffs: processed.handoffs.map((h) => h.call), turnStart: turn.start };
    await emitItems(env.sink, tools.approvals);
    return endTurn(turn, { type: 'interruption', interruptions: tools.approvals, pending });
  }
  state.appendItems(tools.outputs);
  const emitted = emitItems(env.sink, tools.outputs);
  if (emitted) await emitted;
  return decide(turn, processed, tools.results);
}

/** After the tools: hand off, finish with a final output, or run the model again. */
async function decide<C>(turn: Turn<C>, processed: ProcessedResponse<C>, results: FunctionToolResult<C>[]): Promise<NextStep> {
  if (processed.handoffs.length > 0) return handOff(turn, processed);
  const ranTools = processed.functions.length > 0 || processed.unknownCalls.length > 0;
  const byTools = toolUseDecision(turn, results);
  const byToolsDecided = byTools instanceof Promise ? await byTools : byTools;
  let decision = byToolsDecided ?? (ranTools ? { type: 'run_again' as const } : finalOutputDecision(turn, processed));
  if (decision instanceof Promise) decision = await decision;
  if (decision.type === 'run_again') return endTurn(turn, { type: 'run_again' });
  return finish(turn, decision.output);
}

async function handOff<C>(turn: Turn<C>, processed: ProcessedResponse<C>): Promise<NextStep> {
  // Taken before the handoff: an input filter may replace the state's items.
  const turnItems = turn.state.generatedItems.slice(turn.start);
  const { newAgent, items } = await executeHandoff(turn, processed);
  await emitItems(turn.env.sink, items);
  return endTurn(turn, { type: 'handoff', newAgent }, [...turnItems, ...items]);
}

/** Final output: agent end hooks, then output guardrails, then the turn ends. */
async function finish<C>(turn: Turn<C>, output: unknown): Promise<NextStep> {
  const { state, env } = turn;
  const ended = fireAgentEnd(env.hooks, state.context, state.currentAgent, output);
  if (ended) await ended;
  const guarded = runOutputGuardrails(turn, output);
  if (guarded) await guarded;
  return endTurn(turn, { type: 'final_output', output });
}

/** Continue a turn that stopped for approvals: run the approved calls, then decide as usual. */
async function resumeInterruptedTurn<C>(state: RunState<C>, env: RunEnv<C>): Promise<NextStep> {
  const step = state.nextStep as Extract<NextStep, { type: 'interruption' }>;
  const setup = await getAgentSetup(state, env);
  state.currentAgentStarted = true;
  env.tracing.startAgent(state.currentAgent, setup as AgentSetup<unknown>);
  const agent = state.currentAgent;
  const processed: ProcessedResponse<C> = { items: [], functions: [], handoffs: [], unknownCalls: [], lastMessage: undefined };
  for (const call of step.pending.functions) {
    const tool = setup.toolsByName.get(call.name);
    processed.items.push(new ToolCallItem(agent, call));
    if (tool) processed.functions.push({ call, tool });
    else processed.unknownCalls.push(call);
  }
  for (const call of step.pending.handoffs) {
    const handoff = setup.handoffsByName.get(call.name);
    if (handoff) processed.handoffs.push({ call, handoff });
  }
  state.nextStep = undefined;
  const turn = new TurnContext({ state, env, setup, number: state.currentTurn, start: step.pending.turnStart });
  return afterModel(turn, processed);
}
