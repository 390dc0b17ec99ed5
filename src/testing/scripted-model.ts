import type { AgentInputItem } from '../items/types.js';
import { usageFromWire } from '../items/usage.js';
import type {
  Model, ModelRequest, ModelResponse, ResponseStreamEvent, SerializedFunctionTool, SerializedHostedMcpTool, SerializedOutputType,
} from '../models/interface.js';
import type { ModelSettings } from '../models/model-settings.js';
import { UserError } from '../errors/index.js';
import { describe, prepareResponse } from './prepare-response.js';
import { responseEventsFromPrepared } from './response-events.js';
import type { PreparedResponse, ScriptedReply } from './types.js';
import { sleep } from '../utils/sleep.js';

/** What a script function may return: a reply, or an Error to throw. */
export type ScriptedModelResult = ScriptedReply | Error;

/**
 * One entry of a ScriptedModel's queue: a reply, an Error to throw, or a function of the
 * request computing either (sync or async).
 */
export type ScriptedModelEntry =
  | ScriptedModelResult
  | ((request: ModelRequest) => ScriptedModelResult | Promise<ScriptedModelResult>);

/** One recorded model call, deep-copied when the call was made. */
export interface ScriptedModelCall {
  input: AgentInputItem[];
  /** The request's `systemInstructions`. */
  instructions: string | undefined;
  /** The request's function and handoff tools. */
  tools: SerializedFunctionTool[];
  /** The request's hosted tools (`hostedMcpTool`); present only when it has some. */
  hostedTools?: SerializedHostedMcpTool[];
  modelSettings: ModelSettings;
  outputType: SerializedOutputType | undefined;
  previousResponseId: string | undefined;
  conversationId: string | undefined;
  stream: boolean;
}

/** Options of a ScriptedModel. */
export interface ScriptedModelOptions {
  /** Delay before each reply (blocking) or before its first event (streaming). */
  latencyMs?: number;
}

/**
 * A `Model` that replays a script instead of calling an API. Each call takes the next entry;
 * `getResponse` and `streamResponse` serve the same data (the stream is the real Responses
 * event sequence of the reply, ending in `response.completed`). Every call is recorded in
 * `calls`. Calling past the end of the script throws a `UserError`.
 *
 * @example
 * const model = new ScriptedModel([
 *   { output: [functionCall('get_weather', { city: 'Paris' })] },
 *   { output: [textMessage('Sunny.')], usage: { inputTokens: 12, outputTokens: 3 } },
 * ]);
 */
export class ScriptedModel implements Model {
  /** It records a structured clone of each request: the run need not copy the input. */
  readonly readsInputOnlyDuringCall = true;
  /** Every call so far, oldest first. */
  readonly calls: ScriptedModelCall[] = [];
  private readonly queue: ScriptedModelEntry[];
  private readonly latencyMs: number;
  private served = 0;

  constructor(entries: readonly ScriptedModelEntry[] = [], options: ScriptedModelOptions = {}) {
    const latency = options.latencyMs ?? 0;
    if (!Number.isFinite(latency) || latency < 0) {
      throw new UserError(`ScriptedModel: latencyMs must be a non-negative number, got ${describe(latency)}`);
    }
    this.latencyMs = latency;
    this.queue = [];
    this.push(...entries);
  }

  /** Append entries to the script. */
  push(...entries: ScriptedModelEntry[]): void {
    for (const entry of entries) {
      checkEntry(entry, `ScriptedModel entry #${this.served + this.queue.length}`);
      this.queue.push(entry);
    }
  }

  /** How many entries are left. */
  get remaining(): number {
    return this.queue.length;
  }

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const { prepared, breakAfter } = await this.next(request, false);
    if (breakAfter !== undefined) throw brokenStream(breakAfter);
    return { output: prepared.output, usage: usageFromWire(prepared.usage), responseId: prepared.id };
  }

  async *streamResponse(request: ModelRequest): AsyncIterable<ResponseStreamEvent> {
    const { prepared, breakAfter } = await this.next(request, true);
    const events = responseEventsFromPrepared(prepared, { model: 'scripted-model', instructions: request.systemInstructions });
    const limit = breakAfter ?? events.length;
    for (let i = 0; i < limit && i < events.length; i++) {
      request.signal?.throwIfAborted();
      yield events[i]!;
    }
    if (breakAfter !== undefined) throw brokenStream(breakAfter);
  }

  /** Record the call, take the next entry, resolve it to a prepared reply (or throw its error). */
  private async next(request: ModelRequest, stream: boolean): Promise<{ prepared: PreparedResponse; breakAfter?: number }> {
    this.calls.push(recordCall(request, stream));
    const index = this.served;
    const entry = this.queue.shift();
    if (entry === undefined) {
      throw new UserError(`ScriptedModel: no scripted response left for call #${index + 1} (the script had ${index} entries)`);
    }
    this.served += 1;
    const label = `ScriptedModel entry #${index}`;
    const result = typeof entry === 'function' ? await entry(request) : entry;
    if (this.latencyMs > 0) await sleep(this.latencyMs, request.signal);
    request.signal?.throwIfAborted();
    if (result instanceof Error) throw result;
    checkEntry(result, `${label} (returned by its function)`);
    return { prepared: prepareResponse(result, label), breakAfter: result.breakStreamAfterEvents };
  }
}

function checkEntry(entry: unknown, label: string): void {
  if (typeof entry === 'function' || entry instanceof Error) return;
  const reply = entry as ScriptedReply | null;
  if (reply === null || typeof reply !== 'object' || !Array.isArray(reply.output)) {
    throw new UserError(`${label}: expected { output: [...] }, an Error or a function, got ${describe(entry)}`);
  }
  const n = reply.breakStreamAfterEvents;
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new UserError(`${label}: breakStreamAfterEvents must be a non-negative integer, got ${describe(n)}`);
  }
}

function recordCall(request: ModelRequest, stream: boolean): ScriptedModelCall {
  // structuredClone: the runner may mutate its input list after the call; the record must not move.
  const hostedTools = request.tools.filter((t): t is SerializedHostedMcpTool => t.type === 'mcp');
  const call: ScriptedModelCall = {
    input: request.input,
    instructions: request.systemInstructions,
    tools: hostedTools.length > 0 ? request.tools.filter((t): t is SerializedFunctionTool => t.type === 'function') : (request.tools as SerializedFunctionTool[]),
    modelSettings: request.modelSettings,
    outputType: request.outputType,
    previousResponseId: request.previousResponseId,
    conversationId: request.conversationId,
    stream,
  };
  if (hostedTools.length > 0) call.hostedTools = hostedTools;
  return structuredClone(call);
}

function brokenStream(afterEvents: number): Error {
  return new Error(`ScriptedModel: stream broken after ${afterEvents} events (scripted breakStreamAfterEvents)`);
}

