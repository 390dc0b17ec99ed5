import { ModelBehaviorError } from '../../errors/index.js';
import type { AgentOutputItem } from '../../items/types.js';
import { usageFromWire } from '../../items/usage.js';
import type { Model, ModelRequest, ModelResponse, ResponseEventHandler, ResponseStreamEvent, WireUsage } from '../interface.js';
import { getDefaultTransport } from './default-transport.js';
import { errorMessageOf, parseEventJson } from './event-json.js';
import { OpenAIClientTransport, type OpenAIClientLike } from './openai-client-transport.js';
import { buildResponsesBody } from './responses-body.js';
import { SSE_DONE, type SseMessage } from './sse.js';
import { streamMessages, transportRequestFor, type ModelTransport } from './transport.js';

/** Options of the OpenAI models. */
export interface OpenAIModelOptions {
  /** Model name sent as `model`, e.g. `'gpt-4.1'`. */
  model: string;
  /** How requests are sent. Default: `client` if given, else the default transport. */
  transport?: ModelTransport;
  /** An `openai` client to send requests through (ignored when `transport` is given). */
  client?: OpenAIClientLike;
}

/** @internal Resolve the transport of {@link OpenAIModelOptions}. */
export function transportOf(options: OpenAIModelOptions): ModelTransport {
  if (options.transport !== undefined) return options.transport;
  if (options.client !== undefined) return new OpenAIClientTransport(options.client);
  return getDefaultTransport();
}

const API = 'Responses API';

/**
 * A {@link Model} on the OpenAI Responses API (`POST /responses`). Output items are returned as
 * the API sends them; streams yield the API's events unchanged and end with `response.completed`.
 */
export class OpenAIResponsesModel implements Model {
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
      body = buildResponsesBody({ model: this.model, request, stream: false });
    } catch (error) {
      return Promise.reject(error);
    }
    // `then`, not async/await: one promise less on every model call.
    return this.#transport.postJson(transportRequestFor(request, '/responses', body)).then(toModelResponse);
  }

  async *streamResponse(request: ModelRequest): AsyncGenerator<ResponseStreamEvent, void, undefined> {
    const body = buildResponsesBody({ model: this.model, request, stream: true });
    const decoder = new ResponsesStreamDecoder();
    for await (const message of this.#transport.postStream(transportRequestFor(request, '/responses', body))) {
      const event = decoder.decode(message);
      if (event !== undefined) yield event;
    }
    decoder.finish();
  }

  /** The same stream as {@link streamResponse}, pushed to `onEvent` (see `Model.streamResponseTo`); the run uses it for streamed runs. */
  streamResponseTo(request: ModelRequest, onEvent: ResponseEventHandler): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = buildResponsesBody({ model: this.model, request, stream: true });
    } catch (error) {
      return Promise.reject(error);
    }
    const decoder = new ResponsesStreamDecoder();
    return streamMessages(this.#transport, transportRequestFor(request, '/responses', body), (message) => {
      const event = decoder.decode(message);
      return event === undefined ? undefined : onEvent(event);
    }).then(() => decoder.finish());
  }
}

/** Turns a Responses stream's messages into events, failing on failed / incomplete / error events. */
class ResponsesStreamDecoder {
  #completed = false;

  /** The event of `message`, or undefined for what is not passed on (`[DONE]`, anything after completion). */
  decode(message: SseMessage): ResponseStreamEvent | undefined {
    if (message.data === SSE_DONE || this.#completed) return undefined;
    const event = parseEventJson(message, API);
    if (typeof event.type !== 'string') {
      if (message.event === undefined) throw new ModelBehaviorError(`${API} stream event has no type: ${message.data.slice(0, 200)}`);
      event.type = message.event;
    }
    const type = event.type as string;
    if (type === 'response.completed') {
      assertOutput(event.response);
      this.#completed = true;
    } else if (type === 'response.failed') {
      throw new ModelBehaviorError(`${API} response failed: ${errorMessageOf((event.response as { error?: unknown } | undefined)?.error, 'no error details')}`);
    } else if (type === 'response.incomplete') {
      const reason = (event.response as { incomplete_details?: { reason?: unknown } } | undefined)?.incomplete_details?.reason;
      throw new ModelBehaviorError(`${API} response incomplete: ${typeof reason === 'string' ? reason : 'unknown reason'}`);
    } else if (type === 'error') {
      throw new ModelBehaviorError(`${API} stream error: ${errorMessageOf(event, 'no error details')}`);
    }
    return event as ResponseStreamEvent;
  }

  /** The stream ended: it must have completed. */
  finish(): void {
    if (!this.#completed) throw new ModelBehaviorError(`${API} stream ended before response.completed`);
  }
}

function assertOutput(response: unknown): asserts response is { output: AgentOutputItem[] } {
  if (response === null || typeof response !== 'object' || !Array.isArray((response as { output?: unknown }).output)) {
    throw new ModelBehaviorError(`${API} response has no output array`);
  }
}

function toModelResponse(response: unknown): ModelResponse {
  assertOutput(response);
  const { id, status, error, usage } = response as { id?: unknown; status?: unknown; error?: unknown; usage?: WireUsage | null };
  if (status === 'failed' || (error !== null && error !== undefined)) {
    throw new ModelBehaviorError(`${API} response failed: ${errorMessageOf(error, 'no error details')}`);
  }
  const result: ModelResponse = { output: response.output, usage: usageFromWire(usage) };
  if (typeof id === 'string') result.responseId = id;
  return result;
}
