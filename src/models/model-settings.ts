import type { ModelRetrySettings } from './retry-policies.js';

/** Tool choice: let the model decide, force any tool, forbid tools, or force one tool by name. */
export type ToolChoice = 'auto' | 'required' | 'none' | (string & {});

/**
 * Sampling and request settings, sent as the Responses / Chat Completions fields of the same
 * meaning. `RunConfig.modelSettings` overlays each agent's: its defined fields win.
 */
export interface ModelSettings {
  temperature?: number;
  topP?: number;
  /** -2 to 2: penalise tokens by how often they already appeared. */
  frequencyPenalty?: number;
  /** -2 to 2: penalise tokens that already appeared at all. */
  presencePenalty?: number;
  /** How verbose the answer is (GPT-5 models): `text.verbosity` (Responses) or `verbosity` (Chat Completions). */
  verbosity?: 'low' | 'medium' | 'high';
  /** Log probabilities of this many top tokens per output token (Responses: adds `message.output_text.logprobs` to `include`). */
  topLogprobs?: number;
  /** Extra output data to include (Responses `include`, e.g. `'reasoning.encrypted_content'`). */
  responseInclude?: string[];
  /** How long the prompt cache keeps this request's prefix: `'in_memory'` or `'24h'`. */
  promptCacheRetention?: 'in_memory' | '24h';
  maxTokens?: number;
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  truncation?: 'auto' | 'disabled';
  reasoning?: { effort?: 'minimal' | 'low' | 'medium' | 'high' | null; summary?: 'auto' | 'concise' | 'detailed' | null };
  metadata?: Record<string, string>;
  store?: boolean;
  /** Extra fields merged into the request body as-is (for OpenAI-compatible servers' own options). */
  extraBody?: Record<string, unknown>;
  /** How the built-in transport retries failed calls (see `retryPolicies`); never sent to the API. A user's `openai` client keeps its own retries. */
  retry?: ModelRetrySettings;
  /**
   * Per-attempt time limit in ms (→ `ModelTimeoutError`): a blocking attempt as a whole; a streamed
   * one until its first event, then between events. Never sent to the API. Default: none.
   */
  timeoutMs?: number;
}

const PYTHON_PARITY_KEYS: ReadonlyArray<keyof ModelSettings> = [
  'frequencyPenalty', 'presencePenalty', 'verbosity', 'topLogprobs', 'responseInclude', 'promptCacheRetention',
];

const SETTING_KEYS: ReadonlyArray<keyof ModelSettings> = [...PYTHON_PARITY_KEYS,
  'temperature', 'topP', 'maxTokens', 'toolChoice', 'parallelToolCalls', 'truncation',
  'reasoning', 'metadata', 'store', 'extraBody', 'retry', 'timeoutMs',
];

/** Overlay `override` on `base`: every field of `override` that is not undefined wins. */
export function resolveModelSettings(base: ModelSettings | undefined, override: ModelSettings | undefined): ModelSettings {
  if (!override) return base ?? {};
  if (!base) return override;
  const out: ModelSettings = Object.assign({}, base);
  for (const key of SETTING_KEYS) {
    const value = override[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
