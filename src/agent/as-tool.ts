import { z } from 'zod';
import type { Agent } from './agent.js';
import type { Tool, ToolContext } from './tool.js';
import { tool } from './tool.js';
import { UserError } from '../errors/index.js';

import type { MaybePromise } from '../utils/types.js';

/** The part of a run result an agent tool's output extractor sees. */
export interface NestedRunResult {
  finalOutput: unknown;
  newItems: unknown[];
}

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
type NestedRunner = (agent: Agent<unknown, unknown>, input: string, ctx: ToolContext<unknown>) => Promise<NestedRunResult>;
let nestedRunner: NestedRunner | undefined;

export function setNestedRunner(fn: NestedRunner): void {
  nestedRunner = fn;
}

export function makeAgentTool<TContext>(agent: Agent<TContext, unknown>, options: AgentToolOptions<TContext>): Tool<TContext> {
  const name = options.toolName ?? agent.name.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return tool({
    name,
    description: options.toolDescription ?? agent.handoffDescription ?? `Run the ${agent.name} agent`,
    parameters: z.object({ input: z.string() }),
    isEnabled: options.isEnabled,
    needsApproval: options.needsApproval,
    async execute({ input }, ctx) {
      if (!nestedRunner) throw new UserError('agent.asTool() needs the runner module loaded (import from "agentrun")');
      const result = await nestedRunner(agent as Agent<unknown, unknown>, input, ctx as ToolContext<unknown>);
      if (options.customOutputExtractor) return options.customOutputExtractor(result);
      return result.finalOutput;
    },
  }) as Tool<TContext>;
}
