import type { AgentLike } from '../../agent/agent-like.js';
import type { Agent } from '../../agent/agent.js';
import type { ToolContext } from '../../agent/tool.js';
import type { Usage } from '../../items/types.js';
import type { RunConfig } from '../run-config.js';
import type { RunEnv } from '../run-env.js';
import type { RunResult } from '../run-result.js';

/**
 * The {@link ToolContext} of one tool call. A class so that `signal` is a getter on the
 * prototype: the run's `AbortSignal` is made only when a tool reads it (most never do), which
 * saves microseconds per run. A spread copy (`{ ...ctx }`) has every field but `signal` and
 * `runAgent`.
 */
export class ToolCallContext<TContext> implements ToolContext<TContext> {
  context: TContext;
  usage: Usage;
  toolName: string;
  toolCallId: string;
  toolArguments: string;
  agent: AgentLike<TContext>;
  readonly #env: RunEnv<TContext>;
  #signal: AbortSignal | undefined;

  constructor(fields: Omit<ToolContext<TContext>, 'signal' | 'runAgent'> & { env: RunEnv<TContext> }) {
    this.context = fields.context;
    this.usage = fields.usage;
    this.toolName = fields.toolName;
    this.toolCallId = fields.toolCallId;
    this.toolArguments = fields.toolArguments;
    this.agent = fields.agent;
    this.#env = fields.env;
  }

  /** The run's signal, or the call's own when it has a timeout. */
  get signal(): AbortSignal {
    return this.#signal ?? this.#env.abort.signal;
  }

  set signal(signal: AbortSignal) {
    this.#signal = signal;
  }

  /** A nested run (`agent.asTool()`): the run's provider and tracing settings, this call's context and signal. */
  runAgent(agent: Agent<unknown, unknown>, input: string): Promise<RunResult<unknown, unknown>> {
    const env = this.#env;
    const runConfig: RunConfig<unknown> = { modelProvider: env.modelProvider };
    if (env.config.tracingDisabled !== undefined) runConfig.tracingDisabled = env.config.tracingDisabled;
    if (env.config.traceIncludeSensitiveData !== undefined) runConfig.traceIncludeSensitiveData = env.config.traceIncludeSensitiveData;
    return env.runNested(agent, input, { context: this.context, signal: this.signal, runConfig });
  }
}
