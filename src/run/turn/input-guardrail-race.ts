import type { ModelRequest, ModelResponse } from '../../models/interface.js';
import { callModel } from './call-model.js';
import { runInputGuardrails } from './guardrails.js';
import type { TurnContext } from './turn.js';

/**
 * Turn 1's model call when the run has input guardrails: blocking ones run before the model call
 * (a trip means no call). Parallel ones gate nothing, as in the Python SDK: the model call and the
 * turn's tools go ahead alongside them, and the turn waits for their verdict
 * (`turn.inputGuardrails`, see {@link settleInputGuardrails}) before acting on its results. A trip,
 * or a guardrail's own failure, aborts the run with that error, which stops whatever of the turn
 * is still running. Other turns, and runs without input guardrails, just call the model.
 */
export async function callModelGuarded<C>(turn: TurnContext<C>, request: ModelRequest): Promise<ModelResponse> {
  const { state, env } = turn;
  const all = [...state.currentAgent.inputGuardrails, ...(env.config.inputGuardrails ?? [])];
  const blocking = all.filter((g) => !g.runInParallel);
  const parallel = all.filter((g) => g.runInParallel);
  await runInputGuardrails(turn, blocking, env.abort.signal);
  if (parallel.length === 0) return callModel(turn, request);
  // They stop when the run is aborted (a failed turn aborts it, see settleInputGuardrails), so none outlives the turn.
  const guarded = runInputGuardrails(turn, parallel, env.abort.signal, blocking.length);
  guarded.catch((error: unknown) => env.abort.abort(error));
  turn.inputGuardrails = guarded;
  return callModel(turn, request);
}

/**
 * Turn 1's parallel input guardrails, if any are still pending: `work` (the turn's model call and
 * tools) runs alongside them; the result is used once they passed. If `work` fails first, the run
 * is aborted with its error at once, so the guardrails (and their spans) end with the turn.
 */
export async function settleInputGuardrails<C, T>(turn: TurnContext<C>, work: () => Promise<T>): Promise<T> {
  try {
    const value = await work();
    if (turn.inputGuardrails) await turn.inputGuardrails;
    return value;
  } catch (error) {
    // Once aborted (a tripwire did it), whatever the turn threw on the way out is a consequence.
    if (!turn.env.abort.aborted) turn.env.abort.abort(error);
    throw turn.env.abort.reason;
  }
}
