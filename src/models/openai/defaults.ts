import { setTracingExportApiKey } from '../../tracing/openai-exporter.js';
import { UserError } from '../../errors/index.js';
import type { OpenAIClientLike } from './openai-client-transport.js';

/** Which OpenAI API the default provider's models use. */
export type OpenAIApi = 'responses' | 'chat_completions';

// Process-wide defaults, read at request time so they may be set after models were created.
let defaultKey: string | undefined;
let defaultClient: OpenAIClientLike | undefined;
let defaultApi: OpenAIApi = 'responses';

/**
 * Set the API key used by default transports when no `apiKey` option was given. Takes precedence
 * over the `OPENAI_API_KEY` environment variable.
 */
export function setDefaultOpenAIKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new UserError('setDefaultOpenAIKey: the key must be a non-empty string');
  defaultKey = key;
  // The same key authenticates trace export, as in the other SDKs.
  setTracingExportApiKey(key);
}

/**
 * Send every request of models without their own transport through this `openai` client
 * (`new OpenAI({...})`, or any object with a compatible `post` or `responses.create` /
 * `chat.completions.create`). Its own base URL, key, retries and timeouts then apply.
 */
export function setDefaultOpenAIClient(client: OpenAIClientLike): void {
  if (client === null || typeof client !== 'object') throw new UserError('setDefaultOpenAIClient: expected an OpenAI client object');
  defaultClient = client;
}

/** Choose the API that models from the default provider use (default `'responses'`). */
export function setDefaultOpenAIApi(api: OpenAIApi): void {
  if (api !== 'responses' && api !== 'chat_completions') {
    throw new UserError(`setDefaultOpenAIApi: expected 'responses' or 'chat_completions', got ${JSON.stringify(api)}`);
  }
  defaultApi = api;
}

/** @internal The key set by {@link setDefaultOpenAIKey}, if any. */
export function getDefaultOpenAIKey(): string | undefined {
  return defaultKey;
}

/** @internal The client set by {@link setDefaultOpenAIClient}, if any. */
export function getDefaultOpenAIClient(): OpenAIClientLike | undefined {
  return defaultClient;
}

/** @internal The API set by {@link setDefaultOpenAIApi}. */
export function getDefaultOpenAIApi(): OpenAIApi {
  return defaultApi;
}

/** @internal Restore the initial defaults (tests). */
export function resetOpenAIDefaults(): void {
  defaultKey = undefined;
  defaultClient = undefined;
  defaultApi = 'responses';
}
