import type { Agent } from '../../agent/agent.js';
import type { Handoff } from '../../agent/handoff.js';
import { makeHandoffInputData, type HandoffInputData } from '../../agent/handoff.js';
import type { AgentInputItem } from '../../items/types.js';
import { HandoffOutputItem, ToolCallOutputItem, type RunItem } from '../../items/run-items.js';
import { UserError } from '../../errors/index.js';
import { fireHandoff } from '../../hooks/dispatch.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import { turnStep, type Turn } from './turn.js';
import type { ProcessedResponse } from './classify-output.js';
import { outputWire } from './execute-tools.js';
import { defaultNestedHistory } from './nest-history.js';

export const IGNORED_HANDOFF_TEXT = 'Multiple handoffs detected, ignoring this one.';

/**
 * Act on the first handoff call of the response. Everything that can fail (onHandoff input
 * parsing, the input filter, hooks) runs before the state changes, so a failure leaves no
 * half-switched run. The `onHandoff` callback is the turn's step `handoff:<callId>`.
 */
export async function executeHandoff<C>(turn: Turn<C>, processed: ProcessedResponse<C>): Promise<{ newAgent: Agent<C, unknown>; items: RunItem[] }> {
  const { state, env } = turn;
  const turnStart = turn.start;
  const from = state.currentAgent;
  const first = processed.handoffs[0]!;
  const handoff = first.handoff;
  const to = handoff.agent;
  const span = env.tracing.handoff(from.name, to.name);
  try {
    await turnStep(turn, 'handoff', first.call.call_id, () => env.tracing.inScope(() => handoff.invoke(state.context, first.call.arguments), span, handoff).then(() => null));
    const items: RunItem[] = [];
    for (const { call } of processed.handoffs) {
      if (call === first.call) {
        items.push(new HandoffOutputItem(from, outputWire(call, JSON.stringify({ assistant: to.name })), from, to));
      } else {
        items.push(new ToolCallOutputItem(from, outputWire(call, IGNORED_HANDOFF_TEXT), IGNORED_HANDOFF_TEXT));
      }
    }
    const history = await computeHistory({ state, env, handoff, turnStart, items });
    const hooked = fireHandoff(turn, to);
    if (hooked) await hooked;

    state.appendItems(items);
    if (history?.kind === 'filtered') state.replaceHistory(history.data.inputHistory, [...history.data.preHandoffItems, ...history.data.newItems]);
    else if (history?.kind === 'folded') state.foldHistory(history.input);
    state.currentAgent = to;
    state.currentAgentStarted = false;
    return { newAgent: to, items };
  } catch (error) {
    env.tracing.fail(span, error);
    throw error;
  } finally {
    span.end();
  }
}

type History = { kind: 'filtered'; data: HandoffInputData } | { kind: 'folded'; input: AgentInputItem[] } | undefined;

async function computeHistory<C>(options: {
  state: RunState<C>;
  env: RunEnv<C>;
  handoff: Handoff<C>;
  turnStart: number;
  items: RunItem[];
}): Promise<History> {
  const { state, env, handoff, turnStart, items } = options;
  const filter = handoff.inputFilter ?? env.config.handoffInputFilter;
  if (filter) {
    const data = makeHandoffInputData({
      inputHistory: state.originalInput,
      preHandoffItems: state.generatedItems.slice(0, turnStart),
      newItems: [...state.generatedItems.slice(turnStart), ...items],
    });
    const out = await env.tracing.inScope(() => filter(data), undefined, filter);
    validateFilterOutput(out);
    return { kind: 'filtered', data: out };
  }
  const nest = handoff.nestHandoffHistory ?? env.config.nestHandoffHistory ?? false;
  if (!nest || env.serverManaged) return undefined;
  const transcript = [...state.modelInput, ...items.map((i) => i.rawItem)];
  const mapper = env.config.handoffHistoryMapper;
  // The handing-off turn's items end the transcript: its model output (approvals are not model input) and the handoff outputs.
  const turnItemCount = state.generatedItems.slice(turnStart).filter((i) => i.type !== 'tool_approval_item').length + items.length;
  const input = mapper ? await env.tracing.inScope(() => mapper(transcript), undefined, mapper) : defaultNestedHistory(transcript, turnItemCount);
  if (!Array.isArray(input)) throw new UserError('handoffHistoryMapper must return an array of input items');
  return { kind: 'folded', input };
}

function validateFilterOutput(out: unknown): asserts out is HandoffInputData {
  const o = out as Partial<HandoffInputData> | null;
  const ok =
    typeof o === 'object' && o !== null &&
    (typeof o.inputHistory === 'string' || Array.isArray(o.inputHistory)) &&
    Array.isArray(o.preHandoffItems) && Array.isArray(o.newItems) &&
    [...o.preHandoffItems, ...o.newItems].every((i) => typeof i === 'object' && i !== null && typeof (i as RunItem).toInputItem === 'function');
  if (!ok) throw new UserError('Handoff input filter must return { inputHistory, preHandoffItems: RunItem[], newItems: RunItem[] }');
}
