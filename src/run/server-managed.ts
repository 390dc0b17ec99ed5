import type { Agent } from '../agent/agent.js';
import { UserError } from '../errors/index.js';
import type { RunConfig } from './run-config.js';
import { collectAgents } from './run-state-codec.js';

let warnedNesting = false;

/**
 * Server-managed conversations (previousResponseId, autoPreviousResponseId, conversationId)
 * keep the history on the server, so anything that rewrites or stores history locally cannot
 * combine with them: a session, a handoff input filter or output guardrails are UserErrors;
 * nestHandoffHistory is ignored with a warning. Returns whether the run is server-managed.
 */
export function checkServerManaged(
  agent: Agent<unknown, unknown>,
  options: { previousResponseId?: string; autoPreviousResponseId?: boolean; conversationId?: string; session?: unknown },
  config: RunConfig<unknown>,
): boolean {
  const which = options.conversationId !== undefined ? 'conversationId' : options.previousResponseId !== undefined ? 'previousResponseId' : options.autoPreviousResponseId ? 'autoPreviousResponseId' : undefined;
  if (!which) return false;
  if (options.conversationId !== undefined && options.previousResponseId !== undefined) {
    throw new UserError('Use either conversationId or previousResponseId, not both');
  }
  if (options.session) throw new UserError(`A session cannot be combined with ${which}: the server already keeps the conversation`);
  const agents = [...collectAgents(agent).values()];
  if ((config.outputGuardrails?.length ?? 0) > 0 || agents.some((a) => a.outputGuardrails.length > 0)) {
    throw new UserError(`Output guardrails cannot be combined with ${which}`);
  }
  if (config.handoffInputFilter || agents.some((a) => a.handoffObjects.some((h) => h.inputFilter))) {
    throw new UserError(`A handoff input filter cannot be combined with ${which}: the server holds the history`);
  }
  const nesting = config.nestHandoffHistory || agents.some((a) => a.handoffObjects.some((h) => h.nestHandoffHistory));
  if (nesting && !warnedNesting) {
    warnedNesting = true;
    console.warn(`agentrun: nestHandoffHistory is ignored with ${which} (the server holds the history)`);
  }
  return true;
}
