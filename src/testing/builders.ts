import type { AssistantMessageItem, FunctionCallItem, ReasoningItem } from '../items/types.js';
import { newId } from './ids.js';

/** An assistant message whose only content is `text`. */
export function textMessage(text: string): AssistantMessageItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}

/**
 * A function call. `args` is sent as given when it is a string (so invalid JSON can be
 * scripted) and as its JSON text otherwise. `callId` defaults to a fresh `call_…` id.
 */
export function functionCall(name: string, args: object | string = {}, callId?: string): FunctionCallItem {
  return {
    type: 'function_call',
    call_id: callId ?? newId('call_'),
    name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  };
}

/** A reasoning item with one summary part. */
export function reasoning(summaryText: string): ReasoningItem {
  return { type: 'reasoning', summary: [{ type: 'summary_text', text: summaryText }] };
}

/** An assistant message that refuses, with `text` as its refusal. */
export function refusal(text: string): AssistantMessageItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: text }] };
}
