import type { ModelRequest, ModelResponse } from '../../models/interface.js';
import { ABORT_SOURCE } from '../../utils/lazy-abort.js';
import { callModel } from './call-model.js';
import { runInputGuardrails } from './guardrails.js';
import type { Turn } from './turn.js';

/**
 * The model call of a turn, with the run's input guardrails on turn 1: blocking ones run before
 * the model call (a trip means no call), parallel ones alongside it (a trip aborts the call).
 * Later turns, and runs without input guardrails, just call the model.
 */
export function callModelGuarded<C>(turn: Turn<C>, request: ModelRequest): Promise<ModelResponse> {
  if (turn.state.currentTurn !== 1) return callModel(turn, request);
  const runLevel = turn.env.config.inputGuardrails;
  if (turn.state.currentAgent.inputGuardrails.length === 0 && (runLevel === undefined || runLevel.length === 0)) return callModel(turn, request);
  return raceInputGuardrails(turn, request);
}

async function raceInputGuardrails<C>(turn: Turn<C>, request: ModelRequest): Promise<ModelResponse> {
  const { state, env } = turn;
  const all = [...state.currentAgent.inputGuardrails, ...(env.config.inputGuardrails ?? [])];
  const blocking = all.filter((g) => !g.runInParallel);
  const parallel = all.filter((g) => g.runInParallel);
  await runInputGuardrails(turn, blocking, env.abort.signal);
  if (parallel.length === 0) return callModel(turn, request);
  const turnAbort = new AbortController();
  const signal = AbortSignal.any([env.abort.signal, turnAbort.signal]);
  // A failed model call (or a run abort) stops the guardrails too, so none outlives the turn.
  const guarded = runInputGuardrails(turn, parallel, signal, blocking.length);
  // A plain copy listening to the combined signal (not to the run's abort the turn request carries).
  const modelCall = callModel(turn, Object.assign({}, request, { signal, [ABORT_SOURCE]: undefined }) as ModelRequest);
  try {
    const [, response] = await Promise.all([guarded, modelCall]);
    return response;
  } catch (error) {
    turnAbort.abort(error);
    throw error;
  }
}
