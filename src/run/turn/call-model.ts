import type { Model, ModelRequest, ModelResponse, ResponseCompletedEvent, ResponseEventHandler } from '../../models/interface.js';
import { ModelBehaviorError } from '../../errors/index.js';
import { usageFromWire, addUsage } from '../../items/usage.js';
import { fireLlmEnd, fireLlmStart } from '../../hooks/dispatch.js';
import type { AgentSetup } from '../agent-setup.js';
import type { RunEnv } from '../run-env.js';
import { turnStep, type Turn } from './turn.js';
import { feed } from '../../utils/feed.js';
import type { Span } from '../../tracing/types.js';

/**
 * One model call. Blocking runs call `getResponse`; streamed runs iterate `streamResponse` (or
 * have `streamResponseTo` push, when the model has it), forward every event to the sink and take
 * the final response from `response.completed`.
 * This is the only place the two modes differ. The model's answer is the turn's `model` step;
 * hooks, the generation span and the state's usage and responses are kept outside it, so a
 * replayed answer updates them like a fresh one. Written with `then` rather than async/await:
 * it sits on every call, and a suspended async frame (its generator, context and two await
 * closures) is kept per in-flight call.
 */
export function callModel<C>(turn: Turn<C>, request: ModelRequest): Promise<ModelResponse> {
  const { state, env, setup } = turn;
  const agent = state.currentAgent;
  // The run's own abort, whatever the request carries: an aborted run never takes the answer.
  const abort = env.abort;
  const modelName = env.config.model ?? agent.model; // RunConfig.model is the one actually used
  const span = env.tracing.generation(typeof modelName === 'string' ? modelName : undefined, request.input);
  const close = (failure?: { error: unknown }): void => {
    if (request.attempts !== undefined && span.recording) span.spanData.attempts = request.attempts; // retried by the transport
    env.tracing.endGeneration(span, failure);
  };
  const fail = (error: unknown): never => {
    close({ error });
    throw error;
  };
  const finish = (response: ModelResponse): ModelResponse | Promise<ModelResponse> => {
    let ended: void | Promise<void>;
    try {
      // A model that ignores its signal must not let an aborted run carry on with the answer.
      if (abort.aborted) throw abort.reason;
      if (!response || !Array.isArray(response.output)) throw new ModelBehaviorError('Model response has no output array');
      addUsage(state.context.usage, response.usage);
      state.modelResponses.push(response);
      if (response.responseId) state.lastResponseId = response.responseId;
      if (span.recording) {
        span.spanData.usage = response.usage;
        env.tracing.setOutput(span, response.output);
      }
      ended = fireLlmEnd(turn, response);
    } catch (error) {
      return fail(error);
    }
    if (ended) {
      return ended.then(() => {
        close();
        return response;
      }, fail);
    }
    close();
    return response;
  };
  let pending: Promise<ModelResponse>;
  try {
    const started = fireLlmStart(turn, request);
    const step = (): Promise<ModelResponse> => modelStep(turn, request, span);
    pending = started ? started.then(step) : step();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(finish, fail);
}

/** The model's answer as the turn's `model` step, as a native promise. */
function modelStep<C>(turn: Turn<C>, request: ModelRequest, span: Span): Promise<ModelResponse> {
  const { setup, env } = turn;
  const call = (): Promise<ModelResponse> => invokeModel(setup, request, env);
  // A model that may read the trace context runs with its generation span current.
  const answer = turnStep(turn, 'model', undefined, setup.model.readsTraceContext === false ? call : () => env.tracing.inScope(call, span, setup.model));
  return answer instanceof Promise ? answer : Promise.resolve(answer);
}

/** The model's answer as a native promise, whatever the model returned or threw. */
function invokeModel<C>(setup: AgentSetup<C>, request: ModelRequest, env: RunEnv<C>): Promise<ModelResponse> {
  // A model that may keep the list gets one of its own (the run's history grows after the call);
  // the request is this call's own object, so its input can be swapped for the copy.
  if (setup.model.readsInputOnlyDuringCall !== true) request.input = request.input.slice();
  if (env.sink) return streamModel(setup, request, env);
  const answer = setup.model.getResponse(request) as ModelResponse | PromiseLike<ModelResponse>;
  return answer instanceof Promise ? answer : Promise.resolve(answer);
}

async function streamModel<C>(setup: AgentSetup<C>, request: ModelRequest, env: RunEnv<C>): Promise<ModelResponse> {
  const sink = env.sink!;
  const abort = env.abort;
  let completed: ResponseCompletedEvent | undefined;
  await streamEvents(setup.model, request, (event) => {
    if (abort.aborted) throw abort.reason; // stop reading a model that ignores the signal
    if (event.type === 'response.completed') completed = event as ResponseCompletedEvent;
    return sink.push({ type: 'raw_response_event', data: event });
  });
  if (!completed) throw new ModelBehaviorError('Model stream ended without a response.completed event');
  const r = completed.response;
  if (!r || !Array.isArray(r.output)) throw new ModelBehaviorError('response.completed carries no output array');
  const response: ModelResponse = { output: r.output, usage: usageFromWire(r.usage) };
  if (r.id) response.responseId = r.id;
  return response;
}

/** Stream the model's events to `onEvent`: pushed when the model can (`streamResponseTo`), else iterated. */
function streamEvents(model: Model, request: ModelRequest, onEvent: ResponseEventHandler): Promise<void> {
  // Not async: an async function returning the push's promise would add a wrapper promise and two ticks per call.
  if (model.streamResponseTo !== undefined) return model.streamResponseTo(request, onEvent);
  return feed(() => model.streamResponse(request), onEvent);
}
