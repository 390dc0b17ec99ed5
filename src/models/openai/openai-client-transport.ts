import { ModelConnectionError, ModelHttpError, ModelTimeoutError, UserError } from '../../errors/index.js';
import { registerSecret } from '../../errors/redact.js';
import { abortError } from './abort-error.js';
import { iterateSse, SSE_DONE, type SseMessage } from './sse.js';
import type { ModelTransport, TransportRequest } from './transport.js';

/** Per-request options an `openai` client method accepts (the subset agentrun passes). */
export interface OpenAIClientRequestOptions {
  body?: unknown;
  stream?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** What `client.post(...)` returns: a promise that can also hand over the raw `Response`. */
export interface OpenAIClientPromise extends PromiseLike<unknown> {
  asResponse?(): Promise<{ body: ReadableStream<Uint8Array> | null }>;
}

/**
 * A create method (`responses.create`, `chat.completions.create`), called as
 * `create(body, { signal, headers })`. Its parameters are typed `never` so that the `openai`
 * package's overloaded, strictly typed methods are accepted as they are.
 */
export interface OpenAICreateMethod {
  create(body: never, options?: never): PromiseLike<unknown>;
}

type CreateCall = (body: Record<string, unknown>, options?: OpenAIClientRequestOptions) => PromiseLike<unknown>;

/**
 * The parts of an `openai` client (`new OpenAI()`, `new AzureOpenAI()`) agentrun uses: `post`
 * when present (raw SSE bytes go through agentrun's own parser), else the `responses.create` /
 * `chat.completions.create` methods. Any object of this shape works.
 */
export interface OpenAIClientLike {
  post?(path: string, options?: OpenAIClientRequestOptions): OpenAIClientPromise;
  responses?: OpenAICreateMethod;
  chat?: { completions: OpenAICreateMethod };
}

/**
 * A {@link ModelTransport} over a user-supplied `openai` client: its base URL, key, retries,
 * timeouts and fetch apply. Client HTTP errors become `ModelHttpError`, aborts an `AbortError`.
 */
export class OpenAIClientTransport implements ModelTransport {
  readonly #client: OpenAIClientLike;

  constructor(client: OpenAIClientLike) {
    if (client === null || typeof client !== 'object') throw new UserError('OpenAIClientTransport: expected an OpenAI client object');
    this.#client = client;
    // The official client keeps its key as `apiKey`: redacted from any error text.
    const key = (client as { apiKey?: unknown }).apiKey;
    if (typeof key === 'string') registerSecret(key);
  }

  async postJson(request: TransportRequest): Promise<unknown> {
    const options = clientOptions(request, false);
    try {
      const client = this.#client;
      if (typeof client.post === 'function') return await client.post(request.path, options);
      return await this.#create(request.path)(request.body, options);
    } catch (error) {
      throw mapClientError(error, request);
    }
  }

  async *postStream(request: TransportRequest): AsyncGenerator<SseMessage, void, undefined> {
    const options = clientOptions(request, true);
    const client = this.#client;
    try {
      if (typeof client.post === 'function') {
        const pending = client.post(request.path, options);
        if (typeof pending.asResponse === 'function') {
          const response = await pending.asResponse();
          if (response.body === null) return;
          yield* iterateSse(readStream(response.body));
          return;
        }
        yield* objectsAsMessages(await pending);
        return;
      }
      yield* objectsAsMessages(await this.#create(request.path)(request.body, options));
    } catch (error) {
      throw mapClientError(error, request);
    }
  }

  #create(path: string): CreateCall {
    const method = path === '/responses' ? this.#client.responses : path === '/chat/completions' ? this.#client.chat?.completions : undefined;
    if (method === undefined || typeof method.create !== 'function') {
      throw new UserError(`The OpenAI client has neither post() nor a create method for ${path}`);
    }
    return (method.create as unknown as CreateCall).bind(method);
  }
}

function clientOptions(request: TransportRequest, stream: boolean): OpenAIClientRequestOptions {
  const options: OpenAIClientRequestOptions = { body: request.body, stream };
  if (request.signal !== undefined) options.signal = request.signal;
  if (request.headers !== undefined) options.headers = request.headers;
  return options;
}

async function* readStream(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early: cancel so the client's connection is released.
    reader.cancel().catch(() => undefined);
  }
}

/**
 * A client stream of parsed events (from `create(..., {stream: true})`) as SSE messages. Only for
 * clients without `post`; the client already dropped `[DONE]`, so it is added back at the end.
 */
async function* objectsAsMessages(stream: unknown): AsyncGenerator<SseMessage, void, undefined> {
  if (stream === null || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) {
    throw new UserError('The OpenAI client did not return a stream for a streaming request');
  }
  for await (const event of stream as AsyncIterable<unknown>) {
    const type = (event as { type?: unknown } | null)?.type;
    yield { event: typeof type === 'string' ? type : undefined, data: JSON.stringify(event) };
  }
  yield { event: undefined, data: SSE_DONE };
}

/**
 * Map the client's errors to agentrun's: an `APIError` with a numeric `status` is a
 * ModelHttpError, its connection errors (`APIConnectionError`, `APIConnectionTimeoutError`) a
 * ModelConnectionError / ModelTimeoutError, aborts an AbortError. The client's error is not kept
 * as `cause`: its message and request may carry the key.
 */
function mapClientError(error: unknown, request: TransportRequest): unknown {
  if (request.signal?.aborted) return abortError(request.signal);
  if (!(error instanceof Error)) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') {
    const body = (error as { error?: unknown }).error;
    const text = body === undefined ? error.message : JSON.stringify(body);
    const headers = (error as { headers?: unknown }).headers;
    return new ModelHttpError(status, text, request.path, headersRecord(headers));
  }
  if (error.name === 'APIConnectionTimeoutError') return new ModelTimeoutError(`Model request to ${request.path} timed out (openai client): ${error.message}`, 0);
  if (error.name === 'APIConnectionError') {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return new ModelConnectionError(`Model request to ${request.path} failed (openai client): ${error.message}`, { code: typeof code === 'string' ? code : 'ERR_CONNECTION' });
  }
  return error;
}

/** The client's response headers (a `Headers` or a record) as a record. */
function headersRecord(headers: unknown): Record<string, string> | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    const out: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  return headers as Record<string, string>;
}
