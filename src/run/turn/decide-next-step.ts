import type { FunctionToolResult } from '../../agent/agent.js';
import { messageRefusal, messageText } from '../../items/run-items.js';
import { ModelBehaviorError, ModelRefusalError, UserError } from '../../errors/index.js';
import type { AgentSetup } from '../agent-setup.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import type { ProcessedResponse } from './classify-output.js';
import { recoverWithHandler, type Decision } from './recover.js';
import { fromUser, then } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/types.js';

/** After tools ran: does `toolUseBehavior` make one of their results the final output? */
export function toolUseDecision<C>(state: RunState<C>, results: FunctionToolResult<C>[]): MaybePromise<Decision | undefined> {
  if (results.length === 0) return undefined;
  const behavior = state.currentAgent.toolUseBehavior;
  if (behavior === 'run_llm_again') return undefined;
  if (behavior === 'stop_on_first_tool') return { type: 'final_output', output: results[0]!.output };
  if (typeof behavior === 'object') {
    const hit = results.find((r) => behavior.stopAtToolNames.includes(r.tool.name));
    return hit ? { type: 'final_output', output: hit.output } : undefined;
  }
  return then(fromUser(behavior(state.context, results)), (verdict) => checkVerdict(state, verdict));
}

function checkVerdict<C>(state: RunState<C>, verdict: { isFinalOutput: boolean; finalOutput?: unknown }): Decision | undefined {
  if (typeof verdict !== 'object' || verdict === null || typeof verdict.isFinalOutput !== 'boolean') {
    throw new UserError(`Agent '${state.currentAgent.name}': toolUseBehavior function must return { isFinalOutput: boolean, finalOutput? }`);
  }
  return verdict.isFinalOutput ? { type: 'final_output', output: verdict.finalOutput } : undefined;
}

/**
 * No tools or handoffs in the response: is it the final output? Plain-text agents end with the
 * last message's text ('' when there is none). Structured agents parse and validate the last
 * message; without one the model is asked again. Refusals and invalid output go to the
 * modelRefusal / invalidFinalOutput error handlers, else raise.
 */
export function finalOutputDecision<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>, processed: ProcessedResponse<C>): MaybePromise<Decision> {
  const message = processed.lastMessage;
  const output = state.modelResponses[state.modelResponses.length - 1]?.output ?? [];
  if (message) {
    const text = messageText(message);
    const refusal = messageRefusal(message);
    if (refusal !== undefined && text === '') {
      return recoverWithHandler({ state, env, kind: 'modelRefusal', error: new ModelRefusalError(refusal), output });
    }
    if (!setup.outputSchema) return { type: 'final_output', output: text };
    try {
      return { type: 'final_output', output: setup.outputSchema.parse(text) };
    } catch (error) {
      if (!(error instanceof ModelBehaviorError)) throw error;
      return recoverWithHandler({ state, env, kind: 'invalidFinalOutput', error, output });
    }
  }
  if (!setup.outputSchema) return { type: 'final_output', output: '' };
  return { type: 'run_again' };
}
