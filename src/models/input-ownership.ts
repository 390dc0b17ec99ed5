import type { Model } from './interface.js';

/**
 * Set (to `true`) on a {@link Model} that reads `request.input` only while its call runs and
 * keeps no reference to it (agentrun's OpenAI models serialize it into the request body at once):
 * the run then hands it its live history. Any other model gets a list of its own on each call, as
 * in the Python SDK, since the run's history keeps growing after the call.
 */
export const READS_INPUT_DURING_CALL: unique symbol = Symbol.for('agentrun.readsInputDuringCall');

/** Whether `model` must get its own copy of the input (it is not marked {@link READS_INPUT_DURING_CALL}). */
export function needsOwnInput(model: Model): boolean {
  return (model as { [READS_INPUT_DURING_CALL]?: unknown })[READS_INPUT_DURING_CALL] !== true;
}
