import type { AgentInputItem } from '../items/types.js';
import { normalizeInput } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import { runItemsToInput } from '../items/run-items.js';
import type { Session } from '../sessions/session.js';
import type { RunConfig } from './run-config.js';
import { UserError } from '../errors/index.js';

/**
 * Load the session history and combine it with the new input (RunConfig.sessionInputCallback,
 * or history then input). Only the new input is saved later: whatever the callback adds from
 * the history is already stored and must not be persisted twice.
 */
export async function loadSessionInput(options: {
  session: Session;
  input: string | AgentInputItem[];
  config: RunConfig<unknown>;
}): Promise<{ merged: AgentInputItem[]; newInput: AgentInputItem[] }> {
  const { session, input, config } = options;
  const newInput = normalizeInput(input);
  const history = await readHistory(session, config);
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

/** Append a turn's items to the session in one call (backends store one call atomically). */
export async function saveItems(session: Session | undefined, items: readonly RunItem[]): Promise<void> {
  if (!session || items.length === 0) return;
  const input = runItemsToInput(items);
  if (input.length > 0) await session.addItems(input);
}
