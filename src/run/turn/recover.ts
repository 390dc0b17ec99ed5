import type { AgentOutputItem } from '../../items/types.js';
import { MessageOutputItem } from '../../items/run-items.js';
import { toHandlerResult, type RunErrorHandlers } from '../error-handlers.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import { validateHandlerOutput } from './handler-output.js';
import { applyReasoningIdPolicy } from '../../items/reasoning-ids.js';

/** The outcome of a turn before side effects: what the loop does next. */
export type Decision = { type: 'final_output'; output: unknown } | { type: 'run_again' };

/**
 * Give an error to its handler (maxTurns, modelRefusal, invalidFinalOutput). A handler result
 * becomes the final output (added to the history as an assistant message unless
 * `includeInHistory: false`); no handler, or a handler returning undefined, re-raises.
 */
export async function recoverWithHandler<C>(options: {
  state: RunState<C>;
  env: RunEnv<C>;
  kind: keyof RunErrorHandlers<C>;
  error: Error;
  output: AgentOutputItem[];
}): Promise<Decision> {
  const { state, env, kind, error, output } = options;
  const handler = env.errorHandlers?.[kind];
  if (!handler) throw error;
  const result = toHandlerResult(
    await handler({
      error,
      context: state.context,
      runData: {
        input: state.originalInput,
        newItems: [...state.generatedItems],
        history: applyReasoningIdPolicy([...state.modelInput], state.reasoningItemIdPolicy),
        output,
        rawResponses: [...state.modelResponses],
        lastAgent: state.currentAgent,
      },
    }),
  );
  if (!result) throw error;
  const finalOutput = validateHandlerOutput(state.currentAgent, kind, result.finalOutput);
  if (result.includeInHistory) {
    // JSON.stringify(undefined) is undefined: the message must still carry a text (the API rejects one without).
    const text = typeof result.finalOutput === 'string' ? result.finalOutput : (JSON.stringify(result.finalOutput) ?? '');
    const item = new MessageOutputItem(state.currentAgent, { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] });
    state.appendItems([item]);
    await env.sink?.push({ type: 'run_item_stream_event', name: 'message_output_created', item });
  }
  return { type: 'final_output', output: finalOutput };
}
