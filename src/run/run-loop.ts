import { MaxTurnsExceeded } from '../errors/index.js';
import { ToolCallItem } from '../items/run-items.js';
import { fireAgentEnd } from '../hooks/dispatch.js';
import type { ModelRequest, ModelResponse } from '../models/interface.js';
import { getAgentSetup, type AgentSetup } from './agent-setup.js';
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
import { callModel } from './turn/call-model.js';
import { callModelGuarded, settleInputGuardrails } from './turn/input-guardrail-race.js';
import { prepareTurn } from './turn/prepare-turn.js';
import { recoverWithHandler } from './turn/recover.js';
import { startAgent } from './turn/start-agent.js';
import { stopBeforeTurn, toolUseDecision, turnsExhausted } from './turn/stop-conditions.js';
import { TurnContext, type Turn } from './turn/turn.js';
import type { FunctionToolResult } from '../agent/agent.js';
import { then } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/types.js';

/*
 * Orchestration only: the stages live in turn/. Between stages the turn goes on with `then`
 * (utils/maybe-promise.ts): synchronously when a stage's value is not a promise (a cached agent
 * setup, sync tools, no hooks, no stream, no session), so a turn pays for the model call's
 * promise and nothing else. Measured (callgrind, bench/pipeline.ts, blocking): the same loop in
 * async/await cost about 20% more instructions per model call, and as generators driven
 * synchronously about 10% more.
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
    const turn = runTurn(state, env);
    const step = turn instanceof Promise ? await turn : turn;
    if (step.type === 'final_output' || step.type === 'interruption') return;
  }
}

/** One turn: the agent's setup, then the turn proper. */
function runTurn<C>(state: RunState<C>, env: RunEnv<C>): MaybePromise<NextStep> {
  return then(getAgentSetup(state, env), (setup) => turnWith(new TurnContext({ state, env, setup, number: state.currentTurn + 1, start: state.generatedItems.length })));
}

/** Start the agent if it has not, prepare the request, call the model. */
function turnWith<C>(turn: TurnContext<C>): MaybePromise<NextStep> {
  const state = turn.state;
  if (turnsExhausted(state)) return maxTurnsReached(turn);
  return then(state.currentAgentStarted ? undefined : startAgent(turn), () => {
    state.currentTurn++;
    return then(prepareTurn(turn), (request) => {
      if (turn.number === 1 && hasInputGuardrails(turn)) {
        // Turn 1's input guardrails: blocking ones before the model call; parallel ones alongside the
        // model call and tools, their verdict before the turn's results are used.
        return settleInputGuardrails(turn, () => modelAndTools(turn, request)).then(({ processed, tools }) => afterTools(turn, processed, tools));
      }
      // Every other turn goes from the model's answer to the decision in one reaction: a promise and
      // a microtask fewer per model call than passing the tools' results on first.
      return callModel(turn, request).then((response) => {
        const processed = recordResponse(turn, response);
        return then(emitItems(turn.env.sink, processed.items), () => afterModel(turn, processed));
      });
    });
  });
}

function hasInputGuardrails<C>(turn: TurnContext<C>): boolean {
  const runLevel = turn.env.config.inputGuardrails;
  return turn.state.currentAgent.inputGuardrails.length > 0 || (runLevel !== undefined && runLevel.length > 0);
}

/** The model call (behind turn 1's input guardrails), its output recorded, then the tools it called. */
function modelAndTools<C>(turn: TurnContext<C>, request: ModelRequest): Promise<{ processed: ProcessedResponse<C>; tools: ToolPhaseResult<C> }> {
  return callModelGuarded(turn, request).then((response) => {
    const processed = recordResponse(turn, response);
    return then(emitItems(turn.env.sink, processed.items), () => then(executeTools(turn, processed), (tools) => ({ processed, tools })));
  });
}

async function maxTurnsReached<C>(turn: Turn<C>): Promise<NextStep> {
  const { state, env } = turn;
  const error = new MaxTurnsExceeded(`Max turns (${state.maxTurns}) exceeded`);
  const decision = await recoverWithHandler({ state, env, kind: 'maxTurns', error, output: [] });
  // A handler's final output ends the run like any other, so start/end hooks stay paired.
  if (!state.currentAgentStarted) await startAgent(turn);
  return finish(turn, decision.type === 'final_output' ? decision.output : undefined);
}

