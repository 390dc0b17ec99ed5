import { ModelBehaviorError } from '../../errors/index.js';
import type { Model, ModelRequest, ModelResponse, ResponseStreamEvent } from '../interface.js';
import { buildChatBody } from './chat-convert.js';
import { chatCompletionToResponse } from './chat-output.js';
import { ChatStreamConverter } from './chat-stream.js';
import type { ChatCompletionChunk } from './chat-wire-types.js';
import { errorMessageOf, parseEventJson } from './event-json.js';
import { transportOf, type OpenAIModelOptions } from './responses-model.js';
import { SSE_DONE } from './sse.js';
import { transportRequestFor, type ModelTransport } from './transport.js';

const API = 'Chat Completions';

/**
 * A {@link Model} on the Chat Completions API (`POST /chat/completions`), for OpenAI and any
 * compatible server (vLLM, Ollama, LM Studio...). Input items are converted to chat messages;
 * answers come back as Responses-style items, and streams as Responses-style events ending with
 * `response.completed`. `responseId` is never set: Chat Completions has no server-side chaining.
 */
export class OpenAIChatCompletionsModel implements Model {
  /** It serializes `request.input` into the request body at once: the run need not copy it. */
  readonly readsInputOnlyDuringCall = true;
  /** It never reads the trace context: the run need not make its span current during a call. */
  readonly readsTraceContext = false;
  readonly model: string;
  readonly #transport: ModelTransport;

  constructor(options: OpenAIModelOptions) {
    this.model = options.model;
    this.#transport = transportOf(options);
  }

  getResponse(request: ModelRequest): Promise<ModelResponse> {
    let body: Record<string, unknown>;
    try {
      body = buildChatBody({ model: this.model, request, stream: false });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#transport.postJson(transportRequestFor(request, '/chat/completions', body)).then(chatCompletionToResponse);
  }

  async *streamResponse(request: ModelRequest): AsyncGenerator<ResponseStreamEvent, void, undefined> {
    const body = buildChatBody({ model: this.model, request, stream: true });
    const converter = new ChatStreamConverter();
    let sawDone = false;
    for await (const message of this.#transport.postStream(transportRequestFor(request, '/chat/completions', body))) {
      if (sawDone) continue; // drain: lets the keep-alive connection be reused
      if (message.data === SSE_DONE) {
        sawDone = true;
        continue;
      }
      const chunk = parseEventJson(message, API) as ChatCompletionChunk;
      if (chunk.error !== undefined && chunk.error !== null) {
        throw new ModelBehaviorError(`${API} stream error: ${errorMessageOf(chunk.error, 'no error details')}`);
      }
      const events = converter.push(chunk);
      for (let i = 0; i < events.length; i++) yield events[i]!;
    }
    // A cut connection can end the body cleanly; without [DONE] or a finish_reason the answer is partial.
    if (!converter.started || (!sawDone && !converter.finished)) {
      throw new ModelBehaviorError(`${API} stream ended before the completion finished`);
    }
    const events = converter.finish();
    for (let i = 0; i < events.length; i++) yield events[i]!;
  }
}
