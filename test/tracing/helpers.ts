import type { Span, Trace, TracingProcessor } from '../../src/tracing/index.js';

/** A processor that records every event, in order. */
export class RecordingProcessor implements TracingProcessor {
  events: string[] = [];
  traces: Trace[] = [];
  spans: Span[] = [];
  onTraceStart(trace: Trace): void {
    this.events.push(`trace_start:${trace.name}`);
    this.traces.push(trace);
  }
  onTraceEnd(trace: Trace): void {
    this.events.push(`trace_end:${trace.name}`);
  }
  onSpanStart(span: Span): void {
    this.events.push(`span_start:${span.spanData.type}`);
  }
  onSpanEnd(span: Span): void {
    this.events.push(`span_end:${span.spanData.type}`);
    this.spans.push(span);
  }
}

/** Captures console.warn calls while `fn` runs. */
export async function captureWarnings<T>(fn: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { result: await fn(), warnings };
  } finally {
    console.warn = original;
  }
}
