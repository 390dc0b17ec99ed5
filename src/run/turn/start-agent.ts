import { fireAgentStart } from '../../hooks/dispatch.js';
import type { AgentSetup } from '../agent-setup.js';
import type { Turn } from './turn.js';

/** The agent starts: tracing, the stream's agent event, start hooks. A promise only if something waits. */
export function startAgent<C>(turn: Turn<C>): void | Promise<void> {
  const { state, env } = turn;
  state.currentAgentStarted = true;
  env.tracing.startAgent(state.currentAgent, turn.setup as AgentSetup<unknown>);
  const pushed = env.sink?.push({ type: 'agent_updated_stream_event', newAgent: state.currentAgent });
  if (pushed) return pushed.then(() => fireAgentStart(turn));
  return fireAgentStart(turn);
}
