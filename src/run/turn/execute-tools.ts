import type { FunctionToolResult } from '../../agent/agent.js';
import type { Tool } from '../../agent/tool.js';
import { defaultToolErrorText } from '../../agent/tool.js';
import { checkToolOutput, toolOutputText } from '../../agent/tool-output.js';
import type { FunctionCallItem, FunctionCallOutputItem } from '../../items/types.js';
import { HostedMcpItem, ToolApprovalItem, ToolCallOutputItem } from '../../items/run-items.js';
import { ToolTimeoutError, UserError } from '../../errors/index.js';
import { ToolInputGuardrailTripwireTriggered, ToolOutputGuardrailTripwireTriggered } from '../../guardrails/tripwire-errors.js';
import { fireToolEnd, fireToolStart } from '../../hooks/dispatch.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import { turnStep, type Turn } from './turn.js';
import type { ProcessedResponse } from './classify-output.js';
import type { FunctionSpanData } from '../../tracing/span-data.js';
import type { Span } from '../../tracing/types.js';
import { fromUser, isThenable, then } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/types.js';
import type { LazyAbort } from '../../utils/lazy-abort.js';
import { ToolCallContext } from './tool-call-context.js';
import { runLimited } from './tool-concurrency.js';
import { REJECTED_TOOL_TEXT, toolErrorText, toolNotFoundDefault } from './tool-error-text.js';

export interface ToolPhaseResult<C> {
  /** One output item per call, in call order (unknown tools included). */
  outputs: ToolCallOutputItem[];
  /** Results of the function tools that ran, for toolUseBehavior. */
  results: FunctionToolResult<C>[];
  /** Calls waiting for approval; when non-empty nothing ran this turn. */
  approvals: ToolApprovalItem[];
  /** `mcp_approval_response` items answering the turn's decided hosted MCP approval requests. */
  mcpResponses: HostedMcpItem[];
}

/**
 * Run this turn's function tools concurrently; outputs come back in call order. Synchronous all
 * the way when every check and tool is (the common case of plain sync tools): a promise appears
 * only where something actually waits.
 */
export function executeTools<C>(turn: Turn<C>, processed: ProcessedResponse<C>): MaybePromise<ToolPhaseResult<C>> {
  const state = turn.state;
  const { functions } = processed;
  if (functions.length === 0 && processed.unknownCalls.length === 0 && processed.mcpApprovals.length === 0) return { outputs: [], results: [], approvals: [], mcpResponses: [] };
  const checks = functions.map(({ call, tool }) => needsApproval(state, tool, call));
  if (checks.some((c) => c instanceof Promise)) return Promise.all(checks).then((flags) => runApproved(turn, processed, flags));
  return runApproved(turn, processed, checks as boolean[]);
}

