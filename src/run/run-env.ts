import type { Agent } from '../agent/agent.js';
import type { ModelProvider } from '../models/interface.js';
import type { RunHooksLike } from '../hooks/run-hooks.js';
import type { Session } from '../sessions/session.js';
import type { RunConfig } from './run-config.js';
import type { RunErrorHandlers } from './error-handlers.js';
import type { StreamSink } from './stream-events.js';
import type { AgentSetup } from './agent-setup.js';
import type { RunTracing } from './run-tracing.js';
import type { LazyAbort } from '../utils/lazy-abort.js';
import type { InputJsonCache } from '../utils/input-json-cache.js';
import type { StepExecutor } from './steps/step-executor.js';
import type { RunOptions } from './runner.js';
import type { RunResult } from './run-result.js';

/**
 * Everything about a run that is not its state: configuration, callbacks, the event sink and
 * cancellation. Built once per run; never serialised.
 */
export interface RunEnv<TContext = unknown> {
  config: RunConfig<TContext>;
  hooks: RunHooksLike<TContext> | undefined;
  errorHandlers: RunErrorHandlers<TContext> | undefined;
  session: Session | undefined;
  /** Present for streamed runs only; the blocking path builds no events at all. */
  sink: StreamSink | undefined;
  modelProvider: ModelProvider;
  /** Aborted by the caller's signal or by cancel('immediate'). */
  abort: LazyAbort;
  /** Set by cancel('after_turn'): finish the current turn, start no further model call. */
  cancelAfterTurn: boolean;
  /** previousResponseId / autoPreviousResponseId / conversationId in use. */
  serverManaged: boolean;
  /** Per-agent prepared data (tools, handoffs, settings), built once per run. */
  setups: Map<Agent<TContext, unknown>, AgentSetup<TContext>>;
  tracing: RunTracing;
  /** The JSON of the history items this run has sent (used by the built-in OpenAI transport). */
  inputJson: InputJsonCache;
  /**
   * How a tool call starts a nested run (`ctx.runAgent`, used by `agent.asTool()`): the runner
   * module's `Runner.run`, handed down with the run so that the turn and agent/ need not import
   * the runner (which imports them).
   */
  runNested: <C, O>(agent: Agent<C, O>, input: string, options: RunOptions<C>) => Promise<RunResult<C, O>>;
  /** The step seam: runs the run's steps (model and tool calls, guardrails, handoffs, session I/O); undefined: each step is just done. See {@link StepExecutor}. */
  steps?: StepExecutor;
}
