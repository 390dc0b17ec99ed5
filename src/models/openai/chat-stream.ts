import { ModelBehaviorError } from '../../errors/index.js';
import type { AgentOutputItem, AssistantMessageItem, FunctionCallItem, OutputRefusal, OutputText } from '../../items/types.js';
import type { ResponseStreamEvent, WireUsage } from '../interface.js';
import { chatFunctionCallId, chatMessageId } from './chat-ids.js';
import { completionIdOf, wireUsageFromChat } from './chat-output.js';
import type { ChatCompletionChunk, ChatToolCallDelta } from './chat-wire-types.js';

/** One content part of the streamed assistant message; deltas are kept and joined once at the end. */
interface PartState {
  kind: 'output_text' | 'refusal';
  contentIndex: number;
  deltas: string[];
}

interface MessageState {
  kind: 'message';
  id: string;
  outputIndex: number;
  text: PartState | undefined;
  refusal: PartState | undefined;
  parts: PartState[];
}

interface CallState {
  kind: 'function_call';
  id: string;
  outputIndex: number;
  callId: string;
  name: string;
  /** Argument fragments; those before the call could be announced are sent as one delta then. */
  args: string[];
  added: boolean;
}

/**
 * Turns Chat Completions stream chunks into Responses API stream events, so consumers handle one
 * vocabulary: `response.created`, `response.output_item.added`, `response.content_part.added`,
 * `response.output_text.delta` / `response.refusal.delta` / `response.function_call_arguments.delta`,
 * the matching `.done` events, `response.output_item.done`, and last `response.completed` with the
 * full output and usage. Tool calls interleaved by `index` are tracked per index; a call is
 * announced once both its id and name are known.
 */
export class ChatStreamConverter {
  #sequence = 0;
  #id: string | undefined;
  #created = 0;
  #model: string | undefined;
  #message: MessageState | undefined;
  readonly #calls = new Map<number, CallState>();
  /** Announced items in output order. */
  readonly #items: Array<MessageState | CallState> = [];
  #usage: WireUsage | undefined;
  #finishReason: string | undefined;

  /** True once a chunk carried a `finish_reason`. */
  get finished(): boolean {
    return this.#finishReason !== undefined;
  }

  /** True once any chunk was converted. */
  get started(): boolean {
    return this.#id !== undefined;
  }

  /** Convert one chunk; returns the events it produced (possibly none). */
  push(chunk: ChatCompletionChunk): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    if (this.#id === undefined) {
      this.#id = completionIdOf(chunk.id);
      this.#created = typeof chunk.created === 'number' ? chunk.created : Math.floor(Date.now() / 1000);
      this.#model = chunk.model;
      out.push(this.#event('response.created', { response: this.#response('in_progress', [], undefined) }));
    }
    if (chunk.usage !== undefined && chunk.usage !== null) this.#usage = wireUsageFromChat(chunk.usage);
    const choice = chunk.choices?.[0];
    if (choice === undefined) return out;
    const delta = choice.delta;
    if (delta !== undefined && delta !== null) {
      if (typeof delta.content === 'string' && delta.content.length > 0) this.#partDelta('output_text', delta.content, out);
      if (typeof delta.refusal === 'string' && delta.refusal.length > 0) this.#partDelta('refusal', delta.refusal, out);
      const toolCalls = delta.tool_calls;
      if (toolCalls) for (let j = 0; j < toolCalls.length; j++) this.#callDelta(toolCalls[j]!, j, out);
    }
    if (typeof choice.finish_reason === 'string') this.#finishReason = choice.finish_reason;
    return out;
  }

