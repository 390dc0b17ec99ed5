import type { AgentOutputItem, AssistantMessageItem, FunctionCallItem, ReasoningItem } from '../items/types.js';
import type { ResponseStreamEvent } from '../models/interface.js';
import { prepareResponse } from './prepare-response.js';
import { splitJson, splitText } from './split-text.js';
import type { PreparedResponse, ScriptedResponse } from './types.js';

/** Request details echoed in the synthesized response object, as the real API does. */
export interface ResponseObjectOptions {
  /** Defaults to `'scripted-model'`. */
  model?: string;
  instructions?: string | null;
  previousResponseId?: string | null;
  /** The request's tools, echoed back. */
  tools?: unknown[];
  /** Unix seconds; defaults to now. */
  createdAt?: number;
}

/** A Responses API response object (`object: 'response'`). */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed';
  error: null;
  incomplete_details: null;
  instructions: string | null;
  model: string;
  output: AgentOutputItem[];
  previous_response_id: string | null;
  tools: unknown[];
  usage: PreparedResponse['usage'] | null;
  metadata: Record<string, string>;
}

/** The non-streaming `POST /v1/responses` body for a scripted reply. */
export function responseBody(entry: ScriptedResponse, options: ResponseObjectOptions = {}): ResponseObject {
  return responseObject(prepareResponse(entry), options, 'completed');
}

/**
 * The event sequence `POST /v1/responses` with `stream: true` emits for a scripted reply, in
 * the real order: `response.created`, `response.in_progress`, per output item its `added`,
 * part / delta / done events and `output_item.done`, then `response.completed` carrying the full
 * response. `sequence_number`s run from 0 without gaps.
 */
export function responseEvents(entry: ScriptedResponse, options: ResponseObjectOptions = {}): ResponseStreamEvent[] {
  return responseEventsFromPrepared(prepareResponse(entry), options);
}

/** Build the response object of an already prepared reply. */
export function responseObject(
  prepared: PreparedResponse,
  options: ResponseObjectOptions,
  status: 'in_progress' | 'completed',
): ResponseObject {
  const done = status === 'completed';
  return {
    id: prepared.id,
    object: 'response',
    created_at: options.createdAt ?? Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    instructions: options.instructions ?? null,
    model: options.model ?? 'scripted-model',
    output: done ? prepared.output : [],
    previous_response_id: options.previousResponseId ?? null,
    tools: options.tools ?? [],
    usage: done ? prepared.usage : null,
    metadata: {},
  };
}

/** Stream events of an already prepared reply (ids fixed), so several views can share it. */
export function responseEventsFromPrepared(prepared: PreparedResponse, options: ResponseObjectOptions): ResponseStreamEvent[] {
  const events: ResponseStreamEvent[] = [];
  // `type` then `sequence_number` first, as in the 2025 recordings.
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push(Object.assign({ type, sequence_number: events.length }, fields));
  };
  const createdAt = options.createdAt ?? Math.floor(Date.now() / 1000);
  const timed = { ...options, createdAt };
  emit('response.created', { response: responseObject(prepared, timed, 'in_progress') });
  emit('response.in_progress', { response: responseObject(prepared, timed, 'in_progress') });
  prepared.output.forEach((item, outputIndex) => {
    switch (item.type) {
      case 'message':
        messageEvents(item, outputIndex, emit);
        break;
      case 'function_call':
        functionCallEvents(item, outputIndex, emit);
        break;
      case 'reasoning':
        reasoningEvents(item, outputIndex, emit);
        break;
      default:
        emit('response.output_item.added', { output_index: outputIndex, item });
        emit('response.output_item.done', { output_index: outputIndex, item });
    }
  });
  emit('response.completed', { response: responseObject(prepared, timed, 'completed') });
  return events;
}

type Emit = (type: string, fields: Record<string, unknown>) => void;

function messageEvents(item: AssistantMessageItem, outputIndex: number, emit: Emit): void {
  const itemId = item.id;
  emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
  item.content.forEach((part, contentIndex) => {
    const at = { item_id: itemId, output_index: outputIndex, content_index: contentIndex };
    if (part.type === 'output_text') {
      const annotations = part.annotations ?? [];
      emit('response.content_part.added', { ...at, part: { type: 'output_text', annotations, text: '' } });
      for (const delta of splitText(part.text)) emit('response.output_text.delta', { ...at, delta, logprobs: [] });
      emit('response.output_text.done', { ...at, text: part.text, logprobs: [] });
      emit('response.content_part.done', { ...at, part: { type: 'output_text', annotations, text: part.text } });
    } else {
      emit('response.content_part.added', { ...at, part: { type: 'refusal', refusal: '' } });
      for (const delta of splitText(part.refusal)) emit('response.refusal.delta', { ...at, delta });
      emit('response.refusal.done', { ...at, refusal: part.refusal });
      emit('response.content_part.done', { ...at, part: { type: 'refusal', refusal: part.refusal } });
    }
  });
  emit('response.output_item.done', { output_index: outputIndex, item });
}

function functionCallEvents(item: FunctionCallItem, outputIndex: number, emit: Emit): void {
  emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
  const at = { item_id: item.id, output_index: outputIndex };
  for (const delta of splitJson(item.arguments)) emit('response.function_call_arguments.delta', { ...at, delta });
  emit('response.function_call_arguments.done', { ...at, arguments: item.arguments });
  emit('response.output_item.done', { output_index: outputIndex, item });
}

function reasoningEvents(item: ReasoningItem, outputIndex: number, emit: Emit): void {
  const added: ReasoningItem = { ...item, summary: [] };
  if (item.content) added.content = [];
  emit('response.output_item.added', { output_index: outputIndex, item: added });
  item.summary.forEach((part, summaryIndex) => {
    const at = { item_id: item.id, output_index: outputIndex, summary_index: summaryIndex };
    emit('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
    for (const delta of splitText(part.text)) emit('response.reasoning_summary_text.delta', { ...at, delta });
    emit('response.reasoning_summary_text.done', { ...at, text: part.text });
    emit('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text: part.text } });
  });
  item.content?.forEach((part, contentIndex) => {
    const at = { item_id: item.id, output_index: outputIndex, content_index: contentIndex };
    for (const delta of splitText(part.text)) emit('response.reasoning_text.delta', { ...at, delta });
    emit('response.reasoning_text.done', { ...at, text: part.text });
  });
  emit('response.output_item.done', { output_index: outputIndex, item });
}
