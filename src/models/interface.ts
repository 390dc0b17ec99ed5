import type { AgentInputItem, AgentOutputItem, Usage } from '../items/types.js';
import type { ModelSettings } from './model-settings.js';

/** A function tool as the model sees it (the Responses API `function` tool shape). */
export interface SerializedFunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

/** A Responses-hosted MCP server (the Responses API `mcp` tool), made by `hostedMcpTool`. */
export interface SerializedHostedMcpTool {
  type: 'mcp';
  server_label: string;
  server_url: string;
  require_approval?: 'always' | 'never' | { always?: { tool_names: string[] }; never?: { tool_names: string[] } };
  headers?: Record<string, string>;
}

/** A tool as sent to the model: a function tool or a hosted tool definition. */
export type SerializedTool = SerializedFunctionTool | SerializedHostedMcpTool;

/** A structured output format: a JSON schema the final message must follow. */
export interface SerializedOutputType {
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
}

/** Everything a model needs for one call. Built once per turn by the pipeline. */
export interface ModelRequest {
  /** System prompt (the agent's resolved instructions), if any. */
  systemInstructions?: string;
  /** The items to send: the whole history, or only the unsent ones for server-managed conversations. */
  input: AgentInputItem[];
  modelSettings: ModelSettings;
  /** Function tools, handoff tools, then hosted tools (Responses models only), in that order. */
  tools: SerializedTool[];
  /** Absent for plain-text agents. */
  outputType?: SerializedOutputType;
  previousResponseId?: string;
  conversationId?: string;
  /**
   * Aborts the HTTP request / stream. On the run's own requests it is made on first read (an
   * `AbortSignal` and its first listener cost microseconds): a model may listen to {@link ModelRequest.abort}
   * instead. A spread copy of a run's request does not have it (it lives on the prototype): pass
   * it along explicitly if the copy needs one.
   */
  signal?: AbortSignal;
  /**
   * Optional fast path: the run's cancellation, the same one as `signal`, which a model may listen
   * to instead of making and watching the signal. Set on every request the run builds. A `signal`
   * set on the request object itself (a copy `{ ...request, signal }` given one of its own) takes
   * precedence: the built-in models then listen to that signal, so a copy never has to clear this.
   */
  abort?: RunAbort;
  /**
   * Optional fast path: the JSON of the run's history items already sent by earlier calls of this
   * run, for a model that serializes `input` as JSON. Present when `input` is the run's own history
   * (absent when a `callModelInputFilter` chose it). It checks what it is given by identity, so a
   * copy of the request with another input is served correctly (only more slowly).
   */
  inputJson?: InputJsonCache;
  /**
   * Written by a model whose transport retried this call: how many HTTP attempts it took (absent
   * when the first one answered). The run records it on the generation span as `attempts`.
   */
  attempts?: number;
}

/** One model call's result. */
export interface ModelResponse {
  output: AgentOutputItem[];
  usage: Usage;
  /** The Responses API response id (used for `previousResponseId` chaining); absent for Chat Completions. */
  responseId?: string;
}

/**
 * A Responses API stream event (`response.created`, `response.output_text.delta`, ...,
 * `response.completed`). Every model's stream ends with `response.completed`, whose `response`
 * carries the full output and usage, so the runner needs only one event vocabulary.
 */
export interface ResponseStreamEvent {
  type: string;
  [key: string]: unknown;
}

/** The `response.completed` event: the final response of a stream. */
export interface ResponseCompletedEvent extends ResponseStreamEvent {
  type: 'response.completed';
  response: { id?: string; output: AgentOutputItem[]; usage?: WireUsage | null; [key: string]: unknown };
}

/** Usage as the Responses API reports it. */
export interface WireUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

/**
 * A run's cancellation as a model request carries it ({@link ModelRequest.abort}): what an
 * `AbortSignal` tells, without making one. Callbacks are called directly when the run aborts, with
 * no event listener (adding the first listener to a signal costs more than the rest of a model
 * call's bookkeeping, and few runs are ever aborted).
 */
export interface RunAbort {
  /** Whether the run was aborted. */
  readonly aborted: boolean;
  /** Why the run was aborted (its `AbortSignal`'s reason); undefined while it is not. */
  readonly reason: unknown;
  /** Call `callback` once when the run aborts; returns the function that detaches it (call it when the request is over). */
  onAbort(callback: () => void): () => void;
  /** The same cancellation as a standard `AbortSignal`, made on first read (for APIs that need one). */
  readonly signal: AbortSignal;
}

/**
 * The JSON text of the history items a run has already sent ({@link ModelRequest.inputJson}).
 * A run sends its whole history on every call; with this, each item is serialized once per run
 * instead of once per call. One per run: it dies with the run.
 */
export interface InputJsonCache {
  /**
   * `JSON.stringify(items)`, reusing the text of the items this cache serialized before when they
   * are the first items of `items` (the same objects, by identity) and serializing only the rest.
   * Any other array is serialized in full (and becomes what the cache holds). Items are never
   * changed once they are in a run's history; the cache relies on it.
   */
  stringify(items: readonly unknown[]): string;
}

/** Called for each event of a pushed model stream; a returned promise pauses the stream until it settles. */
export type ResponseEventHandler = (event: ResponseStreamEvent) => void | Promise<void>;

/**
 * A language model. Small and stable: the loop depends on nothing else about it. `getResponse`
 * and `streamResponse` are all a model needs; the optional members are fast paths the run uses
 * when a model has them (see docs/models.md).
 */
export interface Model {
  /** One blocking model call: the whole response at once. */
  getResponse(request: ModelRequest): Promise<ModelResponse>;
  /** One streamed model call: Responses-API stream events, ending with `response.completed`. */
  streamResponse(request: ModelRequest): AsyncIterable<ResponseStreamEvent>;
  /**
   * Optional fast path for streamed runs: the same events as `streamResponse`, pushed to `onEvent`
   * as they arrive instead of iterated (fewer promise hops per event). When a model has it, the run
   * calls it instead of `streamResponse`. Wait for a promise `onEvent` returns before pushing the
   * next event; if `onEvent` throws or its promise rejects, stop and reject with that error.
   * Resolves once every event was pushed and handled.
   */
  streamResponseTo?(request: ModelRequest, onEvent: ResponseEventHandler): Promise<void>;
  /**
   * Optional: `true` promises that the model reads the `request.input` array only while its call
   * runs (until `getResponse` settles or the stream ends) and keeps no reference to it after. The
   * run then passes its own history array instead of copying it for each call. Without it (as in
   * the Python SDK) each call gets a list of its own, since the run's history grows after the call.
   * Either way, a model must not change the array or its items.
   */
  readonly readsInputOnlyDuringCall?: boolean;
  /**
   * Optional: `false` promises that the model never reads the trace context during a call (no
   * `getCurrentTrace()`, `getCurrentSpan()`, or `startSpan()` / `withSpan()` without an explicit
   * parent). The run then calls it without making the call's generation span current, which on
   * Node 20 spares every promise and socket event of the call the async-context bookkeeping (see
   * docs/tracing.md). Without it, the call runs with the run's trace and the generation span current.
   */
  readonly readsTraceContext?: boolean;
}

/** Resolves model names (as given on agents or RunConfig) to models. */
export interface ModelProvider {
  /** The model for a name (an agent's or RunConfig's `model`); no name: the provider's default. */
  getModel(name?: string): Model | Promise<Model>;
}
