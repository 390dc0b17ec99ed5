import type { AgentInputItem } from '../../items/types.js';
import type { ModelRequest } from '../../models/interface.js';
import { UserError } from '../../errors/index.js';
import type { Turn } from './turn.js';
import { TurnRequest } from './turn-request.js';
import { applyReasoningIdPolicy } from '../../items/reasoning-ids.js';
import { fromUser, then } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/types.js';

/**
 * Build the model request for this turn: instructions (dynamic ones resolved now), the input
 * (whole history, or only unsent items in a server-managed conversation), tools, settings
 * (with tool choice reset once the agent used a tool) and output schema.
 */
export function prepareTurn<C>(turn: Turn<C>): MaybePromise<ModelRequest> {
  const agent = turn.state.currentAgent;
  if (typeof agent.instructions !== 'function') return prepareWith(turn, agent.instructions);
  const instructions = agent.instructions;
  return then(fromUser(turn.env.tracing.inScope(() => instructions(turn.state.context, agent), undefined, instructions)), (value) => {
    if (typeof value !== 'string') throw new UserError(`Agent '${agent.name}': instructions function must return a string`);
    return prepareWith(turn, value);
  });
}

function prepareWith<C>(turn: Turn<C>, instructions: string | undefined): MaybePromise<ModelRequest> {
  const { state, env } = turn;
  const agent = state.currentAgent;
  const all = state.modelInput as AgentInputItem[];
  if (env.serverManaged && state.sentItemCount > 0 && !state.previousResponseId && !state.conversationId) {
    // Only the unsent items would go out, with nothing on the server to continue from.
    throw new UserError('Server-managed conversation: the model returned no response id to continue from (previousResponseId / autoPreviousResponseId need the Responses API)');
  }
  const input = applyReasoningIdPolicy(env.serverManaged ? all.slice(state.sentItemCount) : all, state.reasoningItemIdPolicy);
  const filter = env.config.callModelInputFilter;
  if (!filter) return buildRequest(turn, { input, instructions, ownHistory: true });
  // The filter gets a copy: what it changes is sent, never stored in the run's history.
  const modelData = { input: [...input], instructions };
  return then(fromUser(env.tracing.inScope(() => filter({ modelData, agent, context: state.context.context }), undefined, filter)), (result) => {
    if (typeof result !== 'object' || result === null || !Array.isArray(result.input) || (result.instructions !== undefined && typeof result.instructions !== 'string')) {
      throw new UserError('callModelInputFilter must return { input: AgentInputItem[], instructions?: string }');
    }
    return buildRequest(turn, { input: result.input, instructions: result.instructions, ownHistory: false });
  });
}

/** `ownHistory`: the input is the run's own history (no callModelInputFilter), so its items' JSON may be reused. */
function buildRequest<C>(turn: Turn<C>, sent: { input: AgentInputItem[]; instructions: string | undefined; ownHistory: boolean }): ModelRequest {
  const { state, env, setup } = turn;
  const { input, instructions, ownHistory } = sent;
  const agent = state.currentAgent;
  let settings = setup.settings;
  if (agent.resetToolChoice && settings.toolChoice !== undefined && state.agentsThatUsedTools.has(agent.name)) {
    settings = Object.assign({}, settings, { toolChoice: undefined });
  }

  return new TurnRequest({
    input,
    modelSettings: settings,
    tools: setup.serializedTools,
    systemInstructions: instructions,
    outputType: setup.outputSchema?.serialized,
    previousResponseId: state.previousResponseId || undefined,
    conversationId: state.conversationId || undefined,
    abort: env.abort,
    inputJson: ownHistory ? env.inputJson : undefined,
  });
}
