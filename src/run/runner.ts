import { LazyAbort } from '../utils/lazy-abort.js';
import { Agent } from '../agent/agent.js';
import { RunContextWrapper } from '../agent/run-context.js';
import type { AgentInputItem } from '../items/types.js';
import type { ModelProvider } from '../models/interface.js';
import { MultiProvider } from '../models/openai/multi-provider.js';
import { processDefaults } from '../config/process-defaults.js';
import type { RunHooksLike } from '../hooks/run-hooks.js';
import type { Session } from '../sessions/session.js';
import { AgentsException, UserError } from '../errors/index.js';
import { joinOrStartTrace } from '../tracing/create.js';
import { getCurrentSpan } from '../tracing/context.js';
import { validateAgentGraph } from './agent-setup.js';
import { validateMaxTurns, validateRunConfig, type RunConfig } from './run-config.js';
import { validateErrorHandlers, type RunErrorHandlers } from './error-handlers.js';
import { validateRunOptions } from './validate-run-options.js';
import type { RunEnv } from './run-env.js';
import { runLoop } from './run-loop.js';
import { RunResult } from './run-result.js';
import { CANCELLED, RunResultStreaming } from './run-result-streaming.js';
import { RunState } from './run-state.js';
import { EventQueue } from './event-queue.js';
import type { StreamEvent, StreamSink } from './stream-events.js';
import { RunTracing } from './run-tracing.js';
import { loadSessionInput } from './session-io.js';
import { checkServerManaged } from './server-managed.js';
import { runPromiseSync } from './run-sync-driver.js';
import { InputJsonCache } from '../utils/input-json-cache.js';
import type { RunStore } from '../durable/run-store.js';
import type { DurableRun } from '../durable/durable-run.js';
import { checkDurableOptions, executeDurably, openResume } from '../durable/durable-execution.js';
import { SESSION_INPUT_STEP, type StepExecutor } from './steps/step-executor.js';

/** Default for `maxTurns`. */
export const DEFAULT_MAX_TURNS = 10;

/** Options of `run`, `runStreamed` and `runSync`. */
export interface RunOptions<TContext = unknown> {
  context?: TContext;
  /** Model calls allowed (default 10); null = unlimited. Checked before each model call. */
  maxTurns?: number | null;
  hooks?: RunHooksLike<TContext>;
  runConfig?: RunConfig<TContext>;
  /** Also accepted inside runConfig; this one wins. */
  errorHandlers?: RunErrorHandlers<TContext>;
  previousResponseId?: string;
  autoPreviousResponseId?: boolean;
  conversationId?: string;
  session?: Session;
  /** Aborts the model call, running tools and the loop. */
  signal?: AbortSignal;
  /** Make the run durable: every step is saved here before the next starts (see `Runner.resume`). */
  runStore?: RunStore;
  /** The durable run's id (default: a random UUID); needs `runStore`. */
  runId?: string;
}

/** Options of `Runner.resume` / `resumeStreamed`: the run's store, and the usual run options. */
export type ResumeOptions<TContext = unknown> = Omit<RunOptions<TContext>, 'runStore' | 'runId'> & { runStore: RunStore };

/**
 * Options of a run that are not part of the public API, for agentrun's own durable-run code.
 * @internal
 */
export interface InternalRunOptions {
  /** How the run executes its steps (default: directly). See {@link StepExecutor}. */
  steps?: StepExecutor;
  /** A stored durable run being resumed (`Runner.resume`). */
  opened?: DurableRun;
  /**
   * Where a `runWith` run sends its stream events, synchronously as the pipeline makes them (its
   * model calls then stream): agentrun/dbos writes them out of band. A streamed run keeps its queue.
   */
  sink?: StreamSink;
}

/** What a run accepts as input: text, Responses-API items, or a RunState to resume. */
export type RunInput<TContext> = string | AgentInputItem[] | RunState<TContext>;

function getDefaultProvider(): ModelProvider {
  return (processDefaults.modelProvider ??= new MultiProvider());
}

