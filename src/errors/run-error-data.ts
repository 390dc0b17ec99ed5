import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { AgentInputItem } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';

/** A snapshot of a run at the moment it failed, attached to the error as `.runData`. */
export interface RunErrorData {
  input: string | AgentInputItem[];
  newItems: RunItem[];
  rawResponses: ModelResponse[];
  lastAgent: AgentLike;
  contextWrapper: RunContextWrapper<unknown>;
  inputGuardrailResults: InputGuardrailResult[];
  outputGuardrailResults: OutputGuardrailResult[];
}
