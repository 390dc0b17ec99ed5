import type { RunItem } from '../../items/run-items.js';
import type { NextStep } from '../next-step.js';
import type { RunState } from '../run-state.js';
import { saveItems } from '../session-io.js';
import { turnStep, type Turn } from './turn.js';

/**
 * The one point where a turn ends: its items (already recorded in the state) are saved to the
 * session in one write, the state takes the next step (and the final output), and the step
 * executor may checkpoint the run. A turn stopped for approvals saves nothing yet: its items are
 * saved when the resumed turn ends. `items` defaults to what the turn appended to the state (a
 * handoff passes its own: an input filter may have replaced the state's items).
 */
export function endTurn<C>(turn: Turn<C>, next: NextStep, items?: readonly RunItem[]): NextStep | Promise<NextStep> {
  const { state, env } = turn;
  if (!env.session && !env.steps) {
    // Nothing to wait for (the usual run): no promise.
    state.nextStep = next;
    if (next.type === 'final_output') state.finalOutput = next.output;
    return next;
  }
  return endTurnAsync(turn, next, items);
}

async function endTurnAsync<C>(turn: Turn<C>, next: NextStep, items?: readonly RunItem[]): Promise<NextStep> {
  const { state, env } = turn;
  if (env.session && next.type !== 'interruption') {
    const session = env.session;
    const turnItems = items ?? state.generatedItems.slice(turn.start);
    const saved = turnStep(turn, 'session', undefined, () => saveItems(session, turnItems, state.reasoningItemIdPolicy).then(() => null));
    if (saved) await saved;
  }
  state.nextStep = next;
  if (next.type === 'final_output') state.finalOutput = next.output;
  const checkpoint = env.steps?.checkpoint?.(state as RunState<unknown>);
  if (checkpoint) await checkpoint;
  return next;
}
