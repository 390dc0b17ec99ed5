import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { AgentOutputItem, AssistantMessageItem, FunctionCallItem, ReasoningItem } from '../items/types.js';
import type { ResponseStreamEvent } from '../models/interface.js';
import { ItemIds, reasoningItem, wireUsage } from './output.js';

type OpenItem =
  | { kind: 'message'; item: AssistantMessageItem; outputIndex: number; parts: Map<string, { index: number; deltas: string[] }> }
  | { kind: 'reasoning'; item: ReasoningItem; outputIndex: number; deltas: string[] }
  | { kind: 'call'; item: FunctionCallItem; outputIndex: number; deltas: string[]; done: boolean };

/**
 * Turns AI SDK stream parts into the Responses-API stream events the OpenAI models emit:
 * `response.created`, `response.output_item.added`, `response.content_part.added`,
 * `response.output_text.delta`, `response.reasoning_summary_text.delta`,
 * `response.function_call_arguments.delta`, their `.done` events, `response.output_item.done`,
 * and last `response.completed` with the whole output and usage.
 */
export class AiSdkStreamConverter {
  #sequence = 0;
  readonly #ids: ItemIds;
  readonly #model: string;
  readonly #items: OpenItem[] = [];
  /** The message text parts are appended to, until another kind of item starts. */
  #message: Extract<OpenItem, { kind: 'message' }> | undefined;
  readonly #reasoning = new Map<string, Extract<OpenItem, { kind: 'reasoning' }>>();
  readonly #calls = new Map<string, Extract<OpenItem, { kind: 'call' }>>();
  #usage: LanguageModelV4Usage | undefined;

  constructor(responseId: string, model: string) {
    this.#ids = new ItemIds(responseId);
    this.#model = model;
  }

  /** The first event of every stream. */
  start(): ResponseStreamEvent {
    return this.#event('response.created', { response: this.#response('in_progress', [], null) });
  }

