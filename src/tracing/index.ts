// Tracing: traces and spans for runs, processors, and exporters (OpenAI, local SQLite).
// OpenTelemetry lives in `agentrun/otel` so the main entry does not pull it in.
export type {
  AgentSpanData,
  CustomSpanData,
  FunctionSpanData,
  GenerationSpanData,
  GuardrailSpanData,
  HandoffSpanData,
  MCPListToolsSpanData,
  ResponseSpanData,
  SpanData,
  SpanDataOf,
  SpanType,
} from './span-data.js';
export { spanDisplayName } from './span-data.js';
export type { Span, SpanError, SpanParent, Trace, TracingExporter, TracingProcessor } from './types.js';
export { isSpan } from './types.js';
export { genGroupId, genSpanId, genTraceId, validateTraceId } from './ids.js';
export {
  addTraceProcessor,
  flushTraces,
  getTraceProcessors,
  isTracingActive,
  isTracingDisabled,
  setTraceProcessors,
  setTracingDisabled,
  shutdownTraces,
} from './provider.js';
export type { FlushOptions } from './provider.js';
export { getCurrentSpan, getCurrentTrace } from './context.js';
export { runInSpan, runInTrace, startSpan, startTrace, trace, withSpan } from './create.js';
export type { RunInSpanOptions, StartSpanOptions, StartTraceOptions, TraceOptions } from './create.js';
export { REDACTED_ERROR_MESSAGE, redactError, toSpanError } from './sensitive.js';
export type { TracingOptions } from './sensitive.js';
export { BatchTraceProcessor } from './batch-processor.js';
export type { BatchTraceProcessorOptions } from './batch-processor.js';
export { OpenAITracingExporter, setTracingExportApiKey } from './openai-exporter.js';
export type { OpenAITracingExporterOptions } from './openai-exporter.js';
export { spanDataToWire, toIngestItem } from './export-format.js';
export type { IngestPayload, IngestSpan, IngestTrace } from './export-format.js';
export { LocalTraceStore, defaultTraceDbPath } from './local/store.js';
export type { LocalTraceStoreOptions, StoredSpan, StoredTrace, TraceSummary } from './local/store.js';
export { LocalTraceProcessor } from './local/processor.js';
export type { LocalTraceProcessorOptions } from './local/processor.js';
