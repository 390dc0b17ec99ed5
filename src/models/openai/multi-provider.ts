import { UserError } from '../../errors/index.js';
import type { Model, ModelProvider } from '../interface.js';
import { OpenAIProvider, type OpenAIProviderOptions } from './openai-provider.js';

/** Options of {@link MultiProvider}. */
export interface MultiProviderOptions {
  /** Providers for other prefixes: `{ litellm: myProvider }` serves `'litellm/some-model'`. */
  providerMap?: Record<string, ModelProvider>;
  /** Options of the OpenAI provider behind bare names and the `openai/` prefix. */
  openai?: OpenAIProviderOptions;
}

/**
 * The default model provider. `'openai/<model>'` and bare names (`'gpt-4.1'`) go to OpenAI; a
 * prefix listed in `providerMap` goes to that provider; any other prefix is a `UserError` (so a
 * model name that itself contains `/` must be written `'openai/org/model'`). No name means
 * `'gpt-4.1'` (`DEFAULT_OPENAI_MODEL`).
 */
export class MultiProvider implements ModelProvider {
  readonly #openai: OpenAIProvider;
  readonly #providers: Map<string, ModelProvider>;

  constructor(options: MultiProviderOptions = {}) {
    this.#openai = new OpenAIProvider(options.openai);
    this.#providers = new Map(Object.entries(options.providerMap ?? {}));
  }

  getModel(name?: string): Model | Promise<Model> {
    if (name === undefined) return this.#openai.getModel();
    const slash = name.indexOf('/');
    if (slash === -1) return this.#openai.getModel(name);
    const prefix = name.slice(0, slash);
    const rest = name.slice(slash + 1);
    const provider = this.#providers.get(prefix);
    if (provider !== undefined) return provider.getModel(rest);
    if (prefix === 'openai') return this.#openai.getModel(rest);
    throw new UserError(`Unknown model provider prefix '${prefix}' in model name '${name}' (known: openai${[...this.#providers.keys()].map((p) => `, ${p}`).join('')})`);
  }
}