  /** Close every open item and emit `response.completed`. Call once, after the last chunk. */
  finish(): ResponseStreamEvent[] {
    const out: ResponseStreamEvent[] = [];
    for (const call of this.#calls.values()) {
      if (!call.added) {
        if (call.callId.length === 0 || call.name.length === 0) throw new ModelBehaviorError('Chat Completions stream sent a tool call without id or function name');
        this.#announceCall(call, out);
      }
    }
    if (this.#items.length === 0) this.#openPart('output_text', out); // an empty answer is an empty message
    const output: AgentOutputItem[] = new Array(this.#items.length);
    for (let i = 0; i < this.#items.length; i++) {
      const state = this.#items[i]!;
      const item = state.kind === 'message' ? this.#closeMessage(state, out) : this.#closeCall(state, out);
      output[i] = item;
      out.push(this.#event('response.output_item.done', { output_index: state.outputIndex, item }));
    }
    out.push(this.#event('response.completed', { response: this.#response('completed', output, this.#usage ?? null) }));
    return out;
  }

  #event(type: string, fields: Record<string, unknown>): ResponseStreamEvent {
    return { type, sequence_number: this.#sequence++, ...fields };
  }

  // No Responses `id`: a chat completion cannot be chained with previous_response_id, so, as in
  // blocking calls, the run gets no responseId. The completion's own id stays visible for logs.
  #response(status: string, output: AgentOutputItem[], usage: WireUsage | null | undefined): Record<string, unknown> {
    return { chat_completion_id: this.#id, object: 'response', created_at: this.#created, model: this.#model, status, output, usage };
  }

  #openPart(kind: PartState['kind'], out: ResponseStreamEvent[]): PartState {
    let message = this.#message;
    if (message === undefined) {
      message = { kind: 'message', id: chatMessageId(this.#id!), outputIndex: this.#items.length, text: undefined, refusal: undefined, parts: [] };
      this.#message = message;
      this.#items.push(message);
      const item = { id: message.id, type: 'message', role: 'assistant', status: 'in_progress', content: [] };
      out.push(this.#event('response.output_item.added', { output_index: message.outputIndex, item }));
    }
    const part: PartState = { kind, contentIndex: message.parts.length, deltas: [] };
    message.parts.push(part);
    if (kind === 'output_text') message.text = part;
    else message.refusal = part;
    out.push(this.#event('response.content_part.added', {
      item_id: message.id,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
      part: kind === 'output_text' ? { type: 'output_text', text: '', annotations: [] } : { type: 'refusal', refusal: '' },
    }));
    return part;
  }

  #partDelta(kind: PartState['kind'], delta: string, out: ResponseStreamEvent[]): void {
    const part = (kind === 'output_text' ? this.#message?.text : this.#message?.refusal) ?? this.#openPart(kind, out);
    part.deltas.push(delta);
    const message = this.#message!;
    // Hot path: built directly, without the temporary fields object of #event.
    out.push({
      type: kind === 'output_text' ? 'response.output_text.delta' : 'response.refusal.delta',
      sequence_number: this.#sequence++,
      item_id: message.id,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
      delta,
    });
  }

  #callDelta(delta: ChatToolCallDelta, position: number, out: ResponseStreamEvent[]): void {
    const index = typeof delta.index === 'number' ? delta.index : position;
    let call = this.#calls.get(index);
    if (call === undefined) {
      call = { kind: 'function_call', id: chatFunctionCallId(this.#id!, index), outputIndex: -1, callId: '', name: '', args: [], added: false };
      this.#calls.set(index, call);
    }
    if (!call.added) {
      if (typeof delta.id === 'string' && delta.id.length > 0) call.callId = delta.id;
      const name = delta.function?.name;
      if (typeof name === 'string' && name.length > 0) call.name = name;
    }
    const args = delta.function?.arguments;
    if (typeof args === 'string' && args.length > 0) {
      call.args.push(args);
      if (call.added) out.push(this.#argumentsDelta(call, args));
    }
    if (!call.added && call.callId.length > 0 && call.name.length > 0) this.#announceCall(call, out);
  }

  #announceCall(call: CallState, out: ResponseStreamEvent[]): void {
    call.added = true;
    call.outputIndex = this.#items.length;
    this.#items.push(call);
    const item = { id: call.id, type: 'function_call', call_id: call.callId, name: call.name, arguments: '', status: 'in_progress' };
    out.push(this.#event('response.output_item.added', { output_index: call.outputIndex, item }));
    if (call.args.length > 0) out.push(this.#argumentsDelta(call, call.args.join('')));
  }

  #argumentsDelta(call: CallState, delta: string): ResponseStreamEvent {
    return { type: 'response.function_call_arguments.delta', sequence_number: this.#sequence++, item_id: call.id, output_index: call.outputIndex, delta };
  }

  #closeMessage(message: MessageState, out: ResponseStreamEvent[]): AssistantMessageItem {
    const content: Array<OutputText | OutputRefusal> = new Array(message.parts.length);
    for (const part of message.parts) {
      const text = part.deltas.join('');
      const where = { item_id: message.id, output_index: message.outputIndex, content_index: part.contentIndex };
      let done: OutputText | OutputRefusal;
      if (part.kind === 'output_text') {
        done = { type: 'output_text', text, annotations: [] };
        out.push(this.#event('response.output_text.done', Object.assign({}, where, { text })));
      } else {
        done = { type: 'refusal', refusal: text };
        out.push(this.#event('response.refusal.done', Object.assign({}, where, { refusal: text })));
      }
      out.push(this.#event('response.content_part.done', Object.assign({}, where, { part: done })));
      content[part.contentIndex] = done;
    }
    return { type: 'message', id: message.id, role: 'assistant', status: 'completed', content };
  }

  #closeCall(call: CallState, out: ResponseStreamEvent[]): FunctionCallItem {
    const args = call.args.join('');
    out.push(this.#event('response.function_call_arguments.done', { item_id: call.id, output_index: call.outputIndex, arguments: args }));
    return { type: 'function_call', id: call.id, call_id: call.callId, name: call.name, arguments: args, status: 'completed' };
  }
}
