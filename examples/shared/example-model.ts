/**
 * The model behind every example: OpenAI when OPENAI_API_KEY is set (model EXAMPLE_MODEL, default
 * gpt-4.1-mini; OPENAI_BASE_URL for another OpenAI-compatible server), otherwise agentrun's
 * scripted OpenAI-compatible server on 127.0.0.1, answering with the example's own offline script.
 */
import { OpenAIProvider, type RunConfig } from '../../src/index.js';
import { startScriptedServer, type ScriptedServerResponder } from '../../src/testing/index.js';

export interface ExampleModel {
  /** Pass as `runConfig` (or spread into yours). */
  runConfig: RunConfig;
  /** True against OpenAI, false on the offline script. */
  live: boolean;
  close(): Promise<void>;
}

export async function exampleModel(offlineScript: ScriptedServerResponder, options: { eventDelayMs?: number } = {}): Promise<ExampleModel> {
  if (process.env.OPENAI_API_KEY) {
    process.stderr.write(`[live] OpenAI at ${process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}\n`);
    return { runConfig: { model: process.env.EXAMPLE_MODEL ?? 'gpt-4.1-mini' }, live: true, close: async () => {} };
  }
  const server = await startScriptedServer({ fallback: offlineScript, eventDelayMs: options.eventDelayMs ?? 0 });
  process.stderr.write(`[offline] OPENAI_API_KEY is not set: a scripted model answers (set the key to use OpenAI)\n`);
  return {
    runConfig: { modelProvider: new OpenAIProvider({ apiKey: 'offline-example', baseURL: server.url }) },
    live: false,
    close: () => server.close(),
  };
}
