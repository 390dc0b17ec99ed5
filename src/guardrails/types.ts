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
  execute(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, input: string | AgentInputItem[]): MaybePromise<GuardrailFunctionOutput>;
}

/** Checks the final output of the final agent. */
export interface OutputGuardrail<TContext = unknown> {
  readonly type: 'output';
  readonly name: string;
  execute(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, output: unknown): MaybePromise<GuardrailFunctionOutput>;
}

export interface InputGuardrailResult {
  guardrail: { name: string };
  output: GuardrailFunctionOutput;
}

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

export class ToolGuardrailFunctionOutput {
  readonly behavior: ToolGuardrailBehavior;
  readonly outputInfo: unknown;
  private constructor(behavior: ToolGuardrailBehavior, outputInfo: unknown) {
    this.behavior = behavior;
    this.outputInfo = outputInfo;
  }
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

export interface ToolGuardrailData<TContext = unknown> {
  context: RunContextWrapper<TContext>;
  agent: AgentLike<TContext>;
  toolCall: FunctionCallItem;
  toolName: string;
  /** Parsed arguments. */
  toolArguments: unknown;
}

export interface ToolInputGuardrail<TContext = unknown> {
  readonly type: 'tool_input';
  readonly name: string;
  execute(data: ToolGuardrailData<TContext>): MaybePromise<ToolGuardrailFunctionOutput>;
}
export interface ToolOutputGuardrail<TContext = unknown> {
  readonly type: 'tool_output';
  readonly name: string;
  execute(data: ToolGuardrailData<TContext> & { output: unknown }): MaybePromise<ToolGuardrailFunctionOutput>;
}

export function toolInputGuardrail<TContext = unknown>(
  fn: (data: ToolGuardrailData<TContext>) => MaybePromise<ToolGuardrailFunctionOutput>,
  options: { name?: string } = {},
): ToolInputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('toolInputGuardrail() needs a guardrail function');
  return { type: 'tool_input', name: options.name ?? (fn.name || 'tool_input_guardrail'), execute: fn };
}
export function toolOutputGuardrail<TContext = unknown>(
  fn: (data: ToolGuardrailData<TContext> & { output: unknown }) => MaybePromise<ToolGuardrailFunctionOutput>,
  options: { name?: string } = {},
): ToolOutputGuardrail<TContext> {
  if (typeof fn !== 'function') throw new UserError('toolOutputGuardrail() needs a guardrail function');
  return { type: 'tool_output', name: options.name ?? (fn.name || 'tool_output_guardrail'), execute: fn };
}
