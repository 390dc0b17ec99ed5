import { ModelBehaviorError } from '../../errors/index.js';
import type { AgentOutputItem, AssistantMessageItem, FunctionCallItem } from '../../items/types.js';
import { usageFromWire } from '../../items/usage.js';
import type { ModelResponse, WireUsage } from '../interface.js';
import { chatFunctionCallId, chatMessageId } from './chat-ids.js';
import type { ChatCompletion, ChatUsage } from './chat-wire-types.js';
import { errorMessageOf } from './event-json.js';

/** Chat Completions usage in the Responses API's shape. */
export function wireUsageFromChat(usage: ChatUsage | null | undefined): WireUsage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const wire: WireUsage = {
    input_tokens: usage.prompt_tokens ?? 0,
    output_tokens: usage.completion_tokens ?? 0,
    total_tokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined) wire.input_tokens_details = { cached_tokens: cached };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) wire.output_tokens_details = { reasoning_tokens: reasoning };
  return wire;
}

let anonymousCompletions = 0;

/** The completion's id, or a process-unique one for servers that send none. */
export function completionIdOf(id: unknown): string {
  return typeof id === 'string' && id.length > 0 ? id : `chatcmpl-local-${++anonymousCompletions}`;
}

/**
 * A Chat Completions answer as Responses-style output: the assistant message (text, or a
 * `refusal` part) first, then one `function_call` per tool call with `call_id` = the tool call id.
 * An answer with neither text nor tool calls yields one message with empty text.
 */
export function chatCompletionToResponse(completion: unknown): ModelResponse {
  if (completion === null || typeof completion !== 'object') throw new ModelBehaviorError('Chat Completions answer is not a JSON object');
  const { choices, usage, error } = completion as ChatCompletion & { error?: unknown };
  if (error !== undefined && error !== null) throw new ModelBehaviorError(`Chat Completions error: ${errorMessageOf(error, 'no error details')}`);
  const message = Array.isArray(choices) ? choices[0]?.message : undefined;
  if (message === undefined || message === null || typeof message !== 'object') {
    throw new ModelBehaviorError('Chat Completions answer has no choices[0].message');
  }
  const id = completionIdOf((completion as ChatCompletion).id);
  const output: AgentOutputItem[] = [];
  const toolCalls = message.tool_calls ?? [];
  const content = typeof message.content === 'string' ? message.content : undefined;
  const refusal = typeof message.refusal === 'string' && message.refusal.length > 0 ? message.refusal : undefined;
  if (refusal !== undefined || (content !== undefined && content.length > 0) || toolCalls.length === 0) {
    const item: AssistantMessageItem = { type: 'message', id: chatMessageId(id), role: 'assistant', status: 'completed', content: [] };
    if (refusal === undefined) item.content.push({ type: 'output_text', text: content ?? '', annotations: [] });
    else {
      if (content !== undefined && content.length > 0) item.content.push({ type: 'output_text', text: content, annotations: [] });
      item.content.push({ type: 'refusal', refusal });
    }
    output.push(item);
  }
  for (let i = 0; i < toolCalls.length; i++) {
    const call = toolCalls[i]!;
    const name = call.function?.name;
    if (typeof call.id !== 'string' || typeof name !== 'string') {
      throw new ModelBehaviorError(`Chat Completions tool call ${i} has no id or function name`);
    }
    const item: FunctionCallItem = {
      type: 'function_call',
      id: chatFunctionCallId(id, i),
      call_id: call.id,
      name,
      arguments: call.function?.arguments ?? '',
      status: 'completed',
    };
    output.push(item);
  }
  return { output, usage: usageFromWire(wireUsageFromChat(usage)) };
}
