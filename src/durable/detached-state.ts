import { Agent } from '../agent/agent.js';
import { RunState } from '../run/run-state.js';
import { parseRunState } from '../run/run-state-codec.js';

/**
 * A stored state without its agent graph: agents are stand-ins carrying only their names, so the
 * state can be inspected and its approvals decided; the run binds the real agents by name.
 */
export function detachedState(text: string): RunState {
  const standIns = new Map<string, Agent<unknown, unknown>>();
  const state = RunState.restore<unknown>((name) => {
    let agent = standIns.get(name);
    if (!agent) standIns.set(name, (agent = new Agent({ name })));
    return agent;
  }, parseRunState(text));
  state.agentsDetached = true;
  return state;
}
