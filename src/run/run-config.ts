import type { Model, ModelProvider } from '../models/interface.js';
import type { ModelSettings } from '../models/model-settings.js';
import type { InputGuardrail, OutputGuardrail } from '../guardrails/types.js';
import type { HandoffHistoryMapper, HandoffInputFilter } from '../agent/handoff.js';
import type { AgentInputItem } from '../items/types.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { RunContextWrapper } from '../agent/run-context.js';
import { validateErrorHandlers, type RunErrorHandlers } from './error-handlers.js';
import { UserError } from '../errors/index.js';
import { checkGuardrails } from '../agent/validate-agent-config.js';

import type { Callback, MaybePromise } from '../utils/types.js';

/** What `callModelInputFilter` receives; it returns the `modelData` to send. */
export interface CallModelData<TContext = unknown> {
  modelData: ModelInputData;
  agent: AgentLike<TContext>;
  context: TContext;
}
/** What a model call is sent: the input items and the instructions (`callModelInputFilter` returns it). */
export interface ModelInputData {
  input: AgentInputItem[];
  instructions?: string;
}

/** Settings for a whole run. Every field is optional; unknown keys are a UserError. */
export interface RunConfig<TContext = unknown> {
  /** Overrides every agent's model. */
  model?: string | Model;
  /** Resolves model names; default MultiProvider. */
  modelProvider?: ModelProvider;
  /** Overlaid on each agent's settings (defined fields win). */
  modelSettings?: ModelSettings;
  maxTurns?: number | null;
  errorHandlers?: RunErrorHandlers<TContext>;
  handoffInputFilter?: HandoffInputFilter;
  nestHandoffHistory?: boolean;
  handoffHistoryMapper?: HandoffHistoryMapper;
  inputGuardrails?: InputGuardrail<TContext>[];
  outputGuardrails?: OutputGuardrail<TContext>[];
  tracingDisabled?: boolean;
  traceIncludeSensitiveData?: boolean;
  workflowName?: string;
  traceId?: string;
  groupId?: string;
  traceMetadata?: Record<string, unknown>;
  /** Combine session history and the new input (default: history then input). */
  sessionInputCallback?: (history: AgentInputItem[], newInput: AgentInputItem[]) => MaybePromise<AgentInputItem[]>;
  /** Edit what is sent to the model just before each call; must return `{ input, instructions }`. */
  callModelInputFilter?: Callback<[data: CallModelData<TContext>], MaybePromise<ModelInputData>>;
  /** A model calling a tool that does not exist: fail (default) or tell the model. */
  toolNotFoundBehavior?: 'raise_error' | 'return_error_to_model';
  /**
   * The text the model sees for a call to a missing tool (with `toolNotFoundBehavior:
   * 'return_error_to_model'`) or a call whose approval was rejected. A string return is sent;
   * `undefined`, a non-string or a throw sends `defaultMessage`. A tool that throws does not come
   * here: its text comes from its `failureErrorFunction`.
   */
  toolErrorFormatter?: ToolErrorFormatter<TContext>;
  /** How the run reads its session's history. */
  sessionSettings?: SessionSettings;
  /** How this run executes the function tools a model response calls. */
  toolExecution?: ToolExecutionConfig;
  /**
   * `'omit'` strips the `id` of reasoning items the run sends back to the model (later turns,
   * session history and writes, `toInputList()`, error handlers' `runData.history`), for
   * providers or stores that reject replayed reasoning ids. Default `'preserve'`.
   */
  reasoningItemIdPolicy?: ReasoningItemIdPolicy;
}

/** `RunConfig.toolExecution`. */
export interface ToolExecutionConfig {
  /**
   * At most this many function tools of one model response run at once; the others wait and
   * start in call order as slots free up. Outputs still go back in call order. Default (or
   * `null`): all start at once. It does not change the provider's `parallelToolCalls`.
   */
  maxFunctionToolConcurrency?: number | null;
}

/** `RunConfig.reasoningItemIdPolicy`. */
export type ReasoningItemIdPolicy = 'preserve' | 'omit';

/** What `RunConfig.toolErrorFormatter` receives. */
export interface ToolErrorFormatterArgs<TContext = unknown> {
  /** `'tool_not_found'`: the model called a tool the agent does not have; `'approval_rejected'`: a human rejected the call. */
  kind: 'tool_not_found' | 'approval_rejected';
  /** The kind of tool; agentrun runs function tools only. */
  toolType: 'function';
  toolName: string;
  callId: string;
  /** What is sent when the formatter gives no string: "Tool 'x' not found." or "Tool execution was not approved." */
  defaultMessage: string;
  runContext: RunContextWrapper<TContext>;
}

/** `RunConfig.toolErrorFormatter`. */
export type ToolErrorFormatter<TContext = unknown> = Callback<[args: ToolErrorFormatterArgs<TContext>], MaybePromise<string | undefined>>;

