import type { Span as OtelSpan, Tracer } from '@opentelemetry/api';
import { otelApi } from './api.js';
import type { Span, Trace, TracingProcessor } from '../types.js';
import { otelShape } from './attributes.js';
import { isoToEpochMs } from '../clock.js';

/** Options for `OpenTelemetryTraceProcessor`. */
export interface OpenTelemetryTraceProcessorOptions {
  /** Tracer to create spans with; default `trace.getTracer('agentrun')` from the global provider. */
  tracer?: Tracer;
}

// Epoch milliseconds with a fraction keep the spans' microseconds (OTel accepts fractional ms).
function time(iso: string | null): number | undefined {
  return iso ? isoToEpochMs(iso) : undefined;
}

/**
 * Mirrors agentrun traces into OpenTelemetry: each trace becomes a root span (a child of whatever
 * OTel span is active when the trace starts), each agentrun span a child of its parent, with the
 * GenAI semantic-convention names and attributes, the original start/end times, and error status.
 */
export class OpenTelemetryTraceProcessor implements TracingProcessor {
  readonly #tracer: Tracer;
  readonly #roots = new Map<string, OtelSpan>();
  readonly #spans = new Map<string, OtelSpan>();

  constructor(options: OpenTelemetryTraceProcessorOptions = {}) {
    // Loaded here, so a missing @opentelemetry/api is a UserError at construction, not mid-run.
    const api = otelApi();
    this.#tracer = options.tracer ?? api.trace.getTracer('agentrun');
  }

  onTraceStart(trace: Trace): void {
    const root = this.#tracer.startSpan(
      trace.name,
      {
        ...(trace.startedAt && { startTime: isoToEpochMs(trace.startedAt) }),
        attributes: {
          'agentrun.trace.id': trace.traceId,
          'agentrun.workflow.name': trace.name,
          ...(trace.groupId !== undefined && { 'gen_ai.conversation.id': trace.groupId, 'agentrun.group.id': trace.groupId }),
          ...metadataAttributes(trace.metadata),
        },
      },
      otelApi().context.active(),
    );
    this.#roots.set(trace.traceId, root);
  }

  onTraceEnd(trace: Trace): void {
    const root = this.#roots.get(trace.traceId);
    if (!root) return;
    this.#roots.delete(trace.traceId);
    root.end(time(trace.endedAt));
  }

  onSpanStart(span: Span): void {
    const parent = (span.parentId !== null && this.#spans.get(span.parentId)) || this.#roots.get(span.traceId);
    const shape = otelShape(span.spanData);
    const otelSpan = this.#tracer.startSpan(
      shape.name,
      {
        kind: shape.kind,
        ...(span.startedAt && { startTime: isoToEpochMs(span.startedAt) }),
        attributes: { 'agentrun.span.id': span.spanId, 'agentrun.trace.id': span.traceId },
      },
      parent ? otelApi().trace.setSpan(otelApi().context.active(), parent) : otelApi().context.active(),
    );
    this.#spans.set(span.spanId, otelSpan);
  }

  onSpanEnd(span: Span): void {
    const otelSpan = this.#spans.get(span.spanId);
    if (!otelSpan) return;
    this.#spans.delete(span.spanId);
    // Outputs, usage and the final name (a generation's model) are known only now.
    const shape = otelShape(span.spanData);
    otelSpan.updateName(shape.name);
    otelSpan.setAttributes(shape.attributes);
    if (span.error) {
      const type = typeof span.error.data?.type === 'string' ? span.error.data.type : '_OTHER';
      otelSpan.setAttribute('error.type', type);
      otelSpan.recordException({ name: type, message: span.error.message });
      otelSpan.setStatus({ code: otelApi().SpanStatusCode.ERROR, message: span.error.message });
    }
    otelSpan.end(time(span.endedAt));
  }

  /** Ends any spans still open (their runs never finished), so they are not lost. */
  shutdown(): void {
    const now = new Date();
    for (const s of this.#spans.values()) s.end(now);
    for (const s of this.#roots.values()) s.end(now);
    this.#spans.clear();
    this.#roots.clear();
  }
}

function metadataAttributes(metadata: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (!metadata) return out;
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[`agentrun.metadata.${key}`] = value;
    else if (value !== undefined && value !== null) out[`agentrun.metadata.${key}`] = JSON.stringify(value);
  }
  return out;
}
