import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { AgentInputItem, AgentOutputItem } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import type { ModelResponse } from '../models/interface.js';

import type { Callback, MaybePromise } from '../utils/types.js';
import { UserError } from '../errors/index.js';

/** What an error handler returns to end the run with a final output instead of the error. */
export class RunErrorHandlerResult {
  readonly finalOutput: unknown;
  /** Add the final output to the history as an assistant message (default true). */
  readonly includeInHistory: boolean;
  constructor(options: { finalOutput: unknown; includeInHistory?: boolean }) {
    this.finalOutput = options.finalOutput;
    this.includeInHistory = options.includeInHistory ?? true;
  }
}

/** What an error handler receives: the error, the run context, and the run so far. */
export interface RunErrorHandlerInput<TContext = unknown> {
  error: Error;
  context: RunContextWrapper<TContext>;
  runData: {
    input: string | AgentInputItem[];
    newItems: RunItem[];
    /** input + newItems as model input items. */
    history: AgentInputItem[];
    /** The last model response's output (empty for max turns). */
    output: AgentOutputItem[];
    rawResponses: ModelResponse[];
    lastAgent: AgentLike<TContext>;
  };
}

/**
 * Returns a RunErrorHandlerResult, or a bare value (the final output), or undefined to re-raise.
 * The final output it gives passes output guardrails and hooks like any other.
 */
export type RunErrorHandler<TContext = unknown> = Callback<[input: RunErrorHandlerInput<TContext>], MaybePromise<unknown>>;

/** Error handlers by kind (`errorHandlers` in run options or RunConfig); an unknown kind is a UserError. */
export interface RunErrorHandlers<TContext = unknown> {
  maxTurns?: RunErrorHandler<TContext>;
  modelRefusal?: RunErrorHandler<TContext>;
  invalidFinalOutput?: RunErrorHandler<TContext>;
}

/** Normalise a handler's return value: undefined means "re-raise". */
export function toHandlerResult(value: unknown): RunErrorHandlerResult | undefined {
  if (value === undefined) return undefined;
  if (value instanceof RunErrorHandlerResult) return value;
  return new RunErrorHandlerResult({ finalOutput: value });
}

const HANDLER_KINDS = ['maxTurns', 'modelRefusal', 'invalidFinalOutput'] as const;

/** A typo in a handler's name would silently disable it: unknown kinds and non-functions are UserErrors. */
export function validateErrorHandlers(value: unknown, where: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(`${where} must be an object`);
  for (const [key, handler] of Object.entries(value)) {
    if (!(HANDLER_KINDS as readonly string[]).includes(key)) {
      const hint = HANDLER_KINDS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ''));
      throw new UserError(`Unknown ${where} key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected ${HANDLER_KINDS.join(', ')}`);
    }
    if (handler !== undefined && typeof handler !== 'function') throw new UserError(`${where}.${key} must be a function`);
  }
}
