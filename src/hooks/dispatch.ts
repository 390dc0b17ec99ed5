import type { RunContextWrapper } from '../agent/run-context.js';
import type { Agent } from '../agent/agent.js';
import type { Tool } from '../agent/tool.js';
import type { AgentInputItem } from '../items/types.js';
import type { ModelResponse } from '../models/interface.js';
import type { AgentHooksLike, RunHooksLike } from './run-hooks.js';

type HookFn = (...args: unknown[]) => unknown;
type Ctx<C> = RunContextWrapper<C>;
type A<C> = Agent<C, unknown>;

/**
 * What a hook call reads from the turn: the run's hooks, its context and the current agent. A
 * turn (`run/turn/turn.ts`) is one; stated structurally so hooks need nothing from the run.
 */
export interface HookScope<C> {
  readonly env: {
    readonly hooks: RunHooksLike<C> | undefined;
    /** Runs a hook with the run's trace current (the run's `RunTracing`). */
    readonly tracing: { inScope<T>(fn: () => T, span: undefined, key: object): T };
  };
  readonly state: { readonly context: Ctx<C>; readonly currentAgent: A<C> };
}

/** One hook event: the run-level and agent-level callbacks to call, with their arguments. */
interface HookCall<C> {
  runHooks: RunHooksLike<C> | undefined;
  runName: keyof RunHooksLike<C>;
  runArgs: unknown[];
  agentHooks: AgentHooksLike<C> | undefined;
  agentName: keyof AgentHooksLike<C>;
  /** Defaults to `runArgs`. */
  agentArgs?: unknown[];
  /** Runs each hook with the run's trace current. */
  tracing: HookScope<C>['env']['tracing'];
}

/**
 * Calls the run-level hook, then the agent-level one, awaiting each; kept in one place so the
 * documented order holds in every run mode. Returns undefined (no promise) when neither hook is
 * defined, the common case, to keep the hot path free of promise churn.
 */
function fire<C>(call: HookCall<C>): Promise<void> | void {
  const { runHooks, agentHooks, runArgs } = call;
  const a = runHooks?.[call.runName] as HookFn | undefined;
  const b = agentHooks?.[call.agentName] as HookFn | undefined;
  if (!a && !b) return;
  const agentArgs = call.agentArgs ?? runArgs;
  const tracing = call.tracing;
  return (async () => {
    if (a) await tracing.inScope(() => a.apply(runHooks, runArgs), undefined, a);
    if (b) await tracing.inScope(() => b.apply(agentHooks, agentArgs), undefined, b);
  })();
}

/** Whether either hook exists: checked before the arguments array is made (most runs have no hooks). */
function hooked<C>(scope: HookScope<C>, runName: keyof RunHooksLike<C>, agentName: keyof AgentHooksLike<C>): boolean {
  const runHooks = scope.env.hooks;
  const agentHooks = scope.state.currentAgent.hooks;
  return (runHooks !== undefined && runHooks[runName] !== undefined) || (agentHooks !== undefined && agentHooks[agentName] !== undefined);
}

/** The same name and arguments for the run-level and the current agent's hook. */
function fireBoth<C>(scope: HookScope<C>, runName: keyof RunHooksLike<C>, agentName: keyof AgentHooksLike<C>, runArgs: unknown[]): Promise<void> | void {
  return fire({ runHooks: scope.env.hooks, runName, runArgs, agentHooks: scope.state.currentAgent.hooks, agentName, tracing: scope.env.tracing });
}

export const fireAgentStart = <C>(t: HookScope<C>) =>
  hooked(t, 'onAgentStart', 'onStart') ? fireBoth(t, 'onAgentStart', 'onStart', [t.state.context, t.state.currentAgent]) : undefined;
export const fireAgentEnd = <C>(t: HookScope<C>, output: unknown) =>
  hooked(t, 'onAgentEnd', 'onEnd') ? fireBoth(t, 'onAgentEnd', 'onEnd', [t.state.context, t.state.currentAgent, output]) : undefined;
/** Each onLlmStart hook gets a list of its own (as in the Python SDK): the run's history keeps growing after the call. */
export const fireLlmStart = <C>(t: HookScope<C>, request: { systemInstructions?: string; input: AgentInputItem[] }) => {
  if (!hooked(t, 'onLlmStart', 'onLlmStart')) return undefined;
  const { context, currentAgent: agent } = t.state;
  const { systemInstructions: system, input } = request;
  const runHooks = t.env.hooks;
  const agentHooks = agent.hooks;
  return fire({
    runHooks, runName: 'onLlmStart', runArgs: [context, agent, system, runHooks?.onLlmStart ? input.slice() : input],
    agentHooks, agentName: 'onLlmStart', agentArgs: [context, agent, system, agentHooks?.onLlmStart ? input.slice() : input],
    tracing: t.env.tracing,
  });
};
export const fireLlmEnd = <C>(t: HookScope<C>, response: ModelResponse) =>
  hooked(t, 'onLlmEnd', 'onLlmEnd') ? fireBoth(t, 'onLlmEnd', 'onLlmEnd', [t.state.context, t.state.currentAgent, response]) : undefined;
export const fireToolStart = <C>(t: HookScope<C>, tool: Tool<C>) =>
  hooked(t, 'onToolStart', 'onToolStart') ? fireBoth(t, 'onToolStart', 'onToolStart', [t.state.context, t.state.currentAgent, tool]) : undefined;
export const fireToolEnd = <C>(t: HookScope<C>, tool: Tool<C>, result: unknown) =>
  hooked(t, 'onToolEnd', 'onToolEnd') ? fireBoth(t, 'onToolEnd', 'onToolEnd', [t.state.context, t.state.currentAgent, tool, result]) : undefined;
/** Run-level onHandoff(ctx, from, to); agent-level onHandoff(ctx, to, from) on the handing-off agent, the current one. */
export const fireHandoff = <C>(t: HookScope<C>, to: A<C>) => {
  const { context: ctx, currentAgent: from } = t.state;
  return fire({ runHooks: t.env.hooks, runName: 'onHandoff', runArgs: [ctx, from, to], agentHooks: from.hooks, agentName: 'onHandoff', agentArgs: [ctx, to, from], tracing: t.env.tracing });
};
