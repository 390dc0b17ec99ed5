// `agentrun/otel`: mirror agentrun traces into OpenTelemetry.
// Usage: addTraceProcessor(new OpenTelemetryTraceProcessor({ tracer })).
export { OpenTelemetryTraceProcessor } from './tracing/otel/processor.js';
export type { OpenTelemetryTraceProcessorOptions } from './tracing/otel/processor.js';
export { otelShape } from './tracing/otel/attributes.js';
export type { OtelShape } from './tracing/otel/attributes.js';
