import { Agent } from '../agent/agent.js';
import { UserError } from '../errors/index.js';

/** An agent of any context and output type, as the graph holds it. */
export type AnyAgent = Agent<unknown, unknown>;

/**
 * Every agent reachable from `agents` through handoffs, by name. A durable run names its starting
 * agent in the workflow's input, and the worker that runs it (maybe on another machine, maybe after
 * a restart) finds the agent by that name, so names must be unique within the graph.
 */
export function agentGraph(agents: unknown): Map<string, AnyAgent> {
  if (!Array.isArray(agents) || agents.length === 0) throw new UserError('DurableRunner: `agents` must be a non-empty array of Agents');
  const byName = new Map<string, AnyAgent>();
  const visit = (agent: AnyAgent): void => {
    const known = byName.get(agent.name);
    if (known === agent) return;
    if (known) throw new UserError(`DurableRunner: two different agents are named '${agent.name}'; durable runs find agents by name, so names must be unique`);
    byName.set(agent.name, agent);
    for (const handoff of agent.handoffObjects) visit(handoff.agent as AnyAgent);
  };
  agents.forEach((agent, i) => {
    if (!(agent instanceof Agent)) throw new UserError(`DurableRunner: agents[${i}] is not an Agent`);
    visit(agent as AnyAgent);
  });
  return byName;
}
