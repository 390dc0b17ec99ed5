import type { FunctionToolResult } from '../../agent/agent.js';
import { UserError } from '../../errors/index.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import type { Decision } from './recover.js';
import type { Turn } from './turn.js';
import { fromUser, then } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/types.js';

/*
 * Every condition that stops a run between or after turns, in one place: an abort, cancel('after_turn'),
 * maxTurns, and toolUseBehavior. (A final output or an interruption is what a turn decides.)
 */

/** Before a turn: throws the abort reason of an aborted run; true when cancel('after_turn') asked to stop. */
export function stopBeforeTurn(env: RunEnv<unknown>): boolean {
  env.abort.throwIfAborted();
  return env.cancelAfterTurn;
}

/**
 * Whether the turn budget is used up. Checked before the agent starts (as the Python SDK does):
 * an agent whose turn never comes does not start.
 */
export function turnsExhausted(state: RunState<unknown>): boolean {
  return state.maxTurns !== null && state.currentTurn >= state.maxTurns;
}

/** After tools ran: does `toolUseBehavior` make one of their results the final output? */
export function toolUseDecision<C>(turn: Turn<C>, results: FunctionToolResult<C>[]): MaybePromise<Decision | undefined> {
  if (results.length === 0) return undefined;
  const state = turn.state;
  const behavior = state.currentAgent.toolUseBehavior;
  if (behavior === 'run_llm_again') return undefined;
  if (behavior === 'stop_on_first_tool') return { type: 'final_output', output: results[0]!.output };
  if (typeof behavior === 'object') {
    const hit = results.find((r) => behavior.stopAtToolNames.includes(r.tool.name));
    return hit ? { type: 'final_output', output: hit.output } : undefined;
  }
  return then(fromUser(turn.env.tracing.inScope(() => behavior(state.context, results), undefined, behavior)), (verdict) => checkVerdict(state, verdict));
}

function checkVerdict<C>(state: RunState<C>, verdict: { isFinalOutput: boolean; finalOutput?: unknown }): Decision | undefined {
  if (typeof verdict !== 'object' || verdict === null || typeof verdict.isFinalOutput !== 'boolean') {
    throw new UserError(`Agent '${state.currentAgent.name}': toolUseBehavior function must return { isFinalOutput: boolean, finalOutput? }`);
  }
  return verdict.isFinalOutput ? { type: 'final_output', output: verdict.finalOutput } : undefined;
}