/**
 * Runs agents. The static methods use a default runner; `new Runner(defaults)` gives an instance
 * whose `run` / `runStreamed` / `runSync` apply `defaults` under each call's `runConfig`.
 */
export class Runner {
  private readonly defaults: RunConfig<unknown>;

  constructor(defaults: RunConfig<unknown> = {}) {
    validateRunConfig(defaults);
    this.defaults = defaults;
  }

  /** Run the agent loop to a final output. */
  static run<C, O>(agent: Agent<C, O>, input: RunInput<C>, options?: RunOptions<C>): Promise<RunResult<C, O>> {
    return defaultRunner.run(agent, input, options);
  }
  /** Start a streamed run; returns at once. */
  static runStreamed<C, O>(agent: Agent<C, O>, input: RunInput<C>, options?: RunOptions<C>): RunResultStreaming<C, O> {
    return defaultRunner.runStreamed(agent, input, options);
  }
  /** Run synchronously: blocks until the run ends and returns its RunResult (see docs/run-sync.md). */
  static runSync<C, O>(agent: Agent<C, O>, input: RunInput<C>, options?: RunOptions<C>): RunResult<C, O> {
    return defaultRunner.runSync(agent, input, options);
  }
  /**
   * Continue a durable run from its last save: recorded model responses are not requested again,
   * saved tool outputs not re-run. A completed run (or one still waiting for approvals) returns
   * its result with no model call. A run whose lease a live process holds is a UserError.
   */
  static resume<C, O>(agent: Agent<C, O>, runId: string, options: ResumeOptions<C>): Promise<RunResult<C, O>> {
    return defaultRunner.resume(agent, runId, options);
  }
  /** `resume`, streamed: the events of what is left of the run. */
  static resumeStreamed<C, O>(agent: Agent<C, O>, runId: string, options: ResumeOptions<C>): Promise<RunResultStreaming<C, O>> {
    return defaultRunner.resumeStreamed(agent, runId, options);
  }

  /** Run the agent loop to a final output, with this runner's RunConfig defaults. */
  async run<C, O>(agent: Agent<C, O>, input: RunInput<C>, options: RunOptions<C> = {}): Promise<RunResult<C, O>> {
    return this.runWith(agent, input, options);
  }

  /** Start a streamed run with this runner's RunConfig defaults; returns at once. */
  runStreamed<C, O>(agent: Agent<C, O>, input: RunInput<C>, options: RunOptions<C> = {}): RunResultStreaming<C, O> {
    return this.runStreamedWith(agent, input, options);
  }

  /** See `Runner.resume`. */
  async resume<C, O>(agent: Agent<C, O>, runId: string, options: ResumeOptions<C>): Promise<RunResult<C, O>> {
    const opened = await openResume(agent, runId, options?.runStore);
    if (!opened.durable) return new RunResult<C, O>(opened.state);
    return this.runWith(agent, opened.state, options, { opened: opened.durable });
  }

  /** See `Runner.resumeStreamed`. */
  async resumeStreamed<C, O>(agent: Agent<C, O>, runId: string, options: ResumeOptions<C>): Promise<RunResultStreaming<C, O>> {
    const opened = await openResume(agent, runId, options?.runStore);
    if (!opened.durable) {
      // Nothing left to run: a stream that ends at once, over the stored result.
      const { env, release } = this.prepare(agent, [], {}, undefined);
      release();
      const queue = new EventQueue<StreamEvent>();
      return new RunResultStreaming<C, O>({ state: opened.state, env, queue, run: Promise.resolve() });
    }
    return this.runStreamedWith(agent, opened.state, options, { opened: opened.durable });
  }

  /**
   * `run` with agentrun-internal options (a step executor, a resumed durable run).
   * @internal
   */
  async runWith<C, O>(agent: Agent<C, O>, input: RunInput<C>, options: RunOptions<C>, internal: InternalRunOptions = {}): Promise<RunResult<C, O>> {
    const opened = internal.opened;
    let prepared;
    try {
      prepared = this.prepare(agent, input, options, undefined);
    } catch (error) {
      await opened?.close();
      throw error;
    }
    const { state, env, release } = prepared;
    try {
      await this.execute({ state, env, input, options, internal });
    } finally {
      release();
    }
    return new RunResult<C, O>(state);
  }

