import { newId } from './ids.js';
import { prepareResponse } from './prepare-response.js';
import { splitJson, splitText } from './split-text.js';
import type { PreparedResponse, ScriptedResponse } from './types.js';

/** Options for the Chat Completions views of a scripted reply. */
export interface ChatCompletionOptions {
  /** Defaults to `'scripted-model'`. */
  model?: string;
  /** Unix seconds; defaults to now. */
  createdAt?: number;
  /** Chunks only: send the final usage chunk (the real API does so only for `stream_options.include_usage`). Default true. */
  includeUsage?: boolean;
}

/** A Chat Completions tool call as it appears in a message. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Chat Completions usage. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/** A non-streaming `chat.completion` body. */
export interface ChatCompletionBody {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: { role: 'assistant'; content: string | null; refusal: string | null; tool_calls?: ChatToolCall[]; annotations: unknown[] };
    logprobs: null;
    finish_reason: 'stop' | 'tool_calls';
  }>;
  usage: ChatUsage;
}

/** One `chat.completion.chunk` of a stream. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: 0; delta: Record<string, unknown>; logprobs: null; finish_reason: 'stop' | 'tool_calls' | null }>;
  usage?: ChatUsage | null;
}

/** The parts of a reply that Chat Completions can express (reasoning items have no equivalent). */
interface ChatView {
  id: string;
  created: number;
  model: string;
  text: string | null;
  refusal: string | null;
  toolCalls: ChatToolCall[];
  usage: ChatUsage;
}

/** The `POST /v1/chat/completions` body for a scripted reply: text, refusal and tool calls of all its items. */
export function chatCompletionBody(entry: ScriptedResponse, options: ChatCompletionOptions = {}): ChatCompletionBody {
  return chatBodyFromPrepared(prepareResponse(entry), options, entry.responseId);
}

/**
 * The chunks of a streamed chat completion, as the real API sends them: a role chunk, content
 * (or refusal) deltas, per tool call a header chunk (index, id, name) then argument pieces, a
 * `finish_reason` chunk, then the usage chunk (`choices: []`). The `[DONE]` line is the SSE
 * encoder's job.
 */
export function chatCompletionChunks(entry: ScriptedResponse, options: ChatCompletionOptions = {}): ChatCompletionChunk[] {
  return chatChunksFromPrepared(prepareResponse(entry), options, entry.responseId);
}

/** The body of an already prepared reply. `responseId` is the scripted id, used as the completion id when given. */
export function chatBodyFromPrepared(prepared: PreparedResponse, options: ChatCompletionOptions, responseId?: string): ChatCompletionBody {
  const view = chatView(prepared, options, responseId);
  const message: ChatCompletionBody['choices'][0]['message'] = {
    role: 'assistant', content: view.text, refusal: view.refusal, annotations: [],
  };
  if (view.toolCalls.length > 0) message.tool_calls = view.toolCalls;
  return {
    id: view.id,
    object: 'chat.completion',
    created: view.created,
    model: view.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: view.toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
    usage: view.usage,
  };
}

/** The chunks of an already prepared reply. */
export function chatChunksFromPrepared(prepared: PreparedResponse, options: ChatCompletionOptions, responseId?: string): ChatCompletionChunk[] {
  const view = chatView(prepared, options, responseId);
  const includeUsage = options.includeUsage ?? true;
  const chunks: ChatCompletionChunk[] = [];
  const push = (delta: Record<string, unknown>, finishReason: 'stop' | 'tool_calls' | null = null): void => {
    const chunk: ChatCompletionChunk = {
      id: view.id, object: 'chat.completion.chunk', created: view.created, model: view.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (includeUsage) chunk.usage = null;
    chunks.push(chunk);
  };
  const header = (call: ChatToolCall, index: number) => ({
    index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' },
  });
  // A tool-call-only reply opens with the first call's header in the role chunk, as recorded.
  const callsInRoleChunk = view.text === null && view.refusal === null && view.toolCalls.length > 0;
  push({
    role: 'assistant',
    content: view.text === null ? null : '',
    ...(callsInRoleChunk ? { tool_calls: [header(view.toolCalls[0]!, 0)] } : {}),
    refusal: view.refusal === null ? null : '',
  });
  if (view.text !== null) for (const piece of splitText(view.text)) push({ content: piece });
  if (view.refusal !== null) for (const piece of splitText(view.refusal)) push({ refusal: piece });
  view.toolCalls.forEach((call, index) => {
    if (!(callsInRoleChunk && index === 0)) push({ tool_calls: [header(call, index)] });
    for (const piece of splitJson(call.function.arguments)) push({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  push({}, view.toolCalls.length > 0 ? 'tool_calls' : 'stop');
  if (includeUsage) {
    chunks.push({ id: view.id, object: 'chat.completion.chunk', created: view.created, model: view.model, choices: [], usage: view.usage });
  }
  return chunks;
}

function chatView(prepared: PreparedResponse, options: ChatCompletionOptions, responseId: string | undefined): ChatView {
  let text: string | null = null;
  let refusalText: string | null = null;
  const toolCalls: ChatToolCall[] = [];
  for (const item of prepared.output) {
    if (item.type === 'message') {
      for (const part of item.content) {
        if (part.type === 'output_text') text = (text ?? '') + part.text;
        else refusalText = (refusalText ?? '') + part.refusal;
      }
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
    }
  }
  const wire = prepared.usage;
  const usage: ChatUsage = {
    prompt_tokens: wire.input_tokens, completion_tokens: wire.output_tokens, total_tokens: wire.total_tokens,
  };
  if (wire.input_tokens_details) usage.prompt_tokens_details = { cached_tokens: wire.input_tokens_details.cached_tokens };
  if (wire.output_tokens_details) usage.completion_tokens_details = { reasoning_tokens: wire.output_tokens_details.reasoning_tokens };
  return {
    id: responseId ?? newId('chatcmpl-'),
    created: options.createdAt ?? Math.floor(Date.now() / 1000),
    model: options.model ?? 'scripted-model',
    text, refusal: refusalText, toolCalls, usage,
  };
}
