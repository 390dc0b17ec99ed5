import type { AgentInputItem, ReasoningItem } from './types.js';

// One stripped copy per reasoning item, so a run's later calls send the same objects again (the
// built-in transport reuses the JSON of items it already sent, compared by identity).
const stripped = new WeakMap<ReasoningItem, AgentInputItem>();

/**
 * `reasoningItemIdPolicy: 'omit'`: the items with each reasoning item's `id` removed (a copy of
 * that item; the others as they are, and the array itself when there is nothing to strip, so the
 * common case allocates nothing).
 */
export function omitReasoningIds(items: AgentInputItem[]): AgentInputItem[] {
  let out: AgentInputItem[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.type !== 'reasoning' || item.id === undefined) continue;
    out ??= items.slice();
    let copy = stripped.get(item);
    if (copy === undefined) {
      const { id: _id, ...rest } = item;
      copy = rest;
      stripped.set(item, copy);
    }
    out[i] = copy;
  }
  return out ?? items;
}

/** The items as the policy wants them sent: stripped under `'omit'`, as they are otherwise. */
export function applyReasoningIdPolicy(items: AgentInputItem[], policy: 'preserve' | 'omit' | undefined): AgentInputItem[] {
  return policy === 'omit' ? omitReasoningIds(items) : items;
}
