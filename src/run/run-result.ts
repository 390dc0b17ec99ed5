import type { z } from 'zod';
import type { Agent } from '../agent/agent.js';
import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentInputItem } from '../items/types.js';
import { normalizeInput } from '../items/types.js';
import type { RunItem, ToolApprovalItem } from '../items/run-items.js';
import { runItemsToInput } from '../items/run-items.js';
import { applyReasoningIdPolicy } from '../items/reasoning-ids.js';
import type { ModelResponse } from '../models/interface.js';
import type { InputGuardrailResult, OutputGuardrailResult } from '../guardrails/types.js';
import { UserError } from '../errors/index.js';
import { isZodSchema } from '../agent/schema.js';
import type { RunState } from './run-state.js';

/**
 * The outcome of a run. A view over the run's state (no copies): `finalOutput`, the items the
 * run generated, raw model responses, the last agent, guardrail results and usage.
 */
export class RunResult<TContext = unknown, TOutput = unknown> {
  /** @internal */
  protected readonly state: RunState<TContext>;

  constructor(state: RunState<TContext>) {
    this.state = state;
  }

  /** The input the run started with (session history merged in, for session runs). */
  get input(): string | AgentInputItem[] {
    return this.state.originalInput;
  }
  get newItems(): RunItem[] {
    return this.state.generatedItems;
  }
  get rawResponses(): ModelResponse[] {
    return this.state.modelResponses;
  }
  /** The final output: the starting agent's output type (use finalOutputAs() after handoffs to other types). */
  get finalOutput(): TOutput | undefined {
    return this.state.finalOutput as TOutput | undefined;
  }
  get lastAgent(): Agent<TContext, unknown> {
    return this.state.currentAgent;
  }
  get inputGuardrailResults(): InputGuardrailResult[] {
    return this.state.inputGuardrailResults;
  }
  get outputGuardrailResults(): OutputGuardrailResult[] {
    return this.state.outputGuardrailResults;
  }
  get contextWrapper(): RunContextWrapper<TContext> {
    return this.state.context;
  }
  get lastResponseId(): string | undefined {
    return this.state.lastResponseId;
  }
  /** Tool calls waiting for approval; resume with `Runner.run(agent, result.toState())`. */
  get interruptions(): ToolApprovalItem[] {
    return this.state.interruptions;
  }

  /** The input for a next run: this run's input followed by what it generated (reasoning ids stripped under `reasoningItemIdPolicy: 'omit'`). */
  toInputList(): AgentInputItem[] {
    return applyReasoningIdPolicy([...normalizeInput(this.state.originalInput), ...runItemsToInput(this.state.generatedItems)], this.state.reasoningItemIdPolicy);
  }

  /** The final output as `T`, validated when a zod schema is given. */
  finalOutputAs<T>(schema?: z.ZodType<T>): T {
    const value = this.state.finalOutput;
    if (!schema) return value as T;
    if (!isZodSchema(schema)) throw new UserError('finalOutputAs() takes a zod schema');
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UserError(`finalOutput does not match the schema: ${parsed.error.message}`);
    return parsed.data;
  }

  /**
   * A snapshot of the run's state, to approve/reject interruptions and resume, or to store.
   * Later changes to the run do not change it, and resuming it does not change this result.
   */
  toState(): RunState<TContext> {
    return this.state.clone();
  }

  /** The durable run's id (runs with a `runStore`); undefined otherwise. */
  get runId(): string | undefined {
    return this.state.runId;
  }
}
