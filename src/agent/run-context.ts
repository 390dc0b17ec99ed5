import type { Usage } from '../items/types.js';
import { emptyUsage } from '../items/usage.js';

/**
 * What instructions, guardrails and hooks receive: the caller's context object and the usage
 * summed over the run so far. The runner owns `usage`; callers read it.
 */
export class RunContextWrapper<TContext = unknown> {
  context: TContext;
  usage: Usage;
  constructor(context: TContext, usage: Usage = emptyUsage()) {
    this.context = context;
    this.usage = usage;
  }
}
