import type { AgentSetup } from '../agent-setup.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import type { StepKind } from '../steps/step-executor.js';
import type { MaybePromise } from '../../utils/types.js';

/**
 * What every stage of one turn needs, in one argument: the run's state and environment, the
 * current agent's prepared setup, the turn's number and where its items start. Stages read it
 * by name; nothing else is threaded through them.
 */
export interface Turn<C = unknown> {
  readonly state: RunState<C>;
  readonly env: RunEnv<C>;
  readonly setup: AgentSetup<C>;
  /** The turn's number: `state.currentTurn` once its model call is made. Keys the turn's steps. */
  readonly number: number;
  /** Index in `state.generatedItems` of the turn's first item. */
  readonly start: number;
}

/** A turn context. A class for one stable object shape across the run's stages. */
export class TurnContext<C> implements Turn<C> {
  readonly state: RunState<C>;
  readonly env: RunEnv<C>;
  readonly setup: AgentSetup<C>;
  readonly number: number;
  readonly start: number;
  /** Turn 1's parallel input guardrails while they may still be running (see input-guardrail-race.ts). */
  inputGuardrails: Promise<void> | undefined = undefined;

  constructor(fields: Turn<C>) {
    this.state = fields.state;
    this.env = fields.env;
    this.setup = fields.setup;
    this.number = fields.number;
    this.start = fields.start;
  }
}

/**
 * Run `fn` as the turn's step `<kind>:<turn>[:<id>]` through the run's step executor, if it has
 * one (the key is built only then: a step sits on every model and tool call).
 */
export function turnStep<C, T>(turn: Turn<C>, kind: StepKind, id: string | undefined, fn: () => MaybePromise<T>): MaybePromise<T> {
  const steps = turn.env.steps;
  if (steps === undefined) return fn();
  return steps.run(kind, stepKey(kind, turn.number, id), fn);
}

/**
 * The key of a turn's step (the one definition; see `StepExecutor`): `<kind>:<turn>`, or
 * `<kind>:<turn>:<id>` for one of several steps of a kind in the turn (tool calls, guardrails, handoffs).
 */
export function stepKey(kind: StepKind, turn: number, id?: string): string {
  return id === undefined ? `${kind}:${turn}` : `${kind}:${turn}:${id}`;
}

/** The turn number in a key made by {@link stepKey}. */
export function stepKeyTurn(key: string): number {
  return parseInt(key.slice(key.indexOf(':') + 1), 10);
}
