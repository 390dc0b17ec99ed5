import type { FunctionToolResult } from '../../agent/agent.js';
import type { Tool, ToolContext } from '../../agent/tool.js';
import { defaultToolErrorText } from '../../agent/tool.js';
import type { FunctionCallItem, FunctionCallOutputItem } from '../../items/types.js';
import { ToolApprovalItem, ToolCallOutputItem } from '../../items/run-items.js';
import {
  ToolInputGuardrailTripwireTriggered, ToolOutputGuardrailTripwireTriggered, ToolTimeoutError, UserError,
} from '../../errors/index.js';
import { fireToolEnd, fireToolStart } from '../../hooks/dispatch.js';
import { withSpan } from '../../tracing/create.js';
import { isAgentTool, rememberParentRun } from '../../agent/as-tool.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';
import type { ProcessedResponse } from './classify-output.js';

export interface ToolPhaseResult<C> {
  /** One output item per call, in call order (unknown tools included). */
  outputs: ToolCallOutputItem[];
  /** Results of the function tools that ran, for toolUseBehavior. */
  results: FunctionToolResult<C>[];
  /** Calls waiting for approval; when non-empty nothing ran this turn. */
  approvals: ToolApprovalItem[];
}

export const REJECTED_TOOL_TEXT = 'Tool execution was not approved.';

/** Run this turn's function tools concurrently; outputs come back in call order. */
export async function executeTools<C>(state: RunState<C>, env: RunEnv<C>, processed: ProcessedResponse<C>): Promise<ToolPhaseResult<C>> {
  const agent = state.currentAgent;
  const approvals: ToolApprovalItem[] = [];
  const rejected = new Set<string>();
  for (const { call, tool } of processed.functions) {
    if (!(await needsApproval(state, tool, call))) continue;
    const decision = state.approvals.get(call.call_id);
    if (decision === undefined) approvals.push(new ToolApprovalItem(agent, call));
    else if (!decision) rejected.add(call.call_id);
  }
  if (approvals.length > 0) return { outputs: [], results: [], approvals };

  const byCall = new Map<string, ToolCallOutputItem>();
  const resultByCall = new Map<string, FunctionToolResult<C>>();
  await Promise.all(
    processed.functions.map(async ({ call, tool }) => {
      const output = rejected.has(call.call_id) ? REJECTED_TOOL_TEXT : await runTool(state, env, call, tool);
      const item = new ToolCallOutputItem(agent, outputWire(call, output), output);
      byCall.set(call.call_id, item);
      resultByCall.set(call.call_id, { tool, output, runItem: item });
    }),
  );
  if (processed.functions.length > 0) state.agentsThatUsedTools.add(agent.name);
  for (const call of processed.unknownCalls) {
    const text = `Tool '${call.name}' not found in agent '${agent.name}'. Use one of the available tools.`;
    byCall.set(call.call_id, new ToolCallOutputItem(agent, outputWire(call, text), text));
  }
  const outputs: ToolCallOutputItem[] = [];
  const results: FunctionToolResult<C>[] = [];
  for (const item of processed.items) {
    if (item.type !== 'tool_call_item') continue;
    const out = byCall.get(item.rawItem.call_id);
    if (out) outputs.push(out);
    const result = resultByCall.get(item.rawItem.call_id);
    if (result) results.push(result);
  }
  return { outputs, results, approvals: [] };
}

async function needsApproval<C>(state: RunState<C>, tool: Tool<C>, call: FunctionCallItem): Promise<boolean> {
  const flag = tool.needsApproval;
  if (typeof flag !== 'function') return flag === true;
  let args: unknown;
  try {
    args = tool.parseArguments(call.arguments);
  } catch {
    return false; // unparsable arguments never reach the tool; the run reports them instead
  }
  return Boolean(await flag(state.context, args, call.call_id));
}

/** The wire output: strings as they are, anything else as JSON text. */
export function outputWire(call: FunctionCallItem, output: unknown): FunctionCallOutputItem {
  let text: string;
  if (typeof output === 'string') text = output;
  else if (output === undefined) text = '';
  else {
    try {
      text = JSON.stringify(output) ?? String(output);
    } catch {
      text = String(output);
    }
  }
  return { type: 'function_call_output', call_id: call.call_id, output: text };
}