/** Given which calls need approval: stop for the undecided ones, else run the approved (and answer the rejected). */
function runApproved<C>(turn: Turn<C>, processed: ProcessedResponse<C>, flags: boolean[]): MaybePromise<ToolPhaseResult<C>> {
  const state = turn.state;
  const agent = state.currentAgent;
  const { functions } = processed;
  const approvals: ToolApprovalItem[] = [];
  let rejected: Set<string> | undefined; // made only when a call was rejected (rare): one allocation less per turn
  for (let i = 0; i < functions.length; i++) {
    if (!flags[i]) continue;
    const call = functions[i]!.call;
    const decision = state.approvals.get(call.call_id);
    if (decision === undefined) approvals.push(new ToolApprovalItem(agent, call));
    else if (!decision) (rejected ??= new Set()).add(call.call_id);
  }
  const mcpResponses: HostedMcpItem[] = [];
  for (const request of processed.mcpApprovals) {
    const approve = state.approvals.get(request.id);
    if (approve === undefined) approvals.push(new ToolApprovalItem(agent, request));
    else mcpResponses.push(new HostedMcpItem(agent, { type: 'mcp_approval_response', approval_request_id: request.id, approve }));
  }
  if (approvals.length > 0) return { outputs: [], results: [], approvals, mcpResponses: [] };

  const start = (i: number): MaybePromise<unknown> => {
    const { call, tool } = functions[i]!;
    if (!rejected?.has(call.call_id)) return runTool(turn, call, tool);
    return toolErrorText(turn.env.config.toolErrorFormatter, { kind: 'approval_rejected', toolName: tool.name, callId: call.call_id, defaultMessage: REJECTED_TOOL_TEXT }, state.context);
  };
  // has() first: TurboFan inlines it, while add() is a builtin call even when the name is there.
  if (functions.length > 0 && !state.agentsThatUsedTools.has(agent.name)) state.agentsThatUsedTools.add(agent.name);
  const collect = (all: unknown[]): ToolPhaseResult<C> => collectOutputs(state, processed, all, mcpResponses);
  const limit = turn.env.config.toolExecution?.maxFunctionToolConcurrency;
  if (limit !== undefined && limit !== null && functions.length > limit) {
    const limited = runLimited(functions.length, limit, start);
    return limited.then((values) => then(withNotFoundTexts(turn, processed, values, false), collect));
  }
  // Every tool starts before any is waited for; a throw becomes a rejection so its siblings still start.
  const outputs: MaybePromise<unknown>[] = [];
  let pending = false;
  for (let i = 0; i < functions.length; i++) {
    let output: MaybePromise<unknown>;
    try {
      output = start(i);
    } catch (error) {
      output = Promise.reject(error);
    }
    if (output instanceof Promise) pending = true;
    outputs.push(output);
  }
  return then(withNotFoundTexts(turn, processed, outputs, pending), collect);
}

/**
 * The function outputs followed by the texts for calls to missing tools (`toolErrorFormatter`'s
 * or "Tool 'x' not found."), all settled: a promise only if one of them is.
 */
function withNotFoundTexts<C>(turn: Turn<C>, processed: ProcessedResponse<C>, outputs: MaybePromise<unknown>[], pending: boolean): MaybePromise<unknown[]> {
  const formatter = turn.env.config.toolErrorFormatter;
  for (const call of processed.unknownCalls) {
    const text = toolErrorText(formatter, { kind: 'tool_not_found', toolName: call.name, callId: call.call_id, defaultMessage: toolNotFoundDefault(call.name) }, turn.state.context);
    if (text instanceof Promise) pending = true;
    outputs.push(text);
  }
  return pending ? Promise.all(outputs) : (outputs as unknown[]);
}

/** Output items and results in the order of the calls in the response (unknown tools included). */
function collectOutputs<C>(state: RunState<C>, processed: ProcessedResponse<C>, values: unknown[], mcpResponses: HostedMcpItem[]): ToolPhaseResult<C> {
  const agent = state.currentAgent;
  const { functions, unknownCalls } = processed;
  const results: FunctionToolResult<C>[] = [];
  const outputs: ToolCallOutputItem[] = [];
  // The usual turn: only known tools, whose calls are the response's tool calls in order.
  if (unknownCalls.length === 0) {
    for (let i = 0; i < functions.length; i++) {
      const { call, tool } = functions[i]!;
      const output = values[i];
      const item = new ToolCallOutputItem(agent, outputWire(call, output), output);
      outputs.push(item);
      results.push({ tool, output, runItem: item });
    }
    return { outputs, results, approvals: [], mcpResponses };
  }
  const byCall = new Map<string, ToolCallOutputItem>();
  const resultByCall = new Map<string, FunctionToolResult<C>>();
  for (let i = 0; i < functions.length; i++) {
    const { call, tool } = functions[i]!;
    const output = values[i];
    const item = new ToolCallOutputItem(agent, outputWire(call, output), output);
    byCall.set(call.call_id, item);
    resultByCall.set(call.call_id, { tool, output, runItem: item });
  }
  for (let i = 0; i < unknownCalls.length; i++) {
    const call = unknownCalls[i]!;
    const text = values[functions.length + i] as string;
    byCall.set(call.call_id, new ToolCallOutputItem(agent, outputWire(call, text), text));
  }
  for (const item of processed.items) {
    if (item.type !== 'tool_call_item') continue;
    const out = byCall.get(item.rawItem.call_id);
    if (out) outputs.push(out);
    const result = resultByCall.get(item.rawItem.call_id);
    if (result) results.push(result);
  }
  return { outputs, results, approvals: [], mcpResponses };
}

