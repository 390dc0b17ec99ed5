import { messageRefusal, messageText } from '../../items/run-items.js';
import { ModelBehaviorError, ModelRefusalError } from '../../errors/index.js';
import type { ProcessedResponse } from './classify-output.js';
import { recoverWithHandler, type Decision } from './recover.js';
import type { Turn } from './turn.js';
import type { MaybePromise } from '../../utils/types.js';

/**
 * No tools or handoffs in the response: is it the final output? Plain-text agents end with the
 * last message's text ('' when there is none). Structured agents parse and validate the last
 * message; without one the model is asked again. Refusals and invalid output go to the
 * modelRefusal / invalidFinalOutput error handlers, else raise.
 */
export function finalOutputDecision<C>(turn: Turn<C>, processed: ProcessedResponse<C>): MaybePromise<Decision> {
  const { state, env, setup } = turn;
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