  /** The events one part produces (often none). An `error` part is the caller's to throw. */
  push(part: LanguageModelV4StreamPart): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    switch (part.type) {
      case 'text-start': this.#textPart(part.id, out); break;
      case 'text-delta': this.#textDelta(part.id, part.delta, out); break;
      case 'reasoning-start': this.#openReasoning(part.id, out); break;
      case 'reasoning-delta': {
        const open = this.#reasoning.get(part.id) ?? this.#openReasoning(part.id, out);
        open.deltas.push(part.delta);
        out.push(this.#event('response.reasoning_summary_text.delta', { item_id: open.item.id, output_index: open.outputIndex, summary_index: 0, delta: part.delta }));
        break;
      }
      case 'tool-input-start': this.#openCall(part.id, part.toolName, out); break;
      case 'tool-input-delta': {
        const call = this.#calls.get(part.id);
        if (call === undefined || call.done) break;
        call.deltas.push(part.delta);
        out.push(this.#event('response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.outputIndex, delta: part.delta }));
        break;
      }
      case 'tool-call': {
        if (part.providerExecuted === true) break;
        const call = this.#calls.get(part.toolCallId) ?? this.#openCall(part.toolCallId, part.toolName, out);
        call.done = true;
        call.item.arguments = part.input;
        break;
      }
      case 'finish': this.#usage = part.usage; break;
      default: break;
    }
    return out;
  }

  /** Closes every item and ends with `response.completed`. */
  finish(): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    if (this.#items.length === 0) this.#textPart('empty', out); // an empty answer is an empty message
    const output: AgentOutputItem[] = [];
    for (const open of this.#items) {
      output.push(this.#close(open, out));
      out.push(this.#event('response.output_item.done', { output_index: open.outputIndex, item: open.item }));
    }
    out.push(this.#event('response.completed', { response: this.#response('completed', output, wireUsage(this.#usage)) }));
    return out;
  }

  #close(open: OpenItem, out: ResponseStreamEvent[]): AgentOutputItem {
    const where = { item_id: open.item.id, output_index: open.outputIndex };
    if (open.kind === 'message') {
      for (const [, part] of open.parts) {
        const text = (open.item.content[part.index] as { text: string }).text = part.deltas.join('');
        out.push(this.#event('response.output_text.done', Object.assign({ content_index: part.index, text }, where)));
        out.push(this.#event('response.content_part.done', Object.assign({ content_index: part.index, part: open.item.content[part.index] }, where)));
      }
      open.item.status = 'completed';
    } else if (open.kind === 'reasoning') {
      const text = open.deltas.join('');
      open.item.summary = [{ type: 'summary_text', text }];
      out.push(this.#event('response.reasoning_summary_text.done', Object.assign({ summary_index: 0, text }, where)));
    } else {
      if (!open.done) open.item.arguments = open.deltas.join('');
      open.item.status = 'completed';
      out.push(this.#event('response.function_call_arguments.done', Object.assign({ arguments: open.item.arguments }, where)));
    }
    return open.item;
  }

  #textPart(id: string, out: ResponseStreamEvent[]): { index: number; deltas: string[] } {
    let message = this.#message;
    if (message === undefined) {
      const item: AssistantMessageItem = { type: 'message', id: this.#ids.next('msg'), role: 'assistant', status: 'in_progress', content: [] };
      message = { kind: 'message', item, outputIndex: this.#items.length, parts: new Map() };
      this.#message = message;
      this.#items.push(message);
      out.push(this.#event('response.output_item.added', { output_index: message.outputIndex, item: { ...item, content: [] } }));
    }
    const existing = message.parts.get(id);
    if (existing !== undefined) return existing;
    const part = { index: message.item.content.length, deltas: [] as string[] };
    message.item.content.push({ type: 'output_text', text: '', annotations: [] });
    message.parts.set(id, part);
    out.push(this.#event('response.content_part.added', {
      item_id: message.item.id, output_index: message.outputIndex, content_index: part.index, part: { type: 'output_text', text: '', annotations: [] },
    }));
    return part;
  }

  #textDelta(id: string, delta: string, out: ResponseStreamEvent[]): void {
    const message = this.#message;
    const part = message?.parts.get(id) ?? this.#textPart(id, out);
    part.deltas.push(delta);
    out.push(this.#event('response.output_text.delta', {
      item_id: this.#message!.item.id, output_index: this.#message!.outputIndex, content_index: part.index, delta,
    }));
  }

  #openReasoning(id: string, out: ResponseStreamEvent[]): Extract<OpenItem, { kind: 'reasoning' }> {
    this.#message = undefined;
    const open = { kind: 'reasoning' as const, item: reasoningItem(this.#ids.next('rs'), ''), outputIndex: this.#items.length, deltas: [] as string[] };
    this.#items.push(open);
    this.#reasoning.set(id, open);
    out.push(this.#event('response.output_item.added', { output_index: open.outputIndex, item: { ...open.item, summary: [] } }));
    return open;
  }

  #openCall(callId: string, name: string, out: ResponseStreamEvent[]): Extract<OpenItem, { kind: 'call' }> {
    this.#message = undefined;
    const item: FunctionCallItem = { type: 'function_call', id: this.#ids.next('fc'), call_id: callId, name, arguments: '', status: 'in_progress' };
    const open = { kind: 'call' as const, item, outputIndex: this.#items.length, deltas: [] as string[], done: false };
    this.#items.push(open);
    this.#calls.set(callId, open);
    out.push(this.#event('response.output_item.added', { output_index: open.outputIndex, item: { ...item } }));
    return open;
  }

  #event(type: string, fields: Record<string, unknown>): ResponseStreamEvent {
    return Object.assign({ type, sequence_number: this.#sequence++ }, fields);
  }

  #response(status: string, output: AgentOutputItem[], usage: unknown): Record<string, unknown> {
    // No `id`: an AI SDK response cannot be chained with previousResponseId (the run gets no responseId).
    return { object: 'response', created_at: Math.floor(Date.now() / 1000), model: this.#model, status, output, usage };
  }
}
