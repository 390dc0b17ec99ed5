import type { Agent } from '../../agent/agent.js';
import { ModelBehaviorError, UserError } from '../../errors/index.js';

/**
 * An error handler's final output must be what the agent's outputType promises, as a model's
 * would be (the Python SDK checks it for every handler kind): validated (zod transforms and
 * defaults applied), or a UserError, since the handler is the user's code.
 */
export function validateHandlerOutput<C>(agent: Agent<C, unknown>, kind: string, output: unknown): unknown {
  const schema = agent.outputSchema;
  if (!schema) return output;
  try {
    return schema.parseValue(output);
  } catch (error) {
    if (!(error instanceof ModelBehaviorError)) throw error;
    throw new UserError(`The ${kind} error handler's final output does not match agent '${agent.name}' outputType: ${error.message}`, { cause: error });
  }
}
