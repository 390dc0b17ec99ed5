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