  /**
   * `runStreamed` with agentrun-internal options (a step executor, a resumed durable run).
   * @internal
   */
  runStreamedWith<C, O>(agent: Agent<C, O>, input: RunInput<C>, options: RunOptions<C>, internal: InternalRunOptions = {}): RunResultStreaming<C, O> {
    const opened = internal.opened;
    const queue = new EventQueue<StreamEvent>();
    let prepared;
    try {
      prepared = this.prepare(agent, input, options, queue);
    } catch (error) {
      void opened?.close();
      throw error;
    }
    const { state, env, release } = prepared;
    // Started on the next microtask so the caller gets the result object before any event.
    const run = Promise.resolve().then(() => this.execute({ state, env, input, options, internal })).finally(release);
    return new RunResultStreaming<C, O>({ state, env, queue, run });
  }

  /** The run's execution; durable (journaled, checkpointed, leased) with a runStore. */
  private execute<C>(o: { state: RunState<C>; env: RunEnv<C>; input: RunInput<C>; options: RunOptions<C>; internal: InternalRunOptions }): Promise<void> {
    const store = o.options.runStore;
    const opened = o.internal.opened;
    if (o.internal.steps) o.env.steps = o.internal.steps;
    if (o.internal.sink && !o.env.sink) o.env.sink = o.internal.sink;
    if (!store && !opened) return executeRun(o.state, o.env, o.input);
    return executeDurably({
      store: store!, runId: o.options.runId, state: o.state, fromState: o.input instanceof RunState, env: o.env, opened,
      body: () => executeRun(o.state, o.env, o.input),
      cancelled: () => o.env.abort.reason === CANCELLED,
    });
  }

  /** Run synchronously with this runner's RunConfig defaults (see `Runner.runSync`). */
  runSync<C, O>(agent: Agent<C, O>, input: RunInput<C>, options: RunOptions<C> = {}): RunResult<C, O> {
    // The drive's signal stops the run too if the drive gives up (a stray error elsewhere).
    return runPromiseSync((signal) =>
      this.run(agent, input, Object.assign({}, options, { signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal })),
    );
  }

  /** Validate everything that can be checked before the first model call, and build state + env. */
  private prepare<C>(agent: Agent<C, unknown>, input: RunInput<C>, options: RunOptions<C>, queue: EventQueue<StreamEvent> | undefined) {
    if (!(agent instanceof Agent)) throw new UserError('The first argument must be an Agent');
    if (typeof options !== 'object' || options === null) throw new UserError('Run options must be an object');
    validateRunOptions(options as Record<string, unknown>);
    checkDurableOptions(options);
    validateRunConfig(options.runConfig);
    validateErrorHandlers(options.errorHandlers, 'errorHandlers');
    // Object.assign, not `{ ...a, ...b }`: on Node 20's V8 a spread followed by more properties gives
    // every copy a map of its own (~0.5 µs each), and the per-call reads of the config would go megamorphic.
    const config = Object.assign({}, this.defaults, options.runConfig) as RunConfig<C>;
    const maxTurns = options.maxTurns !== undefined ? options.maxTurns : config.maxTurns !== undefined ? config.maxTurns : DEFAULT_MAX_TURNS;
    validateMaxTurns(maxTurns, 'maxTurns');
    validateAgentGraph(agent as Agent<unknown, unknown>);
    const serverManaged = checkServerManaged(agent as Agent<unknown, unknown>, options as RunOptions<unknown>, config as RunConfig<unknown>);

    let state: RunState<C>;
    if (input instanceof RunState) {
      input.attachAgents(agent);
      if (input.nextStep?.type === 'final_output') {
        throw new UserError('This RunState is of a run that already finished; start a new run with result.toInputList() plus the next input');
      }
      state = input;
      // What the caller passes now wins over what the state carried: a context is often not
      // serialisable (live handles), and a used-up turn budget must be extendable.
      if (options.context !== undefined) state.context.context = options.context;
      if (options.maxTurns !== undefined || config.maxTurns !== undefined) state.maxTurns = maxTurns;
    } else {
      if (typeof input !== 'string' && !Array.isArray(input)) throw new UserError('input must be a string, an array of input items, or a RunState');
      state = new RunState<C>({ agent, input, context: new RunContextWrapper(options.context as C), maxTurns });
      state.previousResponseId = options.previousResponseId;
      state.conversationId = options.conversationId;
      state.autoPreviousResponseId = options.autoPreviousResponseId ?? false;
    }
    if (config.reasoningItemIdPolicy !== undefined) state.reasoningItemIdPolicy = config.reasoningItemIdPolicy;

    const abort = new LazyAbort();
    const signal = options.signal;
    const onAbort = () => abort.abort(signal!.reason);
    // An already-aborted signal fails the run before its first step (a rejection, or the
    // stream's error), like one aborted mid-run: runStreamed does not throw for it.
    if (signal?.aborted) abort.abort(signal.reason);
    else signal?.addEventListener('abort', onAbort, { once: true });
    const env: RunEnv<C> = {
      config,
      hooks: options.hooks,
      errorHandlers: options.errorHandlers ?? config.errorHandlers,
      session: options.session,
      sink: queue,
      modelProvider: config.modelProvider ?? getDefaultProvider(),
      abort,
      cancelAfterTurn: false,
      serverManaged,
      setups: new Map(),
      inputJson: new InputJsonCache(),
      tracing: new RunTracing({ disabled: config.tracingDisabled ?? false, includeSensitiveData: config.traceIncludeSensitiveData ?? true, abort }),
      runNested: Runner.run,
    };
    const release = () => signal?.removeEventListener('abort', onAbort);
    return { state, env, release };
  }
}

