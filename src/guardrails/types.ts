import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { AgentInputItem, FunctionCallItem } from '../items/types.js';

/** What a guardrail function returns. */
export interface GuardrailFunctionOutput {
  outputInfo?: unknown;
  tripwireTriggered: boolean;
}

import type { MaybePromise } from '../utils/types.js';
import { UserError } from '../errors/index.js';

/** Checks the run's input (turn 1, starting agent). */
export interface InputGuardrail<TContext = unknown> {
  readonly type: 'input';
  readonly name: string;
  /** true: runs alongside the first model call; false: finishes before it. */
  readonly runInParallel: boolean;
  /** Check the input; a `tripwireTriggered: true` result stops the run. */
  execute(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, input: string | AgentInputItem[]): MaybePromise<GuardrailFunctionOutput>;
}

/** Checks the final output of the final agent. */
export interface OutputGuardrail<TContext = unknown> {
  readonly type: 'output';
  readonly name: string;
  /** Check the final output; a `tripwireTriggered: true` result stops the run. */
  execute(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, output: unknown): MaybePromise<GuardrailFunctionOutput>;
}

/** An input guardrail's result: which guardrail, and what it returned. */
export interface InputGuardrailResult {
  guardrail: { name: string };
  output: GuardrailFunctionOutput;
}

/** An output guardrail's result, with the agent and the output it checked. */
export interface OutputGuardrailResult extends InputGuardrailResult {
  agent: AgentLike;
  agentOutput: unknown;
}

/** Define an input guardrail. `runInParallel` defaults to true. */
export function inputGuardrail<TContext = unknown>(
  fn: (ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, input: string | AgentInputItem[]) => MaybePromise<GuardrailFunctionOutput>,
  options: { name?: string; runInParallel?: boolean } = {},
): InputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('inputGuardrail() needs a guardrail function');
  if (options.runInParallel !== undefined && typeof options.runInParallel !== 'boolean') throw new UserError('inputGuardrail(): runInParallel must be a boolean');
  return { type: 'input', name: options.name ?? (fn.name || 'input_guardrail'), runInParallel: options.runInParallel ?? true, execute: fn };
}

/** Define an output guardrail. */
export function outputGuardrail<TContext = unknown>(
  fn: (ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, output: unknown) => MaybePromise<GuardrailFunctionOutput>,
  options: { name?: string } = {},
): OutputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('outputGuardrail() needs a guardrail function');
  return { type: 'output', name: options.name ?? (fn.name || 'output_guardrail'), execute: fn };
}

/** What a tool guardrail decides: let the call through, replace its content with a message, or raise. */
export type ToolGuardrailBehavior =
  | { type: 'allow' }
  | { type: 'reject_content'; message: string }
  | { type: 'raise_exception' };

/** What a tool guardrail decides: allow the call, reject it with a message for the model, or raise. */
export class ToolGuardrailFunctionOutput {
  readonly behavior: ToolGuardrailBehavior;
  readonly outputInfo: unknown;
  private constructor(behavior: ToolGuardrailBehavior, outputInfo: unknown) {
    this.behavior = behavior;
    this.outputInfo = outputInfo;
  }
  /** Let the tool call (or its output) through. */
  static allow(outputInfo?: unknown): ToolGuardrailFunctionOutput {
    return new ToolGuardrailFunctionOutput({ type: 'allow' }, outputInfo);
  }
  /** The tool is not run (input guardrail) or its output is replaced (output guardrail) by `message`. */
  static rejectContent(message: string, outputInfo?: unknown): ToolGuardrailFunctionOutput {
    return new ToolGuardrailFunctionOutput({ type: 'reject_content', message }, outputInfo);
  }
  /** The run fails with ToolInputGuardrailTripwireTriggered / ToolOutputGuardrailTripwireTriggered. */
  static raiseException(outputInfo?: unknown): ToolGuardrailFunctionOutput {
    return new ToolGuardrailFunctionOutput({ type: 'raise_exception' }, outputInfo);
  }
}

/** What a tool guardrail receives: the run context, the agent, and the tool call. */
export interface ToolGuardrailData<TContext = unknown> {
  context: RunContextWrapper<TContext>;
  agent: AgentLike<TContext>;
  toolCall: FunctionCallItem;
  toolName: string;
  /** Parsed arguments. */
  toolArguments: unknown;
}

/** A check of a function tool's arguments, before the tool runs (made by `toolInputGuardrail`). */
export interface ToolInputGuardrail<TContext = unknown> {
  readonly type: 'tool_input';
  readonly name: string;
  /** Decide about the call before the tool runs. */
  execute(data: ToolGuardrailData<TContext>): MaybePromise<ToolGuardrailFunctionOutput>;
}
/** A check of a function tool's result, after it ran (made by `toolOutputGuardrail`). */
export interface ToolOutputGuardrail<TContext = unknown> {
  readonly type: 'tool_output';
  readonly name: string;
  /** Decide about the tool's output. */
  execute(data: ToolGuardrailData<TContext> & { output: unknown }): MaybePromise<ToolGuardrailFunctionOutput>;
}

/** Make a tool input guardrail from a function (sync or async); attach it with `tool({ inputGuardrails })`. */
export function toolInputGuardrail<TContext = unknown>(
  fn: (data: ToolGuardrailData<TContext>) => MaybePromise<ToolGuardrailFunctionOutput>,
  options: { name?: string } = {},
): ToolInputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('toolInputGuardrail() needs a guardrail function');
  return { type: 'tool_input', name: options.name ?? (fn.name || 'tool_input_guardrail'), execute: fn };
}
/** Make a tool output guardrail from a function (sync or async); attach it with `tool({ outputGuardrails })`. */
export function toolOutputGuardrail<TContext = unknown>(
  fn: (data: ToolGuardrailData<TContext> & { output: unknown }) => MaybePromise<ToolGuardrailFunctionOutput>,
  options: { name?: string } = {},
): ToolOutputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('toolOutputGuardrail() needs a guardrail function');
  return { type: 'tool_output', name: options.name ?? (fn.name || 'tool_output_guardrail'), execute: fn };
}
