import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';

export type { RunErrorData } from './run-error-data.js';
import { AgentsException } from './agents-exception.js';

export { AgentsException };
export { ModelHttpError, ModelConnectionError, ModelTimeoutError } from './model-errors.js';

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
