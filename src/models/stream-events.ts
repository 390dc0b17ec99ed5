import type { Model, ModelRequest, ResponseStreamEvent } from './interface.js';
import { feed } from '../utils/feed.js';

/** Called for each event of a model stream; a returned promise pauses the stream until it settles. */
export type ResponseEventHandler = (event: ResponseStreamEvent) => void | Promise<void>;

/**
 * @internal A model that can push its stream's events to a handler (the built-in OpenAI ones):
 * the run's sink is fed straight from the socket's data events, without a chain of async
 * iterators between them. Any other model is iterated through `streamResponse`.
 */
export const STREAM_EVENTS: unique symbol = Symbol('agentrun.streamEvents');

/** @internal */
export interface PushStreamModel {
  [STREAM_EVENTS](request: ModelRequest, onEvent: ResponseEventHandler): Promise<void>;
}

/** @internal Stream `model`'s response to `onEvent`, pushed when the model can, else iterated. */
export function streamEvents(model: Model, request: ModelRequest, onEvent: ResponseEventHandler): Promise<void> {
  const push = (model as Partial<PushStreamModel>)[STREAM_EVENTS];
  // Not async: an async function returning the push's promise would add a wrapper promise and two ticks per call.
  if (typeof push === 'function') return push.call(model, request, onEvent);
  return feed(() => model.streamResponse(request), onEvent);
}
