import { MaxTurnsExceeded } from '../errors/index.js';
import { ToolCallItem, type RunItem } from '../items/run-items.js';
import { sessionStepKey } from '../durable/step-journal.js';
import { fireAgentEnd, fireAgentStart } from '../hooks/dispatch.js';
import type { ModelRequest, ModelResponse } from '../models/interface.js';
import { getAgentSetup, type AgentSetup } from './agent-setup.js';
import type { NextStep } from './next-step.js';
import type { RunEnv } from './run-env.js';
import type { RunState } from './run-state.js';
import { saveItems } from './session-io.js';
import { emitItems } from './stream-events.js';
import { callModel } from './turn/call-model.js';
import { classifyOutput, type ProcessedResponse } from './turn/classify-output.js';
import { finalOutputDecision, toolUseDecision } from './turn/decide-next-step.js';
import { executeHandoff } from './turn/execute-handoff.js';
import { executeTools } from './turn/execute-tools.js';
import { runInputGuardrails, runOutputGuardrails } from './turn/guardrails.js';
import { prepareTurn } from './turn/prepare-turn.js';
import { recoverWithHandler } from './turn/recover.js';
import type { FunctionToolResult } from '../agent/agent.js';
import { then } from '../utils/maybe-promise.js';
import { ABORT_SOURCE } from '../utils/lazy-abort.js';
import type { MaybePromise } from '../utils/types.js';

/**
 * The agent loop, shared by run, runStreamed and runSync: turn after turn until a final output
 * or an interruption. Each turn: prepare → call model → classify output → run tools / handoff →
 * decide the next step. Streaming differs only in `env.sink` being set.
 */
export async function runLoop<C>(state: RunState<C>, env: RunEnv<C>): Promise<void> {
  if (env.steps) await env.steps.begin(state as RunState<unknown>);
  if (state.currentAgentStarted) {
    // A resumed run: its agent already started (no start hooks again), but a stream still opens with the current agent.
    const pushed = env.sink?.push({ type: 'agent_updated_stream_event', newAgent: state.currentAgent });
    if (pushed) await pushed;
  }
  if (state.nextStep?.type === 'interruption') {
    const step = await resumeInterruptedTurn(state, env);
    state.nextStep = step;
    if (env.steps) await env.steps.checkpoint(state as RunState<unknown>);
    if (step.type === 'final_output' || step.type === 'interruption') return;
  }
  for (;;) {
    throwIfAborted(env);
    if (env.cancelAfterTurn) return;
    const turn = runTurn(state, env);
    const step = turn instanceof Promise ? await turn : turn;
    state.nextStep = step;
    if (env.steps) await env.steps.checkpoint(state as RunState<unknown>);
    if (step.type === 'final_output' || step.type === 'interruption') return;
  }
}

function throwIfAborted(env: RunEnv<unknown>): void {
  env.abort.throwIfAborted();
}

/**
 * One turn. Not async: a turn waits on the model (and on whatever else really waits) through
 * `then`, so no suspended async frame is kept per in-flight call.
 */
function runTurn<C>(state: RunState<C>, env: RunEnv<C>): MaybePromise<NextStep> {
  return then(getAgentSetup(state, env), (setup) => turnWith(state, env, setup));
}

function turnWith<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>): MaybePromise<NextStep> {
  const turnStart = state.generatedItems.length;
  // Checked before the agent starts (as the Python SDK does): an agent whose turn never comes does not start.
  if (state.maxTurns !== null && state.currentTurn >= state.maxTurns) return maxTurnsReached(state, env, setup, turnStart);
  return then(state.currentAgentStarted ? undefined : startAgent(state, env, setup), () => {
    state.currentTurn++;
    return then(prepareTurn(state, env, setup), (request) =>
      callModelGuarded(state, env, setup, request).then((response) => afterResponse(state, env, setup, response, turnStart)),
    );
  });
}

async function maxTurnsReached<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, turnStart: number): Promise<NextStep> {
  const error = new MaxTurnsExceeded(`Max turns (${state.maxTurns}) exceeded`);
  const decision = await recoverWithHandler({ state, env, kind: 'maxTurns', error, output: [] });
  // A handler's final output ends the run like any other, so start/end hooks stay paired.
  if (!state.currentAgentStarted) await startAgent(state, env, setup);
  return finish(state, env, decision.type === 'final_output' ? decision.output : undefined, turnStart);
}

/** Classify the model's answer, record it, then tools, handoff and the decision. */
function afterResponse<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, response: ModelResponse, turnStart: number): MaybePromise<NextStep> {
  const processed = classifyOutput(state, env, setup, response);
  state.appendItems(processed.items);
  if (env.serverManaged) {
    // The server holds everything up to and including this response's output.
    state.sentItemCount = state.modelInput.length;
    if (state.conversationId === undefined && response.responseId) state.previousResponseId = response.responseId;
  }
  return then(emitItems(env.sink, processed.items), () => afterModel(state, env, setup, processed, turnStart));
}

/** The agent starts: tracing, the stream's agent event, start hooks. A promise only if something waits. */
function startAgent<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>): void | Promise<void> {
  state.currentAgentStarted = true;
  env.tracing.startAgent(state.currentAgent, setup as AgentSetup<unknown>);
  const pushed = env.sink?.push({ type: 'agent_updated_stream_event', newAgent: state.currentAgent });
  if (pushed) return pushed.then(() => fireAgentStart(env.hooks, state.context, state.currentAgent));
  return fireAgentStart(env.hooks, state.context, state.currentAgent);
}

