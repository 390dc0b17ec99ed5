import type { MaybePromise } from '../../utils/types.js';
import type { RunState } from '../run-state.js';

/**
 * What a step does. Every side effect of a run with an outside world goes through a step:
 * - `model`: one model call. Result: the `ModelResponse` (`{ output, usage, responseId? }`, plain JSON).
 * - `tool`: one function-tool call: argument parsing, tool guardrails, tool hooks and `execute`.
 *   Result: what the model will be told (the tool's output, or the failure text); its JSON form
 *   is `JSON.parse(JSON.stringify(output))` (a string stays a string).
 * - `input_guardrail` / `output_guardrail`: one guardrail. Result: `{ tripwireTriggered, outputInfo? }`.
 * - `handoff`: the handoff's `onHandoff` callback. Result: `null`.
 * - `session`: a session write (`null`), or for {@link SESSION_INPUT_STEP} the session read and
 *   the new input's write together (the merged input items, `AgentInputItem[]`).
 */
export type StepKind = 'model' | 'tool' | 'input_guardrail' | 'output_guardrail' | 'handoff' | 'session';

/** The key of the step that loads the session history and saves the run's new input (before turn 1). */
export const SESSION_INPUT_STEP = 'session-input';

/**
 * The step seam: how a run executes its steps (`RunEnv.steps`; without one, each step is just
 * done). A durable run plugs in an executor that journals each step's result under its key and,
 * when the run is resumed, returns the journaled result instead of calling `fn` again; a DBOS run
 * makes each step a DBOS step. Set per run: `Runner.runWith(agent, input, options, { steps })`.
 *
 * Contract:
 * - `key` is stable within a run and unique per step: `<kind>:<turn>` for a turn's model call and
 *   session write, `tool:<turn>:<callId>`, `handoff:<turn>:<callId>`,
 *   `input_guardrail:<turn>:<i>:<name>`, `output_guardrail:<turn>:<i>:<name>`, and
 *   {@link SESSION_INPUT_STEP}. `<turn>` is the run's turn number (`state.currentTurn` once the
 *   turn's model call is made), which a resumed `RunState` carries on, so a replayed run asks for
 *   the same keys (tool and guardrail steps of one turn run concurrently; their keys say which is which).
 * - The result of `fn` has a JSON form (see {@link StepKind}); an executor may return the JSON
 *   round-trip of a saved result instead of calling `fn`. The run applies a step's result to its
 *   state itself (usage, items, guardrail results), so a replayed result updates the state the same way.
 * - A throw or rejection of `fn` is the step's failure; an executor passes it on (retrying is its choice).
 * - Streamed runs: a `model` step's `fn` forwards the model's events to the stream as they arrive.
 *   An executor that returns a saved response skips that: the stream then gets no
 *   `raw_response_event`s for the replayed call, but still every item and agent event, which the
 *   run derives from the result.
 * - `fn` may return a plain value; an executor may always return a promise.
 */
export interface StepExecutor {
  run<T>(kind: StepKind, key: string, fn: () => MaybePromise<T>): MaybePromise<T>;
  /** Called once before the run's first turn (also when it resumes), with the state as it is then. */
  begin?(state: RunState<unknown>): MaybePromise<void>;
  /**
   * Called at the one end of every turn (`turn/end-turn.ts`): the turn's items are recorded and
   * saved to the session, and `state.nextStep` says what comes next. A durable executor saves its
   * checkpoint here.
   */
  checkpoint?(state: RunState<unknown>): MaybePromise<void>;
}
