import { setTracingExportApiKey } from '../../tracing/openai-exporter.js';
import { UserError } from '../../errors/index.js';
import type { OpenAIClientLike } from './openai-client-transport.js';
import { processDefaults } from '../../config/process-defaults.js';

/** Which OpenAI API the default provider's models use. */
export type OpenAIApi = 'responses' | 'chat_completions';

// Process-wide defaults (config/process-defaults.ts), read at request time so they may be set after models were created.
const defaults = processDefaults.openai;

/**
 * Set the API key used by default transports when no `apiKey` option was given. Takes precedence
 * over the `OPENAI_API_KEY` environment variable.
 */
export function setDefaultOpenAIKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new UserError('setDefaultOpenAIKey: the key must be a non-empty string');
  defaults.key = key;
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
  defaults.client = client;
}

/** Choose the API that models from the default provider use (default `'responses'`). */
export function setDefaultOpenAIApi(api: OpenAIApi): void {
  if (api !== 'responses' && api !== 'chat_completions') {
    throw new UserError(`setDefaultOpenAIApi: expected 'responses' or 'chat_completions', got ${JSON.stringify(api)}`);
  }
  defaults.api = api;
}

/** @internal The key set by {@link setDefaultOpenAIKey}, if any. */
export function getDefaultOpenAIKey(): string | undefined {
  return defaults.key;
}

/** @internal The client set by {@link setDefaultOpenAIClient}, if any. */
export function getDefaultOpenAIClient(): OpenAIClientLike | undefined {
  return defaults.client;
}

/** @internal The API set by {@link setDefaultOpenAIApi}. */
export function getDefaultOpenAIApi(): OpenAIApi {
  return defaults.api;
}

/** @internal Restore the initial defaults (tests). */
export function resetOpenAIDefaults(): void {
  defaults.key = undefined;
  defaults.client = undefined;
  defaults.api = 'responses';
}
