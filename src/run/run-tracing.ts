import type { Agent } from '../agent/agent.js';
import type { Span, Trace } from '../tracing/types.js';
import type { AgentSpanData, FunctionSpanData, GenerationSpanData, GuardrailSpanData, HandoffSpanData } from '../tracing/span-data.js';
import { startSpan } from '../tracing/create.js';
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

  constructor(options: { disabled: boolean; includeSensitiveData: boolean }) {
    this.disabled = options.disabled || !isTracingActive();
    this.includeSensitiveData = options.includeSensitiveData;
  }

  /** Start the span of a new agent segment, ending the previous one. */
  startAgent(agent: Agent<unknown, unknown>, setup: AgentSetup<unknown>): void {
    if (this.disabled) return;
    this.agentSpan?.end();
    this.agentSpan = startSpan(
      {
        type: 'agent',
        name: agent.name,
        tools: [...setup.toolsByName.keys()],
        handoffs: [...setup.handoffsByName.values()].map((h) => h.agent.name),
        ...(setup.outputSchema && { outputType: setup.outputSchema.serialized.name }),
      },
      { parent: this.outerSpan ?? this.trace, disabled: this.disabled },
    );
  }

  private parent(): Span | Trace | undefined {
    return this.agentSpan ?? this.outerSpan ?? this.trace;
  }

  generation(model: string | undefined, input: unknown): Span<GenerationSpanData> {
    if (this.disabled) return noopSpan<GenerationSpanData>();
    return startSpan({ type: 'generation', model, ...(this.includeSensitiveData && { input }) }, { parent: this.parent() });
  }

  functionCall(name: string, input: string): Span<FunctionSpanData> {
    if (this.disabled) return noopSpan<FunctionSpanData>();
    return startSpan({ type: 'function', name, ...(this.includeSensitiveData && { input }) }, { parent: this.parent() });
  }

  handoff(fromAgent: string, toAgent: string): Span<HandoffSpanData> {
    if (this.disabled) return noopSpan<HandoffSpanData>();
    return startSpan({ type: 'handoff', fromAgent, toAgent }, { parent: this.parent() });
  }

  guardrail(name: string): Span<GuardrailSpanData> {
    if (this.disabled) return noopSpan<GuardrailSpanData>();
    return startSpan({ type: 'guardrail', name, triggered: false }, { parent: this.parent() });
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
