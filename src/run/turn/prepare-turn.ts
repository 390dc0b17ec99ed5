import type { AgentInputItem } from '../../items/types.js';
import type { ModelRequest } from '../../models/interface.js';
import { UserError } from '../../errors/index.js';
import type { AgentSetup } from '../agent-setup.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';

/**
 * Build the model request for this turn: instructions (dynamic ones resolved now), the input
 * (whole history, or only unsent items in a server-managed conversation), tools, settings
 * (with tool choice reset once the agent used a tool) and output schema.
 */
export async function prepareTurn<C>(state: RunState<C>, env: RunEnv<C>, setup: AgentSetup<C>): Promise<ModelRequest> {
  const agent = state.currentAgent;
  let instructions: string | undefined;
  if (typeof agent.instructions === 'function') {
    const value = await agent.instructions(state.context, agent);
    if (typeof value !== 'string') throw new UserError(`Agent '${agent.name}': instructions function must return a string`);
    instructions = value;
  } else {
    instructions = agent.instructions;
  }

  const all = state.modelInput as AgentInputItem[];
  if (env.serverManaged && state.sentItemCount > 0 && !state.previousResponseId && !state.conversationId) {
    // Only the unsent items would go out, with nothing on the server to continue from.
    throw new UserError('Server-managed conversation: the model returned no response id to continue from (previousResponseId / autoPreviousResponseId need the Responses API)');
  }
  let input = env.serverManaged ? all.slice(state.sentItemCount) : all;

  const filter = env.config.callModelInputFilter;
  if (filter) {
    // The filter gets a copy: what it changes is sent, never stored in the run's history.
    const result = await filter({ modelData: { input: [...input], instructions }, agent, context: state.context.context });
    if (typeof result !== 'object' || result === null || !Array.isArray(result.input) || (result.instructions !== undefined && typeof result.instructions !== 'string')) {
      throw new UserError('callModelInputFilter must return { input: AgentInputItem[], instructions?: string }');
    }
    input = result.input;
    instructions = result.instructions;
  }

  let settings = setup.settings;
  if (agent.resetToolChoice && settings.toolChoice !== undefined && state.agentsThatUsedTools.has(agent.name)) {
    settings = { ...settings, toolChoice: undefined };
  }

  const request: ModelRequest = { input, modelSettings: settings, tools: setup.serializedTools, signal: env.abort.signal };
  if (instructions !== undefined) request.systemInstructions = instructions;
  if (setup.outputSchema) request.outputType = setup.outputSchema.serialized;
  if (state.previousResponseId) request.previousResponseId = state.previousResponseId;
  if (state.conversationId) request.conversationId = state.conversationId;
  return request;
}
