import type { AgentOutputItem, Usage } from '../items/types.js';
import { UserError } from '../errors/index.js';
import { newId } from './ids.js';
import type { PreparedResponse, ScriptedResponse, WireUsageFull } from './types.js';

/**
 * Check a scripted reply and fill in what the real API always sends: the response id, item
 * ids and `status: 'completed'` on messages and function calls, a `call_id` on function calls,
 * and wire usage. Items that need nothing are reused, not copied. Throws `UserError` naming the
 * offending field; `label` (e.g. `ScriptedModel entry #2`) prefixes the message.
 */
export function prepareResponse(entry: ScriptedResponse, label = 'scripted response'): PreparedResponse {
  if (entry === null || typeof entry !== 'object' || !Array.isArray(entry.output)) {
    throw new UserError(`${label}: expected { output: AgentOutputItem[] }, got ${describe(entry)}`);
  }
  if (entry.responseId !== undefined && typeof entry.responseId !== 'string') {
    throw new UserError(`${label}: responseId must be a string, got ${describe(entry.responseId)}`);
  }
  const output = new Array<AgentOutputItem>(entry.output.length);
  for (let i = 0; i < entry.output.length; i++) {
    output[i] = prepareItem(entry.output[i], `${label}: output[${i}]`);
  }
  return { id: entry.responseId ?? newId('resp_'), output, usage: wireUsage(entry.usage, label) };
}

function prepareItem(item: AgentOutputItem, label: string): AgentOutputItem {
  if (item === null || typeof item !== 'object' || typeof item.type !== 'string') {
    throw new UserError(`${label}: expected an output item with a string \`type\`, got ${describe(item)}`);
  }
  switch (item.type) {
    case 'message': {
      if (!Array.isArray(item.content)) throw new UserError(`${label} (message): content must be an array`);
      item.content.forEach((part, j) => {
        const ok = part?.type === 'output_text' ? typeof part.text === 'string'
          : part?.type === 'refusal' ? typeof part.refusal === 'string' : false;
        if (!ok) {
          throw new UserError(`${label} (message): content[${j}] must be {type:'output_text', text} or {type:'refusal', refusal}, got ${describe(part)}`);
        }
      });
      if (item.id !== undefined && item.status !== undefined) return item;
      return { ...item, id: item.id ?? newId('msg_'), status: item.status ?? 'completed' };
    }
    case 'function_call': {
      if (typeof item.name !== 'string' || item.name === '') throw new UserError(`${label} (function_call): needs a non-empty string \`name\``);
      if (typeof item.arguments !== 'string') {
        throw new UserError(`${label} (function_call '${item.name}'): \`arguments\` must be a JSON string, got ${describe(item.arguments)}`);
      }
      if (item.id !== undefined && item.status !== undefined && typeof item.call_id === 'string') return item;
      return { ...item, id: item.id ?? newId('fc_'), call_id: item.call_id ?? newId('call_'), status: item.status ?? 'completed' };
    }
    case 'reasoning': {
      if (!Array.isArray(item.summary)) throw new UserError(`${label} (reasoning): summary must be an array`);
      return item.id !== undefined ? item : { ...item, id: newId('rs_') };
    }
    default:
      // Hosted-tool items and future types pass through; they stream as added/done only.
      return item;
  }
}

function wireUsage(usage: Partial<Usage> | undefined, label: string): WireUsageFull {
  const input = count(usage?.inputTokens, 'inputTokens', label);
  const output = count(usage?.outputTokens, 'outputTokens', label);
  const wire: WireUsageFull = {
    input_tokens: input,
    output_tokens: output,
    total_tokens: usage?.totalTokens === undefined ? input + output : count(usage.totalTokens, 'totalTokens', label),
  };
  // Details only when scripted, so the usage a test sees is exactly the usage it wrote.
  const cached = usage?.inputTokensDetails?.cachedTokens;
  if (cached !== undefined) wire.input_tokens_details = { cached_tokens: count(cached, 'cachedTokens', label) };
  const reasoningTokens = usage?.outputTokensDetails?.reasoningTokens;
  if (reasoningTokens !== undefined) wire.output_tokens_details = { reasoning_tokens: count(reasoningTokens, 'reasoningTokens', label) };
  return wire;
}

function count(value: unknown, name: string, label: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new UserError(`${label}: usage.${name} must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

/** A short description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      return 'an unserialisable object';
    }
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