/** Classify the model's answer and record it. */
function recordResponse<C>(turn: Turn<C>, response: ModelResponse): ProcessedResponse<C> {
  const { state, env } = turn;
  const processed = classifyOutput(turn, response);
  state.appendItems(processed.items);
  if (env.serverManaged) {
    // The server holds everything up to and including this response's output.
    state.sentItemCount = state.modelInput.length;
    if (state.conversationId === undefined && response.responseId) state.previousResponseId = response.responseId;
  }
  return processed;
}

/** The turn after its model call: the tools, then the decision (also for a resumed interrupted turn). */
function afterModel<C>(turn: Turn<C>, processed: ProcessedResponse<C>): MaybePromise<NextStep> {
  return then(executeTools(turn, processed), (tools) => afterTools(turn, processed, tools));
}

/** After the tools: stop for approvals, or record their outputs, then handoff and the decision. */
function afterTools<C>(turn: Turn<C>, processed: ProcessedResponse<C>, tools: ToolPhaseResult<C>): MaybePromise<NextStep> {
  const { state, env } = turn;
  if (tools.approvals.length > 0) {
    const pending = {
      functions: processed.functions.map((f) => f.call),
      handoffs: processed.handoffs.map((h) => h.call),
      ...(processed.mcpApprovals.length > 0 ? { mcpApprovals: processed.mcpApprovals } : {}),
      turnStart: turn.start,
    };
    return then(emitItems(env.sink, tools.approvals), () => endTurn(turn, { type: 'interruption', interruptions: tools.approvals, pending }));
  }
  const outputs = tools.mcpResponses.length > 0 ? [...tools.outputs, ...tools.mcpResponses] : tools.outputs;
  state.appendItems(outputs);
  return then(emitItems(env.sink, outputs), () => decide(turn, processed, tools.results));
}

/** After the tools: hand off, finish with a final output, or run the model again. */
function decide<C>(turn: Turn<C>, processed: ProcessedResponse<C>, results: FunctionToolResult<C>[]): MaybePromise<NextStep> {
  if (processed.handoffs.length > 0) return handOff(turn, processed);
  // Answered hosted MCP approvals also need the model again: it runs (or skips) the calls.
  const ranTools = processed.functions.length > 0 || processed.unknownCalls.length > 0 || processed.mcpApprovals.length > 0;
  return then(toolUseDecision(turn, results), (byTools) =>
    then(byTools ?? (ranTools ? { type: 'run_again' as const } : finalOutputDecision(turn, processed)), (decision) =>
      decision.type === 'run_again' ? endTurn(turn, { type: 'run_again' }) : finish(turn, decision.output),
    ),
  );
}

async function handOff<C>(turn: Turn<C>, processed: ProcessedResponse<C>): Promise<NextStep> {
  // Taken before the handoff: an input filter may replace the state's items.
  const turnItems = turn.state.generatedItems.slice(turn.start);
  const { newAgent, items } = await executeHandoff(turn, processed);
  await emitItems(turn.env.sink, items);
  return endTurn(turn, { type: 'handoff', newAgent }, [...turnItems, ...items]);
}

/** Final output: agent end hooks, then output guardrails, then the turn ends. */
function finish<C>(turn: Turn<C>, output: unknown): MaybePromise<NextStep> {
  return then(fireAgentEnd(turn, output), () =>
    then(runOutputGuardrails(turn, output), () => endTurn(turn, { type: 'final_output', output })),
  );
}

/** Continue a turn that stopped for approvals: run the approved calls, then decide as usual. */
async function resumeInterruptedTurn<C>(state: RunState<C>, env: RunEnv<C>): Promise<NextStep> {
  const step = state.nextStep as Extract<NextStep, { type: 'interruption' }>;
  const setup = await getAgentSetup(state, env);
  state.currentAgentStarted = true;
  env.tracing.startAgent(state.currentAgent, setup as AgentSetup<unknown>);
  const agent = state.currentAgent;
  const processed: ProcessedResponse<C> = {
    items: [], functions: [], handoffs: [], unknownCalls: [], mcpApprovals: step.pending.mcpApprovals ?? [], lastMessage: undefined,
  };
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
  return afterModel(new TurnContext({ state, env, setup, number: state.currentTurn, start: step.pending.turnStart }), processed);
}