function needsApproval<C>(state: RunState<C>, tool: Tool<C>, call: FunctionCallItem): MaybePromise<boolean> {
  const flag = tool.needsApproval;
  if (typeof flag !== 'function') return flag === true;
  let args: unknown;
  try {
    args = tool.parseArguments(call.arguments);
  } catch {
    return false; // unparsable arguments never reach the tool; the run reports them instead
  }
  return then(fromUser(flag(state.context, args, call.call_id)), Boolean);
}

/** The wire output: strings as they are, anything else as JSON text. */
export function outputWire(call: FunctionCallItem, output: unknown): FunctionCallOutputItem {
  return { type: 'function_call_output', call_id: call.call_id, output: toolOutputText(output) };
}

/** One tool call: the turn's step `tool:<callId>`, under a function span. */
function runTool<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>): MaybePromise<unknown> {
  const env = turn.env;
  const span = env.tracing.functionCall(tool.name, call.arguments);
  let output: MaybePromise<unknown>;
  try {
    // Current while the tool runs, so spans it makes (and nested agent runs) nest under it.
    output = turnStep(turn, 'tool', call.call_id, () => env.tracing.inScope(() => guardedInvoke(turn, call, tool), span, tool));
  } catch (error) {
    spanFailed(env, span, error);
    throw error;
  }
  if (!(output instanceof Promise)) return spanDone(env, span, output);
  return output.then(
    (value) => spanDone(env, span, value),
    (error: unknown) => {
      spanFailed(env, span, error);
      throw error;
    },
  );
}

function spanDone(env: RunEnv<unknown>, span: Span<FunctionSpanData>, output: unknown): unknown {
  env.tracing.setOutput(span, output);
  span.end();
  return output;
}

function spanFailed(env: RunEnv<unknown>, span: Span<FunctionSpanData>, error: unknown): void {
  env.tracing.fail(span, error);
  span.end();
}

/**
 * Parse arguments, apply tool guardrails, execute; failures become text for the model unless
 * configured to throw. onToolStart / onToolEnd bracket the execution itself: a call that never
 * reaches `execute` (bad arguments, rejected by an input guardrail) fires neither, and onToolEnd
 * gets what the tool produced (or its failure text), before output guardrails judge it.
 */
function guardedInvoke<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>): MaybePromise<unknown> {
  let args: unknown;
  try {
    args = tool.parseArguments(call.arguments);
  } catch (error) {
    if (tool.failureErrorFunction === null) throw error; // a ModelBehaviorError naming the tool
    return failureText(turn, call, tool, error);
  }
  if (tool.inputGuardrails.length > 0 || tool.outputGuardrails.length > 0) return invokeWithGuardrails(turn, call, tool, args);
  return then(invokeBracketed(turn, call, tool, args), (result) => result.output);
}

async function invokeWithGuardrails<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>, args: unknown): Promise<unknown> {
  const state = turn.state;
  const guardData = { context: state.context, agent: state.currentAgent, toolCall: call, toolName: tool.name, toolArguments: args };
  for (const g of tool.inputGuardrails) {
    const verdict = await g.execute(guardData);
    if (verdict.behavior.type === 'reject_content') return verdict.behavior.message;
    if (verdict.behavior.type === 'raise_exception') throw new ToolInputGuardrailTripwireTriggered(g.name, tool.name, verdict.outputInfo);
  }
  const { output, failed } = await invokeBracketed(turn, call, tool, args);
  if (failed) return output; // output guardrails judge results, not our failure text
  for (const g of tool.outputGuardrails) {
    const verdict = await g.execute(Object.assign({}, guardData, { output }));
    if (verdict.behavior.type === 'reject_content') return verdict.behavior.message;
    if (verdict.behavior.type === 'raise_exception') throw new ToolOutputGuardrailTripwireTriggered(g.name, tool.name, verdict.outputInfo);
  }
  return output;
}

