import type { RunErrorData } from './run-error-data.js';
import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';

export type { RunErrorData } from './run-error-data.js';

/**
 * Base class of every error agentrun raises. `runData` holds a snapshot of the run at the
 * moment it failed (input, items so far, raw responses, last agent, guardrail results), so a
 * caller can inspect or log what happened; it is absent only for errors raised before a run began.
 */
export class AgentsException extends Error {
  runData?: RunErrorData;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The run needed more model calls than `maxTurns` allows. */
export class MaxTurnsExceeded extends AgentsException {}

/** The model produced something the runner cannot act on (bad JSON, unknown tool, invalid output). */
export class ModelBehaviorError extends AgentsException {}

/** The SDK was used wrongly (bad config, bad schema, a tool failure with `failureErrorFunction: null`). */
export class UserError extends AgentsException {}

/** The model refused to answer: its message holds only `refusal` content (any agent; `errorHandlers.modelRefusal` can recover). */
export class ModelRefusalError extends AgentsException {
  readonly refusal: string;
  constructor(refusal: string) {
    super(`Model refused to produce output: ${refusal}`);
    this.refusal = refusal;
  }
}

/** A tool ran longer than its `timeoutMs` and its `timeoutBehavior` is `'raise_exception'`. */
export class ToolTimeoutError extends AgentsException {
  readonly toolName: string;
  readonly timeoutMs: number;
  constructor(toolName: string, timeoutMs: number) {
    super(`Tool '${toolName}' timed out after ${timeoutMs} ms`);
    this.toolName = toolName;
    this.timeoutMs = timeoutMs;
  }
}

/** An input guardrail's tripwire fired; `guardrailResult` is the result that tripped. */
export class InputGuardrailTripwireTriggered extends AgentsException {
  readonly guardrailResult: InputGuardrailResult;
  constructor(result: InputGuardrailResult) {
    super(`Input guardrail '${result.guardrail.name}' triggered tripwire`);
    this.guardrailResult = result;
  }
}

/** An output guardrail's tripwire fired; `guardrailResult` is the result that tripped. */
export class OutputGuardrailTripwireTriggered extends AgentsException {
  readonly guardrailResult: OutputGuardrailResult;
  constructor(result: OutputGuardrailResult) {
    super(`Output guardrail '${result.guardrail.name}' triggered tripwire`);
    this.guardrailResult = result;
  }
}

/** A tool input guardrail asked to raise (`ToolGuardrailFunctionOutput.raiseException()`). */
export class ToolInputGuardrailTripwireTriggered extends AgentsException {
  readonly guardrailName: string;
  readonly outputInfo: unknown;
  constructor(guardrailName: string, toolName: string, outputInfo: unknown) {
    super(`Tool input guardrail '${guardrailName}' triggered tripwire for tool '${toolName}'`);
    this.guardrailName = guardrailName;
    this.outputInfo = outputInfo;
  }
}

/** A tool output guardrail asked to raise (`ToolGuardrailFunctionOutput.raiseException()`). */
export class ToolOutputGuardrailTripwireTriggered extends AgentsException {
  readonly guardrailName: string;
  readonly outputInfo: unknown;
  constructor(guardrailName: string, toolName: string, outputInfo: unknown) {
    super(`Tool output guardrail '${guardrailName}' triggered tripwire for tool '${toolName}'`);
    this.guardrailName = guardrailName;
    this.outputInfo = outputInfo;
  }
}

/** The model HTTP endpoint answered with an error status. */
export class ModelHttpError extends AgentsException {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string, url: string) {
    super(`Model request to ${url} failed with HTTP ${status}: ${body.slice(0, 500)}`);
    this.status = status;
    this.body = body;
  }
}
