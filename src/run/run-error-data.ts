// The fields of `RunErrorData`, declared here by declaration merging so that src/errors imports
// nothing from the run (errors are leaves; see src/errors/run-error-data.ts).
import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { AgentInputItem } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';

export type { RunErrorData } from '../errors/run-error-data.js';

declare module '../errors/run-error-data.js' {
  // Documented at its declaration in src/errors (one TSDoc comment per merged interface).
  interface RunErrorData {
    input: string | AgentInputItem[];
    newItems: RunItem[];
    rawResponses: ModelResponse[];
    lastAgent: AgentLike;
    contextWrapper: RunContextWrapper<unknown>;
    inputGuardrailResults: InputGuardrailResult[];
    outputGuardrailResults: OutputGuardrailResult[];
  }
}