async function runTool<C>(state: RunState<C>, env: RunEnv<C>, call: FunctionCallItem, tool: Tool<C>): Promise<unknown> {
  const span = env.tracing.functionCall(tool.name, call.arguments);
  try {
    // Current while the tool runs, so spans it makes (and nested agent runs) nest under it.
    const output = await withSpan(span, () => guardedInvoke(state, env, call, tool));
    env.tracing.setOutput(span, output);
    return output;
  } catch (error) {
    env.tracing.fail(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Parse arguments, apply tool guardrails, execute; failures become text for the model unless
 * configured to throw. onToolStart / onToolEnd bracket the execution itself: a call that never
 * reaches `execute` (bad arguments, rejected by an input guardrail) fires neither, and onToolEnd
 * gets what the tool produced (or its failure text), before output guardrails judge it.
 */
async function guardedInvoke<C>(state: RunState<C>, env: RunEnv<C>, call: FunctionCallItem, tool: Tool<C>): Promise<unknown> {
  const agent = state.currentAgent;
  let args: unknown;
  try {
    args = tool.parseArguments(call.arguments);
  } catch (error) {
    if (tool.failureErrorFunction === null) throw error; // a ModelBehaviorError naming the tool
    return failureText(state, env, call, tool, error);
  }
  const guardData = { context: state.context, agent, toolCall: call, toolName: tool.name, toolArguments: args };
  for (const g of tool.inputGuardrails) {
    const verdict = await g.execute(guardData);
    if (verdict.behavior.type === 'reject_content') return verdict.behavior.message;
    if (verdict.behavior.type === 'raise_exception') throw new ToolInputGuardrailTripwireTriggered(g.name, tool.name, verdict.outputInfo);
  }
  const started = fireToolStart(env.hooks, state.context, agent, tool);
  if (started) await started;
  let output: unknown;
  let failed = false;
  try {
    output = await invoke(env, call, tool, args, state);
  } catch (error) {
    if (env.abort.signal.aborted) throw env.abort.signal.reason ?? error;
    if (error instanceof ToolTimeoutError) {
      if (tool.timeoutBehavior === 'raise_exception') throw error;
      output = error.message;
    } else if (tool.failureErrorFunction === null) {
      const message = error instanceof Error ? error.message : String(error);
      throw new UserError(`Error running tool '${tool.name}': ${message}`, { cause: error });
    } else {
      output = await failureText(state, env, call, tool, error);
    }
    failed = true;
  }
  const ended = fireToolEnd(env.hooks, state.context, agent, tool, output);
  if (ended) await ended;
  if (failed) return output; // output guardrails judge results, not our failure text
  for (const g of tool.outputGuardrails) {
    const verdict = await g.execute({ ...guardData, output });
    if (verdict.behavior.type === 'reject_content') return verdict.behavior.message;
    if (verdict.behavior.type === 'raise_exception') throw new ToolOutputGuardrailTripwireTriggered(g.name, tool.name, verdict.outputInfo);
  }
  return output;
}

async function failureText<C>(state: RunState<C>, env: RunEnv<C>, call: FunctionCallItem, tool: Tool<C>, error: unknown): Promise<string> {
  if (tool.failureErrorFunction) return String(await tool.failureErrorFunction(state.context, error));
  const formatted = env.config.toolErrorFormatter ? await env.config.toolErrorFormatter({ toolName: tool.name, error, callId: call.call_id }) : undefined;
  return formatted ?? defaultToolErrorText(error);
}

function invoke<C>(env: RunEnv<C>, call: FunctionCallItem, tool: Tool<C>, args: unknown, state: RunState<C>): Promise<unknown> {
  const ctx: ToolContext<C> = {
    context: state.context.context,
    usage: state.context.usage,
    toolName: tool.name,
    toolCallId: call.call_id,
    toolArguments: call.arguments,
    agent: state.currentAgent,
    signal: env.abort.signal,
  };
  if (isAgentTool(tool)) {
    rememberParentRun(ctx, {
      modelProvider: env.modelProvider,
      tracingDisabled: env.config.tracingDisabled,
      traceIncludeSensitiveData: env.config.traceIncludeSensitiveData,
    });
  }
  const runSignal = env.abort.signal;
  if (runSignal.aborted) return Promise.reject(runSignal.reason);
  const timeoutMs = tool.timeoutMs;
  if (!timeoutMs) {
    let result: unknown;
    try {
      result = tool.execute(args, ctx);
    } catch (error) {
      return Promise.reject(error);
    }
    // A synchronous result is already complete: no abort can interrupt it, so skip the race
    // (its promises and abort listener cost more than many tools themselves).
    if (!isThenable(result)) return Promise.resolve(result);
    return untilAborted(Promise.resolve(result), runSignal);
  }
  // A per-call controller so a timeout aborts this tool only; the run's abort still reaches it.
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(env.abort.signal.reason);
  env.abort.signal.addEventListener('abort', onRunAbort, { once: true });
  ctx.signal = controller.signal;
  const timed = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new ToolTimeoutError(tool.name, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    new Promise((r) => r(tool.execute(args, ctx))).then(resolve, reject).finally(() => {
      clearTimeout(timer);
      env.abort.signal.removeEventListener('abort', onRunAbort);
    });
  });
  return untilAborted(timed, runSignal);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * `work`, or a rejection with the run's abort reason as soon as the run is aborted: a tool that
 * ignores `ctx.signal` must not hold up a cancelled or aborted run (its late result is dropped).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
