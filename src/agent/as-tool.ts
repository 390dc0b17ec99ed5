import { z } from 'zod';
import type { Agent } from './agent.js';
import type { Tool, ToolContext } from './tool.js';
import { tool } from './tool.js';
import { UserError } from '../errors/index.js';
import type { ModelProvider } from '../models/interface.js';
import type { RunResult } from '../run/run-result.js';

import type { MaybePromise } from '../utils/types.js';

/** The nested run's result, as an agent tool's output extractor sees it. */
export type NestedRunResult = RunResult<unknown, unknown>;

/** What a nested agent run inherits from the run whose model called the tool. */
export interface ParentRunSettings {
  modelProvider: ModelProvider;
  tracingDisabled?: boolean;
  traceIncludeSensitiveData?: boolean;
}

const AGENT_TOOL = Symbol('agentrun.agentTool');
const parentRuns = new WeakMap<object, ParentRunSettings>();

/** True for tools made by agent.asTool(). */
export function isAgentTool(t: object): boolean {
  return AGENT_TOOL in t;
}

/** Called by the runner for agent tools: the nested run uses the parent's provider and tracing settings. */
export function rememberParentRun(ctx: object, settings: ParentRunSettings): void {
  parentRuns.set(ctx, settings);
}

/** Options of `agent.asTool()`. */
export interface AgentToolOptions<TContext> {
  toolName?: string;
  toolDescription?: string;
  /** Turns the nested run's result into the tool output (default: the final output). */
  customOutputExtractor?: (result: NestedRunResult) => MaybePromise<unknown>;
  /** Passed through to the created tool. */
  isEnabled?: boolean;
  needsApproval?: boolean;
}

/** How the nested run is started; set by the runner module so agent/ does not import run/. */
type NestedRunner = (agent: Agent<unknown, unknown>, input: string, ctx: ToolContext<unknown>, parent: ParentRunSettings | undefined) => Promise<NestedRunResult>;
let nestedRunner: NestedRunner | undefined;

export function setNestedRunner(fn: NestedRunner): void {
  nestedRunner = fn;
}

export function makeAgentTool<TContext>(agent: Agent<TContext, unknown>, options: AgentToolOptions<TContext>): Tool<TContext> {
  const name = options.toolName ?? agent.name.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  const created = tool({
    name,
    description: options.toolDescription ?? agent.handoffDescription ?? `Run the ${agent.name} agent`,
    parameters: z.object({ input: z.string() }),
    isEnabled: options.isEnabled,
    needsApproval: options.needsApproval,
    async execute({ input }, ctx) {
      if (!nestedRunner) throw new UserError('agent.asTool() needs the runner module loaded (import from "agentrun")');
      const result = await nestedRunner(agent as Agent<unknown, unknown>, input, ctx as ToolContext<unknown>, parentRuns.get(ctx));
      if (options.customOutputExtractor) return options.customOutputExtractor(result);
      return result.finalOutput;
    },
  });
  Object.defineProperty(created, AGENT_TOOL, { value: true });
  return created as Tool<TContext>;
}
