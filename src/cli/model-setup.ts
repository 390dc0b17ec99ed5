import type { Agent } from '../agent/agent.js';
import { OpenAIProvider } from '../models/openai/openai-provider.js';
import type { RunConfig } from '../run/run-config.js';
import { echoResponder } from '../testing/echo-responder.js';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-server.js';
import { CliUsageError } from './cli-errors.js';

/** The model part of a CLI run: a RunConfig overlay and what to close afterwards. */
export interface ModelSetup {
  runConfig: RunConfig;
  close(): Promise<void>;
}

/** The message for "no API key": how to set one, and how to try the agent offline instead. */
export const NO_API_KEY_MESSAGE =
  'No OpenAI API key: set OPENAI_API_KEY (with OPENAI_BASE_URL for another OpenAI-compatible server, e.g. Ollama or vLLM), ' +
  "or add --offline to try the agent on agentrun's scripted model, which runs offline: it calls the agent's first tool once, " +
  "then answers 'echo: <your input>'.";

/**
 * Chooses the model: `--offline` starts agentrun's scripted OpenAI-compatible server in this
 * process (the echo responder); otherwise names resolve through the default OpenAI provider,
 * which needs a key unless the agent carries its own `Model` object (e.g. `aisdk(...)`).
 */
export async function setUpModel(agent: Agent<unknown, unknown>, options: { model?: string; offline: boolean }): Promise<ModelSetup> {
  const runConfig: RunConfig = {};
  if (options.model !== undefined) runConfig.model = options.model;
  if (!options.offline) {
    const usesNamedModel = options.model !== undefined || agent.model === undefined || typeof agent.model === 'string';
    if (usesNamedModel && !process.env.OPENAI_API_KEY) throw new CliUsageError(NO_API_KEY_MESSAGE);
    return { runConfig, close: async () => {} };
  }
  const server: ScriptedServer = await startScriptedServer({ fallback: echoResponder(), recordRequests: false });
  runConfig.modelProvider = new OpenAIProvider({ apiKey: 'agentrun-offline', baseURL: server.url });
  // An agent's own Model object would bypass the provider; offline means every agent uses the scripted model.
  runConfig.model ??= 'scripted';
  return { runConfig, close: () => server.close() };
}
