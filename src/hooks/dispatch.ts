import type { RunContextWrapper } from '../agent/run-context.js';
import type { Agent } from '../agent/agent.js';
import type { Tool } from '../agent/tool.js';
import type { AgentInputItem } from '../items/types.js';
import type { ModelResponse } from '../models/interface.js';
import type { AgentHooksLike, RunHooksLike } from './run-hooks.js';

type HookFn = (...args: unknown[]) => unknown;

/**
 * Calls the run-level hook, then the agent-level one, awaiting each; kept in one place so the
 * documented order holds in every run mode. Returns undefined (no promise) when neither hook is
 * defined, the common case, to keep the hot path free of promise churn.
 */
function fire<C>(
  runHooks: RunHooksLike<C> | undefined, runName: keyof RunHooksLike<C>, runArgs: unknown[],
  agentHooks: AgentHooksLike<C> | undefined, agentName: keyof AgentHooksLike<C>, agentArgs: unknown[] = runArgs,
): Promise<void> | void {
  const a = runHooks?.[runName] as HookFn | undefined;
  const b = agentHooks?.[agentName] as HookFn | undefined;
  if (!a && !b) return;
  return (async () => {
    if (a) await a.apply(runHooks, runArgs);
    if (b) await b.apply(agentHooks, agentArgs);
  })();
}

type Hooks<C> = RunHooksLike<C> | undefined;
type Ctx<C> = RunContextWrapper<C>;
type A<C> = Agent<C, unknown>;

/** Whether either hook exists: checked before the arguments array is made (most runs have no hooks). */
function hooked<C>(runHooks: RunHooksLike<C> | undefined, runName: keyof RunHooksLike<C>, agentHooks: AgentHooksLike<C> | undefined, agentName: keyof AgentHooksLike<C>): boolean {
  return (runHooks !== undefined && runHooks[runName] !== undefined) || (agentHooks !== undefined && agentHooks[agentName] !== undefined);
}

export const fireAgentStart = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>) =>
  hooked(h, 'onAgentStart', agent.hooks, 'onStart') ? fire(h, 'onAgentStart', [ctx, agent], agent.hooks, 'onStart') : undefined;
export const fireAgentEnd = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>, output: unknown) =>
  hooked(h, 'onAgentEnd', agent.hooks, 'onEnd') ? fire(h, 'onAgentEnd', [ctx, agent, output], agent.hooks, 'onEnd') : undefined;
/** Each onLlmStart hook gets a list of its own (as in the Python SDK): the run's history keeps growing after the call. */
export const fireLlmStart = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>, system: string | undefined, input: AgentInputItem[]) =>
  hooked(h, 'onLlmStart', agent.hooks, 'onLlmStart')
    ? fire(h, 'onLlmStart', [ctx, agent, system, h?.onLlmStart ? input.slice() : input], agent.hooks, 'onLlmStart', [ctx, agent, system, agent.hooks?.onLlmStart ? input.slice() : input])
    : undefined;
export const fireLlmEnd = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>, response: ModelResponse) =>
  hooked(h, 'onLlmEnd', agent.hooks, 'onLlmEnd') ? fire(h, 'onLlmEnd', [ctx, agent, response], agent.hooks, 'onLlmEnd') : undefined;
export const fireToolStart = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>, tool: Tool<C>) =>
  hooked(h, 'onToolStart', agent.hooks, 'onToolStart') ? fire(h, 'onToolStart', [ctx, agent, tool], agent.hooks, 'onToolStart') : undefined;
export const fireToolEnd = <C>(h: Hooks<C>, ctx: Ctx<C>, agent: A<C>, tool: Tool<C>, result: unknown) =>
  hooked(h, 'onToolEnd', agent.hooks, 'onToolEnd') ? fire(h, 'onToolEnd', [ctx, agent, tool, result], agent.hooks, 'onToolEnd') : undefined;
/** Run-level onHandoff(ctx, from, to); agent-level onHandoff(ctx, to, from) on the handing-off agent. */
export const fireHandoff = <C>(h: Hooks<C>, ctx: Ctx<C>, from: A<C>, to: A<C>) =>
  fire(h, 'onHandoff', [ctx, from, to], from.hooks, 'onHandoff', [ctx, to, from]);
