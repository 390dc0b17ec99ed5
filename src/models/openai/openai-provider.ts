import type { Model, ModelProvider } from '../interface.js';
import { OpenAIChatCompletionsModel } from './chat-completions-model.js';
import { getDefaultTransport } from './default-transport.js';
import { getDefaultOpenAIApi } from './defaults.js';
import { NodeHttpTransport } from './node-http-transport.js';
import { OpenAIClientTransport, type OpenAIClientLike } from './openai-client-transport.js';
import { OpenAIResponsesModel } from './responses-model.js';
import type { ModelTransport } from './transport.js';

/** The model used when an agent names none. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1';

/** Options of {@link OpenAIProvider}. */
export interface OpenAIProviderOptions {
  /** API key; default `setDefaultOpenAIKey(...)`, else `OPENAI_API_KEY` (read at request time). */
  apiKey?: string;
  /** Base URL; default `OPENAI_BASE_URL`, else `https://api.openai.com/v1` (read at request time). */
  baseURL?: string;
  /** `true`: Responses API, `false`: Chat Completions. Default: `setDefaultOpenAIApi(...)` ('responses'). */
  useResponses?: boolean;
  /** Send requests through this transport (wins over every other connection option). */
  transport?: ModelTransport;
  /** Send requests through this `openai` client. */
  openAIClient?: OpenAIClientLike;
}

/**
 * Provides OpenAI models by name: {@link OpenAIResponsesModel} or, with `useResponses: false`,
 * {@link OpenAIChatCompletionsModel}. Models are cached per API and name. Without `transport`,
 * `openAIClient`, `apiKey` or `baseURL`, requests honour `setDefaultOpenAIClient` at request time.
 */
export class OpenAIProvider implements ModelProvider {
  readonly #useResponses: boolean | undefined;
  readonly #transport: ModelTransport;
  readonly #models = new Map<string, Model>();

  constructor(options: OpenAIProviderOptions = {}) {
    this.#useResponses = options.useResponses;
    this.#transport = options.transport
      ?? (options.openAIClient !== undefined ? new OpenAIClientTransport(options.openAIClient) : undefined)
      ?? (options.apiKey !== undefined || options.baseURL !== undefined
        ? new NodeHttpTransport(connectionOptions(options))
        : getDefaultTransport());
  }

  /** The model `name` (default `gpt-4.1`), created on first use and cached. */
  getModel(name?: string): Model {
    const model = name === undefined || name.length === 0 ? DEFAULT_OPENAI_MODEL : name;
    const responses = this.#useResponses ?? getDefaultOpenAIApi() === 'responses';
    const key = responses ? `r:${model}` : `c:${model}`;
    let instance = this.#models.get(key);
    if (instance === undefined) {
      instance = responses
        ? new OpenAIResponsesModel({ model, transport: this.#transport })
        : new OpenAIChatCompletionsModel({ model, transport: this.#transport });
      this.#models.set(key, instance);
    }
    return instance;
  }
}

function connectionOptions(options: OpenAIProviderOptions): { apiKey?: string; baseURL?: string } {
  const out: { apiKey?: string; baseURL?: string } = {};
  if (options.apiKey !== undefined) out.apiKey = options.apiKey;
  if (options.baseURL !== undefined) out.baseURL = options.baseURL;
  return out;
}