/** `RunConfig.sessionSettings`. */
export interface SessionSettings {
  /**
   * Read only the session's latest `limit` items as history (default or `null`: all). Tool
   * outputs whose calls fall outside the window are left out, as the model API rejects them.
   */
  limit?: number | null;
}

const RUN_CONFIG_KEYS = new Set<string>([
  'model', 'modelProvider', 'modelSettings', 'maxTurns', 'errorHandlers', 'handoffInputFilter',
  'nestHandoffHistory', 'handoffHistoryMapper', 'inputGuardrails', 'outputGuardrails', 'tracingDisabled',
  'traceIncludeSensitiveData', 'workflowName', 'traceId', 'groupId', 'traceMetadata', 'sessionInputCallback',
  'callModelInputFilter', 'toolNotFoundBehavior', 'toolErrorFormatter', 'sessionSettings',
  'toolExecution', 'reasoningItemIdPolicy',
]);

const FUNCTION_KEYS = ['handoffInputFilter', 'handoffHistoryMapper', 'sessionInputCallback', 'callModelInputFilter', 'toolErrorFormatter'] as const;
const BOOLEAN_KEYS = ['nestHandoffHistory', 'tracingDisabled', 'traceIncludeSensitiveData'] as const;

/** Check a RunConfig before the run starts: unknown keys (typos) and wrong types are UserErrors. */
export function validateRunConfig(config: unknown): asserts config is RunConfig {
  if (config === undefined) return;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UserError('runConfig must be an object');
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!RUN_CONFIG_KEYS.has(key)) {
      const hint = [...RUN_CONFIG_KEYS].find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ''));
      throw new UserError(`Unknown RunConfig key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  for (const key of FUNCTION_KEYS) {
    if (c[key] !== undefined && typeof c[key] !== 'function') throw new UserError(`RunConfig.${key} must be a function`);
  }
  for (const key of BOOLEAN_KEYS) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean') throw new UserError(`RunConfig.${key} must be a boolean`);
  }
  if (c.toolNotFoundBehavior !== undefined && c.toolNotFoundBehavior !== 'raise_error' && c.toolNotFoundBehavior !== 'return_error_to_model') {
    throw new UserError(`RunConfig.toolNotFoundBehavior must be 'raise_error' or 'return_error_to_model'`);
  }
  checkGroup(c.sessionSettings, 'sessionSettings', 'limit', 0);
  checkGroup(c.toolExecution, 'toolExecution', 'maxFunctionToolConcurrency', 1);
  if (c.reasoningItemIdPolicy !== undefined && c.reasoningItemIdPolicy !== 'preserve' && c.reasoningItemIdPolicy !== 'omit') {
    throw new UserError(`RunConfig.reasoningItemIdPolicy must be 'preserve' or 'omit'`);
  }
  if (c.maxTurns !== undefined) validateMaxTurns(c.maxTurns, 'RunConfig.maxTurns');
  validateErrorHandlers(c.errorHandlers, 'RunConfig.errorHandlers');
  for (const key of ['inputGuardrails', 'outputGuardrails'] as const) {
    if (c[key] !== undefined && !Array.isArray(c[key])) throw new UserError(`RunConfig.${key} must be an array`);
  }
  checkGuardrails(c.inputGuardrails, 'input', 'RunConfig.inputGuardrails');
  checkGuardrails(c.outputGuardrails, 'output', 'RunConfig.outputGuardrails');
  if (c.modelProvider !== undefined && typeof (c.modelProvider as ModelProvider).getModel !== 'function') {
    throw new UserError('RunConfig.modelProvider must have a getModel(name) method');
  }
  if (c.model !== undefined && typeof c.model !== 'string' && typeof (c.model as Model).getResponse !== 'function') {
    throw new UserError('RunConfig.model must be a model name or a Model');
  }
}

/** A settings group of one integer field (`sessionSettings`, `toolExecution`): an object, no unknown keys, an integer >= `min` or null. */
function checkGroup(value: unknown, group: string, field: string, min: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw new UserError(`RunConfig.${group} must be an object`);
  for (const key of Object.keys(value)) {
    if (key !== field) throw new UserError(`Unknown RunConfig.${group} key '${key}'; expected ${field}`);
  }
  const n = (value as Record<string, unknown>)[field];
  if (n === undefined || n === null) return;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
    throw new UserError(`RunConfig.${group}.${field} must be ${min === 1 ? 'a positive' : 'a non-negative'} integer or null`);
  }
}

/** `maxTurns`: a non-negative integer (0 allows no model call at all) or null (no limit). */
export function validateMaxTurns(value: unknown, where: string): void {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new UserError(`${where} must be a non-negative integer or null`);
}
