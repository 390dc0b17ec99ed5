import { z } from 'zod';
import type { Agent } from './agent.js';
import type { Tool } from './tool.js';
import { tool } from './tool.js';
import { UserError } from '../errors/index.js';
import type { RunResult } from '../run/run-result.js';

import type { MaybePromise } from '../utils/types.js';

/** The nested run's result, as an agent tool's output extractor sees it. */
export type NestedRunResult = RunResult<unknown, unknown>;

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

/**
 * A function tool that runs `agent` on the model's `input`. The nested run is started through the
 * tool call's context (`ctx.runAgent`, given by the runner): agent/ imports nothing of the runner.
 */
export function makeAgentTool<TContext>(agent: Agent<TContext, unknown>, options: AgentToolOptions<TContext>): Tool<TContext> {
  const name = options.toolName ?? agent.name.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  const created = tool({
    name,
    description: options.toolDescription ?? agent.handoffDescription ?? `Run the ${agent.name} agent`,
    parameters: z.object({ input: z.string() }),
    isEnabled: options.isEnabled,
    needsApproval: options.needsApproval,
    async execute({ input }, ctx) {
      if (!ctx.runAgent) throw new UserError(`Agent tool '${name}' was called outside a run: its context has no runAgent`);
      const result = await ctx.runAgent(agent as Agent<unknown, unknown>, input);
      if (options.customOutputExtractor) return options.customOutputExtractor(result);
      return result.finalOutput;
    },
  });
  return created as Tool<TContext>;
}