/** Session loading, tracing and the loop; errors get the run's data attached. */
async function executeRun<C>(state: RunState<C>, env: RunEnv<C>, input: RunInput<C>): Promise<void> {
  const config = env.config;
  try {
    // The run's trace is passed explicitly, not made current: see RunTracing.inScope for why.
    const { trace, owned } = joinOrStartTrace({
      name: config.workflowName ?? 'Agent workflow',
      traceId: config.traceId,
      groupId: config.groupId,
      metadata: config.traceMetadata,
      disabled: config.tracingDisabled ?? false,
    });
    env.tracing.trace = trace;
    env.tracing.outerSpan = getCurrentSpan() ?? undefined;
    try {
      env.abort.throwIfAborted();
      if (env.session && !(input instanceof RunState)) {
        const session = env.session;
        const load = async (): Promise<AgentInputItem[]> => {
          const loaded = await loadSessionInput({ session, input: input as string | AgentInputItem[], config: config as RunConfig<unknown> });
          await session.addItems(loaded.newInput);
          return loaded.merged;
        };
        // One step, the history read and the new input's write: a replay must not write it twice.
        const merged = env.steps ? await env.steps.run('session', SESSION_INPUT_STEP, load) : await load();
        state.replaceHistory(merged, []);
      }
      await runLoop(state, env);
    } catch (error) {
      if (env.abort.reason !== CANCELLED) env.tracing.failRun(error);
      throw error;
    } finally {
      env.tracing.end();
      if (owned) trace.end();
    }
  } catch (caught) {
    // Once the run is aborted, whatever a model or tool threw on the way out (the transport's
    // own AbortError, say) is a consequence: report the abort reason itself.
    const error = env.abort.aborted ? env.abort.reason : caught;
    // Tools still running (siblings of the one that failed the run) learn through ctx.signal that it is over.
    if (!env.abort.aborted) env.abort.abort(error);
    if (error instanceof AgentsException && error.runData === undefined) {
      error.runData = {
        input: state.originalInput,
        newItems: state.generatedItems,
        rawResponses: state.modelResponses,
        lastAgent: state.currentAgent,
        contextWrapper: state.context as RunContextWrapper<unknown>,
        inputGuardrailResults: state.inputGuardrailResults,
        outputGuardrailResults: state.outputGuardrailResults,
      };
    }
    throw error;
  }
}

const defaultRunner = new Runner();
