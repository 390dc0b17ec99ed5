// The errors a guardrail raises. They live with the guardrails, not in src/errors, because they
// carry guardrail results: errors stay leaves of the import graph (they import nothing).
import { AgentsException } from '../errors/agents-exception.js';
import type { InputGuardrailResult, OutputGuardrailResult } from './types.js';

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