/**
 * Turn 1 runs the input guardrails: blocking ones before the model call (a trip means no call),
 * parallel ones alongside it (a trip aborts the call). Later turns just call the model.
 */
function callModelGuarded<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, request: ModelRequest): Promise<ModelResponse> {
  if (state.currentTurn !== 1) return callModel({ state, env, setup, request });
  const runLevel = env.config.inputGuardrails;
  if (state.currentAgent.inputGuardrails.length === 0 && (runLevel === undefined || runLevel.length === 0)) return callModel({ state, env, setup, request });
  return callModelWithInputGuardrails(state, env, setup, request);
}

async function callModelWithInputGuardrails<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, request: ModelRequest): Promise<ModelResponse> {
  const all = [...state.currentAgent.inputGuardrails, ...(env.config.inputGuardrails ?? [])];
  const blocking = all.filter((g) => !g.runInParallel);
  const parallel = all.filter((g) => g.runInParallel);
  await runInputGuardrails(state, env, blocking, env.abort.signal);
  if (parallel.length === 0) return callModel({ state, env, setup, request });
  const turnAbort = new AbortController();
  const signal = AbortSignal.any([env.abort.signal, turnAbort.signal]);
  // A failed model call (or a run abort) stops the guardrails too, so none outlives the turn.
  const guarded = runInputGuardrails(state, env, parallel, signal);
  // A plain copy listening to the combined signal (not to the run's abort the turn request carries).
  const modelCall = callModel({ state, env, setup, request: Object.assign({}, request, { signal, [ABORT_SOURCE]: undefined }) as ModelRequest });
  try {
    const [, response] = await Promise.all([guarded, modelCall]);
    return response;
  } catch (error) {
    turnAbort.abort(error);
    throw error;
  }
}

/**
 * Tools, handoff and the decision, for a classified response (also used when resuming).
 * Synchronous unless something in it waits (an async tool, a hook, a session, a stream reader).
 */
function afterModel<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, processed: ProcessedResponse<C>, turnStart: number): MaybePromise<NextStep> {
  return then(executeTools(state, env, processed), (tools) => {
    if (tools.approvals.length > 0) {
      const step: NextStep = {
        type: 'interruption',
        interruptions: tools.approvals,
        pending: { functions: processed.functions.map((f) => f.call), handoffs: processed.handoffs.map((h) => h.call), turnStart },
      };
      return then(emitItems(env.sink, tools.approvals), () => step);
    }
    state.appendItems(tools.outputs);
    return then(emitItems(env.sink, tools.outputs), () => decide(state, env, setup, processed, turnStart, tools.results));
  });
}

/** After the tools: hand off, finish with a final output, or run the model again. */
function decide<C>(
  state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, processed: ProcessedResponse<C>, turnStart: number, results: FunctionToolResult<C>[],
): MaybePromise<NextStep> {
  if (processed.handoffs.length > 0) return handOff(state, env, processed, turnStart);
  const ranTools = processed.functions.length > 0 || processed.unknownCalls.length > 0;
  return then(toolUseDecision(state, results), (byTools): MaybePromise<NextStep> => {
    const decision = byTools ?? (ranTools ? { type: 'run_again' as const } : finalOutputDecision(state, env, setup, processed));
    return then(decision, (d): MaybePromise<NextStep> => {
      if (d.type !== 'run_again') return finish(state, env, d.output, turnStart);
      if (env.session) return saveTurn(state, env, state.generatedItems.slice(turnStart)).then(() => d);
      return d;
    });
  });
}

async function handOff<C>(state: RunState<C>, env: RunEnv<C>, processed: ProcessedResponse<C>, turnStart: number): Promise<NextStep> {
  const turnItems = state.generatedItems.slice(turnStart);
  const { newAgent, items } = await executeHandoff({ state, env, processed, turnStart });
  await emitItems(env.sink, items);
  if (env.session) await saveTurn(state, env, [...turnItems, ...items]);
  return { type: 'handoff', newAgent };
}

/** Final output: agent end hooks, then output guardrails, then the final turn is saved. */
function finish<C>(state: RunState<C>, env: RunEnv<C>, output: unknown, turnStart: number): MaybePromise<NextStep> {
  return then(fireAgentEnd(env.hooks, state.context, state.currentAgent, output), () =>
    then(runOutputGuardrails(state, env, output), () =>
      then(env.session ? saveTurn(state, env, state.generatedItems.slice(turnStart)) : undefined, (): NextStep => {
        state.finalOutput = output;
        return { type: 'final_output', output };
      }),
    ),
  );
}

/** A turn's items to the session; in a durable run as a step, so a resumed turn does not write them twice. */
function saveTurn<C>(state: RunState<C>, env: RunEnv<C>, items: RunItem[]): Promise<void> {
  const steps = env.steps;
  if (!steps) return saveItems(env.session, items);
  return steps.run('session', sessionStepKey(state.currentTurn), () => saveItems(env.session, items));
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
  const next = afterModel(state, env, setup, processed, step.pending.turnStart);
  return next instanceof Promise ? await next : next;
}
