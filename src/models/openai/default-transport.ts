import { getDefaultOpenAIClient } from './defaults.js';
import { processDefaults } from '../../config/process-defaults.js';
import { NodeHttpTransport } from './node-http-transport.js';
import { OpenAIClientTransport, type OpenAIClientLike } from './openai-client-transport.js';
import type { SseMessage } from './sse.js';
import type { SseHandler } from './sse-push.js';
import { streamMessages, type ModelTransport, type TransportRequest } from './transport.js';

/**
 * The transport of models created without one: per request, the client given to
 * `setDefaultOpenAIClient` if any (so it may be set after models were created), otherwise
 * `fallback` (a {@link NodeHttpTransport} reading key and base URL from defaults / env).
 */
export class DefaultTransport implements ModelTransport {
  readonly #fallback: ModelTransport;
  #client: OpenAIClientLike | undefined;
  #clientTransport: OpenAIClientTransport | undefined;

  constructor(fallback: ModelTransport = new NodeHttpTransport()) {
    this.#fallback = fallback;
  }

  postJson(request: TransportRequest): Promise<unknown> {
    return this.#current().postJson(request);
  }

  postStream(request: TransportRequest): AsyncIterable<SseMessage> {
    return this.#current().postStream(request);
  }

  /** Pushed by the current transport if it can, else its `postStream` iterated (see `ModelTransport.postStreamTo`). */
  postStreamTo(request: TransportRequest, onMessage: SseHandler): Promise<void> {
    return streamMessages(this.#current(), request, onMessage);
  }

  #current(): ModelTransport {
    const client = getDefaultOpenAIClient();
    if (client === undefined) return this.#fallback;
    if (client !== this.#client) {
      this.#client = client;
      this.#clientTransport = new OpenAIClientTransport(client);
    }
    return this.#clientTransport!;
  }
}


/** @internal The process-wide transport of models built without transport or client. */
export function getDefaultTransport(): DefaultTransport {
  return (processDefaults.transport ??= new DefaultTransport());
}
