import type { AgentInputItem } from '../items/types.js';
import { normalizeInput } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import { runItemsToInput } from '../items/run-items.js';
import type { Session } from '../sessions/session.js';
import type { ReasoningItemIdPolicy, RunConfig } from './run-config.js';
import { applyReasoningIdPolicy } from '../items/reasoning-ids.js';
import { UserError } from '../errors/index.js';

/**
 * Load the session history and combine it with the new input (RunConfig.sessionInputCallback,
 * or history then input). Only the new input is saved later: whatever the callback adds from
 * the history is already stored and must not be persisted twice. Under `reasoningItemIdPolicy:
 * 'omit'` both come without reasoning ids (history saved before the policy was set has them).
 */
export async function loadSessionInput(options: {
  session: Session;
  input: string | AgentInputItem[];
  config: RunConfig<unknown>;
}): Promise<{ merged: AgentInputItem[]; newInput: AgentInputItem[] }> {
  const { session, input, config } = options;
  const policy = config.reasoningItemIdPolicy;
  const newInput = applyReasoningIdPolicy(normalizeInput(input), policy);
  const history = applyReasoningIdPolicy(await readHistory(session, config), policy);
  if (!config.sessionInputCallback) return { merged: [...history, ...newInput], newInput };
  const merged = await config.sessionInputCallback(history, newInput);
  if (!Array.isArray(merged)) throw new UserError('sessionInputCallback must return an array of input items');
  return { merged, newInput };
}

/**
 * The session's history as the model will see it: only the latest `sessionSettings.limit` items
 * (minus tool outputs whose calls fell outside that window: the APIs reject an output without its
 * call).
 */
async function readHistory(session: Session, config: RunConfig<unknown>): Promise<AgentInputItem[]> {
  const limit = config.sessionSettings?.limit;
  return limit === undefined || limit === null ? session.getItems() : withoutOrphanOutputs(await session.getItems(limit));
}

function withoutOrphanOutputs(items: AgentInputItem[]): AgentInputItem[] {
  const calls = new Set<string>();
  for (const item of items) if (item.type === 'function_call') calls.add(item.call_id);
  return items.filter((item) => item.type !== 'function_call_output' || calls.has(item.call_id));
}

/** Append a turn's items to the session in one call (backends store one call atomically), as the reasoning id policy wants them. */
export async function saveItems(session: Session | undefined, items: readonly RunItem[], policy?: ReasoningItemIdPolicy): Promise<void> {
  if (!session || items.length === 0) return;
  const input = applyReasoningIdPolicy(runItemsToInput(items), policy);
  if (input.length > 0) await session.addItems(input);
}
