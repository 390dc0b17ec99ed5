import type { RunContextWrapper } from '../agent/run-context.js';
import type { AgentLike } from '../agent/agent-like.js';
import type { Tool } from '../agent/tool.js';
import type { AgentInputItem } from '../items/types.js';
import type { ModelResponse } from '../models/interface.js';

import type { MaybePromise } from '../utils/types.js';

/**
 * Run-wide lifecycle callbacks. Order within a run: agent start → llm start → llm end → tool
 * start → tool end → … → (handoff → agent start of the next agent …) → agent end. Each callback
 * is awaited before the run goes on; one that throws fails the run with its error.
 * Extend the class or pass a plain object with any subset of the methods.
 */
export interface RunHooksLike<TContext = unknown> {
  /** An agent's segment begins: the first turn, and after each handoff. */
  onAgentStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>): MaybePromise<void>;
  /** The agent produced the run's final output (before output guardrails). */
  onAgentEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, output: unknown): MaybePromise<void>;
  /** A handoff from `fromAgent` to `toAgent` happens. */
  onHandoff?(ctx: RunContextWrapper<TContext>, fromAgent: AgentLike<TContext>, toAgent: AgentLike<TContext>): MaybePromise<void>;
  /** A function tool is about to run. */
  onToolStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, tool: Tool<TContext>): MaybePromise<void>;
  /** A function tool finished; `result` is its output (or failure text). */
  onToolEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, tool: Tool<TContext>, result: unknown): MaybePromise<void>;
  /** A model call is about to be made with these instructions and input items. */
  onLlmStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, systemPrompt: string | undefined, inputItems: AgentInputItem[]): MaybePromise<void>;
  /** A model call returned this response. */
  onLlmEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, response: ModelResponse): MaybePromise<void>;
}

/**
 * Per-agent lifecycle callbacks, called only for events of the agent that holds them.
 * `onHandoff(ctx, targetAgent, sourceAgent)` is called on the handing-off agent's hooks.
 */
export interface AgentHooksLike<TContext = unknown> {
  /** This agent's segment begins: the first turn, and after a handoff to it. */
  onStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>): MaybePromise<void>;
  /** This agent produced the run's final output. */
  onEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, output: unknown): MaybePromise<void>;
  /** This agent hands off to `agent` (called on the handing-off agent's hooks; `source` is this agent). */
  onHandoff?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, source: AgentLike<TContext>): MaybePromise<void>;
  /** A function tool is about to run. */
  onToolStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, tool: Tool<TContext>): MaybePromise<void>;
  /** A function tool finished; `result` is its output (or failure text). */
  onToolEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, tool: Tool<TContext>, result: unknown): MaybePromise<void>;
  /** A model call is about to be made with these instructions and input items. */
  onLlmStart?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, systemPrompt: string | undefined, inputItems: AgentInputItem[]): MaybePromise<void>;
  /** A model call returned this response. */
  onLlmEnd?(ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>, response: ModelResponse): MaybePromise<void>;
}

/** Run hooks as a class with no-op methods, to extend. */
export class RunHooks<TContext = unknown> implements RunHooksLike<TContext> {
  onAgentStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>): MaybePromise<void> {}
  onAgentEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _output: unknown): MaybePromise<void> {}
  onHandoff(_ctx: RunContextWrapper<TContext>, _from: AgentLike<TContext>, _to: AgentLike<TContext>): MaybePromise<void> {}
  onToolStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _tool: Tool<TContext>): MaybePromise<void> {}
  onToolEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _tool: Tool<TContext>, _result: unknown): MaybePromise<void> {}
  onLlmStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _systemPrompt: string | undefined, _input: AgentInputItem[]): MaybePromise<void> {}
  onLlmEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _response: ModelResponse): MaybePromise<void> {}
}

/** Agent hooks as a class with no-op methods, to extend. */
export class AgentHooks<TContext = unknown> implements AgentHooksLike<TContext> {
  onStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>): MaybePromise<void> {}
  onEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _output: unknown): MaybePromise<void> {}
  onHandoff(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _source: AgentLike<TContext>): MaybePromise<void> {}
  onToolStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _tool: Tool<TContext>): MaybePromise<void> {}
  onToolEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _tool: Tool<TContext>, _result: unknown): MaybePromise<void> {}
  onLlmStart(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _systemPrompt: string | undefined, _input: AgentInputItem[]): MaybePromise<void> {}
  onLlmEnd(_ctx: RunContextWrapper<TContext>, _agent: AgentLike<TContext>, _response: ModelResponse): MaybePromise<void> {}
}
