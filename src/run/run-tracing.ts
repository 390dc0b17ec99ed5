import type { Agent } from '../agent/agent.js';
import type { RunAbort } from '../models/interface.js';
import type { Span, Trace } from '../tracing/types.js';
import type { AgentSpanData, FunctionSpanData, GenerationSpanData, GuardrailSpanData, HandoffSpanData } from '../tracing/span-data.js';
import { startChildSpan } from '../tracing/create.js';
import { runInScope } from '../tracing/context.js';
import { toSpanError } from '../tracing/sensitive.js';
import { noopSpan } from '../tracing/spans.js';
import { isTracingActive } from '../tracing/provider.js';
import type { AgentSetup } from './agent-setup.js';

/**
 * The run's view of tracing: one agent span per agent segment, with model, tool, handoff and
 * guardrail spans under it. When tracing is off every span is the shared no-op span, so the
 * pipeline calls these unconditionally at almost no cost.
 */
export class RunTracing {
  readonly includeSensitiveData: boolean;
  readonly disabled: boolean;
  trace: Trace | undefined;
  /** The span current when the run started (a tool span, for an agent run as a tool). */
  outerSpan: Span | undefined;
  private agentSpan: Span<AgentSpanData> | undefined;

  /** The run's abort: an abort mid-call ends the model call's span then (see `generation`). */
  private readonly abort: RunAbort;
  /** Model-call spans not yet ended; made with the run's one abort callback, on the first call. */
  private openGenerations: Array<Span<GenerationSpanData>> | undefined;

  constructor(options: { disabled: boolean; includeSensitiveData: boolean; abort: RunAbort }) {
    this.disabled = options.disabled || !isTracingActive();
    this.includeSensitiveData = options.includeSensitiveData;
    this.abort = options.abort;
  }

  /** Start the span of a new agent segment, ending the previous one. */
  startAgent(agent: Agent<unknown, unknown>, setup: AgentSetup<unknown>): void {
    if (this.disabled) return;
    this.agentSpan?.end();
    const data: AgentSpanData = {
      type: 'agent',
      name: agent.name,
      tools: [...setup.toolsByName.keys()],
      handoffs: [...setup.handoffsByName.values()].map((h) => h.agent.name),
    };
    if (setup.outputSchema) data.outputType = setup.outputSchema.serialized.name;
    this.agentSpan = startChildSpan(data, this.outerSpan ?? this.trace);
  }

  private parent(): Span | Trace | undefined {
    return this.agentSpan ?? this.outerSpan ?? this.trace;
  }

  /**
   * Runs code given by the user (a tool, guardrail, hook, instructions function, or a model that
   * may read the context) with the run's trace and `span` (default: the agent span) current, so
   * `getCurrentTrace()` finds the run's trace and spans it starts nest where they belong. The run's
   * own stages pass the trace explicitly and run outside any scope (see tracing/context.ts). With
   * the run's tracing off, `fn` simply runs, in its caller's context. `span: null` makes the run's
   * trace itself (or the span the run started under) the parent of spans `fn` starts. `key` is the
   * user's callback (or the object holding it) behind `fn`: see tracing/context.ts for what it saves.
   */
  inScope<T>(fn: () => T, span?: Span | null, key?: object): T {
    const trace = this.trace;
    if (this.disabled || trace === undefined || !trace.recording) return fn();
    const current = span === undefined ? (this.agentSpan ?? this.outerSpan ?? null) : (span ?? this.outerSpan ?? null);
    return runInScope({ trace, span: current }, fn, key);
  }

  /**
   * A model call's span, open until `endGeneration`. An aborted call may settle after the run has
   * ended (HTTP notices the abort a tick later), so the run's abort fails and ends the open spans
   * at once: one callback per run, not one registered and removed per call.
   */
  generation(model: string | undefined, input: unknown): Span<GenerationSpanData> {
    if (this.disabled) return noopSpan<GenerationSpanData>();
    // The input is usually the run's history array, which keeps growing: keep it as it was sent.
    const data: GenerationSpanData = this.includeSensitiveData
      ? { type: 'generation', model, input: Array.isArray(input) ? input.slice() : input }
      : { type: 'generation', model };
    const span = startChildSpan(data, this.parent());
    if (span.recording) (this.openGenerations ??= this.watchAbort()).push(span);
    return span;
  }

  /** Ends a model call's span; `failure` (unless the run's abort already ended the span) is recorded on it. */
  endGeneration(span: Span<GenerationSpanData>, failure?: { error: unknown }): void {
    if (!span.recording) return;
    const open = this.openGenerations!;
    // Usually the one open span: checked before the lastIndexOf builtin call.
    if (open[open.length - 1] === span) open.pop();
    else {
      const at = open.lastIndexOf(span);
      if (at === -1) return; // ended by the abort, with the abort's reason
      open.splice(at, 1);
    }
    if (failure !== undefined) this.fail(span, failure.error);
    span.end();
  }

  private watchAbort(): Array<Span<GenerationSpanData>> {
    const open: Array<Span<GenerationSpanData>> = [];
    const abort = this.abort;
    abort.onAbort(() => {
      for (const span of open.splice(0)) {
        this.fail(span, abort.reason);
        span.end();
      }
    });
    return open;
  }

  functionCall(name: string, input: string): Span<FunctionSpanData> {
    if (this.disabled) return noopSpan<FunctionSpanData>();
    return startChildSpan<FunctionSpanData>(this.includeSensitiveData ? { type: 'function', name, input } : { type: 'function', name }, this.parent());
  }

  handoff(fromAgent: string, toAgent: string): Span<HandoffSpanData> {
    if (this.disabled) return noopSpan<HandoffSpanData>();
    return startChildSpan<HandoffSpanData>({ type: 'handoff', fromAgent, toAgent }, this.parent());
  }

  guardrail(name: string): Span<GuardrailSpanData> {
    if (this.disabled) return noopSpan<GuardrailSpanData>();
    return startChildSpan<GuardrailSpanData>({ type: 'guardrail', name, triggered: false }, this.parent());
  }

  /** Sensitive payloads (inputs, outputs) are set only when allowed. */
  setOutput(span: Span<GenerationSpanData | FunctionSpanData>, output: unknown): void {
    if (span.recording && this.includeSensitiveData) span.spanData.output = output;
  }

  fail(span: Span | undefined, error: unknown): void {
    if (span?.recording) span.setError(toSpanError(error, this.includeSensitiveData));
  }

  /** Record a run-level error on the current agent span. */
  failRun(error: unknown): void {
    this.fail(this.agentSpan, error);
  }

  end(): void {
    this.agentSpan?.end();
    this.agentSpan = undefined;
  }
}
