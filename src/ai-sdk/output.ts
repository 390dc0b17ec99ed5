import type { LanguageModelV4Content, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { AgentOutputItem, AssistantMessageItem, ReasoningItem } from '../items/types.js';
import type { WireUsage } from '../models/interface.js';

/**
 * A blocking call's content as Responses-API output items, in the model's order: consecutive
 * text parts form one assistant message, reasoning a `reasoning` item, each client-side tool call
 * a `function_call`. Provider-executed tools, sources and files have no agentrun item and are left out.
 * `structuredOutputText` (a provider's native structured output) is the message when there is no text.
 */
export function outputItems(content: readonly LanguageModelV4Content[], structuredOutputText: string | undefined, ids: ItemIds): AgentOutputItem[] {
  const output: AgentOutputItem[] = [];
  let message: AssistantMessageItem | undefined;
  for (const part of content) {
    if (part.type === 'text') {
      if (message === undefined) {
        message = { type: 'message', id: ids.next('msg'), role: 'assistant', status: 'completed', content: [] };
        output.push(message);
      }
      message.content.push({ type: 'output_text', text: part.text, annotations: [] });
      continue;
    }
    if (part.type === 'reasoning') {
      output.push(reasoningItem(ids.next('rs'), part.text));
    } else if (part.type === 'tool-call' && part.providerExecuted !== true) {
      output.push({ type: 'function_call', id: ids.next('fc'), call_id: part.toolCallId, name: part.toolName, arguments: part.input, status: 'completed' });
    } else {
      continue;
    }
    message = undefined;
  }
  if (structuredOutputText !== undefined && !output.some((item) => item.type === 'message')) {
    output.push({ type: 'message', id: ids.next('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: structuredOutputText, annotations: [] }] });
  }
  return output;
}

/** A reasoning item holding the provider's reasoning text as its summary. */
export function reasoningItem(id: string, text: string): ReasoningItem {
  return { type: 'reasoning', id, summary: [{ type: 'summary_text', text }] };
}

/** AI SDK usage as Responses-API usage (missing counts are 0). */
export function wireUsage(usage: LanguageModelV4Usage | undefined): WireUsage {
  const input = usage?.inputTokens.total ?? 0;
  const output = usage?.outputTokens.total ?? 0;
  const wire: WireUsage = { input_tokens: input, output_tokens: output, total_tokens: input + output };
  const cached = usage?.inputTokens.cacheRead;
  if (cached !== undefined) wire.input_tokens_details = { cached_tokens: cached };
  const reasoning = usage?.outputTokens.reasoning;
  if (reasoning !== undefined) wire.output_tokens_details = { reasoning_tokens: reasoning };
  return wire;
}

/** Item ids for one response: `<prefix>_<response id>_<n>`, unique within the run. */
export class ItemIds {
  #n = 0;
  constructor(readonly responseId: string) {}
  next(prefix: string): string {
    return `${prefix}_${this.responseId}_${this.#n++}`;
  }
}