interface Invoked {
  output: unknown;
  /** The output is our failure text, not the tool's result. */
  failed: boolean;
}

/** onToolStart, execute (a failure becomes text for the model, or the run's error), onToolEnd. */
function invokeBracketed<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>, args: unknown): MaybePromise<Invoked> {
  const ended = (output: unknown, failed: boolean): MaybePromise<Invoked> =>
    then(fireToolEnd(turn, tool, output), () => ({ output, failed }));
  const failedWith = (error: unknown): MaybePromise<Invoked> => then(failureOutput(turn, call, tool, error), (text) => ended(text, true));
  return then(fireToolStart(turn, tool), () => {
    let result: MaybePromise<unknown>;
    try {
      result = then(invoke(turn, call, tool, args), (output) => checkToolOutput(tool.name, output)); // unserialisable: a failure
    } catch (error) {
      return failedWith(error);
    }
    if (result instanceof Promise) return result.then((output) => ended(output, false), failedWith);
    return ended(result, false);
  });
}

/** What the model sees for a failed execution, or the error that fails the run instead. */
function failureOutput<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>, error: unknown): MaybePromise<string> {
  const env = turn.env;
  if (env.abort.aborted) throw env.abort.reason ?? error;
  if (error instanceof ToolTimeoutError) {
    if (tool.timeoutBehavior === 'raise_exception') throw error;
    return error.message;
  }
  if (tool.failureErrorFunction === null) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(`Error running tool '${tool.name}': ${message}`, { cause: error });
  }
  return failureText(turn, call, tool, error);
}

async function failureText<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>, error: unknown): Promise<string> {
  // RunConfig.toolErrorFormatter is not consulted: it formats missing tools and rejected approvals only (as in the Python SDK).
  if (tool.failureErrorFunction) return String(await tool.failureErrorFunction(turn.state.context, error));
  return defaultToolErrorText(error);
}

/** Execute the tool: its value as is when synchronous, else a promise that also settles on a run abort. */
function invoke<C>(turn: Turn<C>, call: FunctionCallItem, tool: Tool<C>, args: unknown): MaybePromise<unknown> {
  const { state, env } = turn;
  const abort = env.abort;
  const ctx = new ToolCallContext<C>({
    context: state.context.context,
    usage: state.context.usage,
    toolName: tool.name,
    toolCallId: call.call_id,
    toolArguments: call.arguments,
    agent: state.currentAgent,
    env,
  });
  abort.throwIfAborted();
  const timeoutMs = tool.timeoutMs;
  if (!timeoutMs) {
    const result = tool.execute(args, ctx);
    // A synchronous result is already complete: no abort can interrupt it, so skip the race
    // (its promises and abort listener cost more than many tools themselves).
    if (!isThenable(result)) return result;
    return untilAborted(Promise.resolve(result), abort);
  }
  // A per-call controller so a timeout aborts this tool only; the run's abort still reaches it.
  const controller = new AbortController();
  const detach = abort.onAbort(() => controller.abort(abort.reason));
  ctx.signal = controller.signal;
  const timed = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new ToolTimeoutError(tool.name, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    new Promise((r) => r(tool.execute(args, ctx))).then(resolve, reject).finally(() => {
      clearTimeout(timer);
      detach();
    });
  });
  return untilAborted(timed, abort);
}


/**
 * `work`, or a rejection with the run's abort reason as soon as the run is aborted: a tool that
 * ignores `ctx.signal` must not hold up a cancelled or aborted run (its late result is dropped).
 */
function untilAborted<T>(work: Promise<T>, abort: LazyAbort): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const detach = abort.onAbort(() => reject(abort.reason));
    work.then(
      (value) => {
        detach();
        resolve(value);
      },
      (error: unknown) => {
        detach();
        reject(error);
      },
    );
  });
}
