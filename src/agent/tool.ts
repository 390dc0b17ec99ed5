import type { z } from 'zod';
import type { AgentLike } from './agent-like.js';
import type { Agent } from './agent.js';
import type { RunResult } from '../run/run-result.js';
import type { RunContextWrapper } from './run-context.js';
import type { Usage } from '../items/types.js';
import type { SerializedFunctionTool } from '../models/interface.js';
import type { ToolInputGuardrail, ToolOutputGuardrail } from '../guardrails/types.js';
import { UserError } from '../errors/index.js';
import { buildParametersSchema, isZodSchema, parseJsonWith, type JsonObjectSchema } from './schema.js';
import { validateToolOptions } from './validate-tool-options.js';

import type { Callback, MaybePromise } from '../utils/types.js';

/** What a tool's `execute` receives besides its arguments. */
export interface ToolContext<TContext = unknown> {
  /** The run's context object. */
  context: TContext;
  /** Usage summed over the run so far. */
  usage: Usage;
  toolName: string;
  toolCallId: string;
  /** The raw JSON argument text the model sent. */
  toolArguments: string;
  agent: AgentLike<TContext>;
  /** Aborted when the run is aborted or cancelled, or when the tool times out. */
  signal: AbortSignal;
  /**
   * Runs `agent` as a nested run of this tool call, as `agent.asTool()` does: with this run's
   * model provider and tracing settings, this call's context and signal, on the default runner
   * (the calling runner's own defaults do not apply). Given by the runner on every tool call;
   * absent when a tool's `execute` is called by hand.
   */
  runAgent?(agent: Agent<unknown, unknown>, input: string): Promise<RunResult<unknown, unknown>>;
}

/** Arguments type for a parameters definition: zod infers it, a JSON schema gives a plain record. */
export type ToolArgs<P> = P extends z.ZodType ? z.output<P> : Record<string, unknown>;

/** Options of `tool()`: a function tool definition. */
export interface ToolOptions<P extends z.ZodType | JsonObjectSchema, TContext, TResult> {
  name: string;
  description: string;
  /** A zod object or a JSON schema with `type: 'object'`. */
  parameters: P;
  /** Send the schema in strict mode (default true). */
  strict?: boolean;
  /** Runs the tool with the validated arguments; the result (sync or async) is sent to the model. */
  execute(args: ToolArgs<P>, ctx: ToolContext<TContext>): MaybePromise<TResult>;
  /**
   * Turns a tool error into the text the model sees. Default: the standard failure text.
   * `null`: the error fails the run (a UserError wrapping it).
   */
  failureErrorFunction?: ((ctx: RunContextWrapper<TContext>, error: unknown) => MaybePromise<string>) | null;
  /** Stop the run for human approval before this tool runs. */
  needsApproval?: boolean | ((ctx: RunContextWrapper<TContext>, args: ToolArgs<P>, callId: string) => MaybePromise<boolean>);
  /** Hide the tool from the model when false. */
  isEnabled?: boolean | Callback<[ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>], MaybePromise<boolean>>;
  timeoutMs?: number;
  /** On timeout: send an error text to the model (default) or throw ToolTimeoutError. */
  timeoutBehavior?: 'error_as_result' | 'raise_exception';
  inputGuardrails?: ToolInputGuardrail<TContext>[];
  outputGuardrails?: ToolOutputGuardrail<TContext>[];
}

/** A function tool, ready for the runner: its schema is converted once, here. */
export interface FunctionTool<TContext = unknown, TArgs = unknown, TResult = unknown> {
  readonly type: 'function';
  readonly name: string;
  readonly description: string;
  readonly strict: boolean;
  /** The Responses-API tool definition, built once. */
  readonly serialized: SerializedFunctionTool;
  readonly timeoutMs?: number;
  readonly timeoutBehavior: 'error_as_result' | 'raise_exception';
  readonly inputGuardrails: readonly ToolInputGuardrail<TContext>[];
  readonly outputGuardrails: readonly ToolOutputGuardrail<TContext>[];
  readonly failureErrorFunction: Callback<[ctx: RunContextWrapper<TContext>, error: unknown], MaybePromise<string>> | null | undefined;
  readonly needsApproval: boolean | ApprovalFunction<TContext, TArgs>;
  readonly isEnabled: boolean | Callback<[ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>], MaybePromise<boolean>>;
  /** Parse and validate the model's JSON argument text (ModelBehaviorError when invalid). */
  parseArguments(json: string): TArgs;
  /** Runs the tool with parsed arguments. */
  execute(args: TArgs, ctx: ToolContext<TContext>): MaybePromise<TResult>;
}

/** Any tool an agent can hold. */
export type Tool<TContext = unknown> = FunctionTool<TContext, unknown, unknown>;

/** Declared as a method so a tool with specific argument types still fits `Tool<TContext>`. */
type ApprovalFunction<TContext, TArgs> = Callback<[ctx: RunContextWrapper<TContext>, args: TArgs, callId: string], MaybePromise<boolean>>;

/** The default text the model sees when a tool throws. */
export function defaultToolErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `An error occurred while running the tool. Please try again. Error: ${message}`;
}

/**
 * Define a function tool. The parameters schema is validated and converted (strict by default)
 * right here, so a bad schema is a UserError before any run starts.
 */
export function tool<P extends z.ZodType | JsonObjectSchema, TContext = unknown, TResult = unknown>(
  options: ToolOptions<P, TContext, TResult>,
): FunctionTool<TContext, ToolArgs<P>, TResult> {
  const { name, description } = options;
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    throw new UserError(`Tool name ${JSON.stringify(name)} is invalid: use 1-64 letters, digits, '_' or '-'`);
  }
  if (typeof options.execute !== 'function') throw new UserError(`Tool '${name}': execute must be a function`);
  validateToolOptions(options as unknown as Record<string, unknown>, name);
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) throw new UserError(`Tool '${name}': timeoutMs must be a positive number`);
  const strict = options.strict ?? true;
  const parameters = buildParametersSchema(options.parameters, strict, `Tool '${name}' parameters`);
  const zodSchema = isZodSchema(options.parameters) ? options.parameters : undefined;
  const serialized: SerializedFunctionTool = { type: 'function', name, description: description ?? '', parameters, strict };
  return {
    type: 'function',
    name,
    description: description ?? '',
    strict,
    serialized,
    timeoutMs: options.timeoutMs,
    timeoutBehavior: options.timeoutBehavior ?? 'error_as_result',
    inputGuardrails: options.inputGuardrails ?? [],
    outputGuardrails: options.outputGuardrails ?? [],
    failureErrorFunction: options.failureErrorFunction,
    needsApproval: options.needsApproval ?? false,
    isEnabled: options.isEnabled ?? true,
    parseArguments: (json: string) => parseJsonWith(json, zodSchema, `tool '${name}'`) as ToolArgs<P>,
    execute: options.execute,
  };
}
