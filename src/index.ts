/**
 * agentrun: the agent loop (model call → tools → handoffs → final output) with run / runStreamed /
 * runSync, guardrails, hooks, sessions, server-managed conversations and tracing.
 *
 * @module agentrun
 */
export { Agent, type AgentConfig, type ToolUseBehavior, type FunctionToolResult } from './agent/agent.js';
export {
  hostedMcpTool, type HostedMcpTool, type HostedMcpToolOptions, type HostedMcpRequireApproval,
} from './agent/hosted-mcp-tool.js';
export { tool, defaultToolErrorText, type FunctionTool, type Tool, type ToolContext, type ToolOptions, type ToolArgs } from './agent/tool.js';
export {
  handoff, Handoff, defaultHandoffToolName, defaultHandoffToolDescription,
  type HandoffOptions, type HandoffInputData, type HandoffInputFilter, type HandoffHistoryMapper,
} from './agent/handoff.js';
export type { AgentToolOptions, NestedRunResult } from './agent/as-tool.js';
export { RunContextWrapper } from './agent/run-context.js';
export type { AgentLike } from './agent/agent-like.js';
export type { AgentOutputType, JsonSchemaOutputType, OutputOf } from './agent/output-type.js';
export type { JsonObjectSchema } from './agent/schema.js';
export type {
  MCPServer, MCPTool, MCPToolCallResult, MCPToolFilter, MCPToolFilterStatic, MCPToolFilterCallable, MCPToolFilterContext,
  MCPRequireApproval, MCPRequestOptions, MCPConfig,
} from './agent/mcp-server.js';

export { Runner, DEFAULT_MAX_TURNS, type RunOptions, type RunInput, type ResumeOptions } from './run/runner.js';
export { SQLiteRunStore } from './durable/sqlite-run-store.js';
export { MemoryRunStore } from './durable/memory-run-store.js';
export { RunLeaseLostError } from './durable/errors.js';
export type {
  RunStore, RunStatus, RunSummary, StoredRun, RunCheckpoint, LeaseHolder, AcquireMode,
} from './durable/run-store.js';
export type { RunConfig, CallModelData, ModelInputData, SessionSettings, ToolExecutionConfig, ReasoningItemIdPolicy, ToolErrorFormatter, ToolErrorFormatterArgs } from './run/run-config.js';
export { RunResult } from './run/run-result.js';
export { RunResultStreaming } from './run/run-result-streaming.js';
export { RunState } from './run/run-state.js';
export type { NextStep } from './run/next-step.js';
export {
  RunErrorHandlerResult, type RunErrorHandler, type RunErrorHandlers, type RunErrorHandlerInput,
} from './run/error-handlers.js';
export type {
  StreamEvent, RawResponseStreamEvent, RunItemStreamEvent, AgentUpdatedStreamEvent, RunItemStreamEventName,
} from './run/stream-events.js';

export {
  MessageOutputItem, ToolCallItem, ToolCallOutputItem, HandoffCallItem, HandoffOutputItem, ReasoningItem,
  ToolApprovalItem, HostedMcpItem, type RunItem,
} from './items/run-items.js';
export type {
  AgentInputItem, AgentOutputItem, InputMessageItem, AssistantMessageItem, FunctionCallItem, FunctionCallOutputItem,
  ReasoningItem as ReasoningWireItem, InputContent, OutputText, OutputRefusal, Usage,
  HostedMcpWireItem, McpListToolsItem, McpCallItem, McpApprovalRequestItem, McpApprovalResponseItem,
} from './items/types.js';

export {
  inputGuardrail, outputGuardrail, toolInputGuardrail, toolOutputGuardrail, ToolGuardrailFunctionOutput,
  type InputGuardrail, type OutputGuardrail, type InputGuardrailResult, type OutputGuardrailResult,
  type GuardrailFunctionOutput, type ToolInputGuardrail, type ToolOutputGuardrail, type ToolGuardrailData,
} from './guardrails/types.js';
export { RunHooks, AgentHooks, type RunHooksLike, type AgentHooksLike } from './hooks/run-hooks.js';

export {
  AgentsException, MaxTurnsExceeded, ModelBehaviorError, UserError, ModelRefusalError, ToolTimeoutError,
  ModelHttpError, ModelConnectionError, ModelTimeoutError,
} from './errors/index.js';
export {
  InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered, ToolInputGuardrailTripwireTriggered,
  ToolOutputGuardrailTripwireTriggered,
} from './guardrails/tripwire-errors.js';
export type { RunErrorData } from './run/run-error-data.js';
export {
  retryPolicies, type ModelRetryFailure, type ModelRetryPolicy, type ModelRetrySettings,
} from './models/retry-policies.js';

export type {
  Model, ModelProvider, ModelRequest, ModelResponse, ResponseStreamEvent, SerializedFunctionTool, SerializedOutputType,
  SerializedHostedMcpTool, SerializedTool, RunAbort, InputJsonCache, ResponseEventHandler,
} from './models/interface.js';
export type { ModelSettings, ToolChoice } from './models/model-settings.js';
export {
  OpenAIResponsesModel, OpenAIChatCompletionsModel, OpenAIProvider, MultiProvider, setDefaultOpenAIKey,
  setDefaultOpenAIClient, setDefaultOpenAIApi, NodeHttpTransport, type OpenAIApi, type ModelTransport,
  type TransportRequest, type SseMessage, type SseHandler,
} from './models/openai/index.js';

export { MemorySession, SQLiteSession, SessionConnectionError, SessionCorruptError, type Session } from './sessions/index.js';

export {
  trace, addTraceProcessor, setTraceProcessors, setTracingDisabled, flushTraces, getCurrentTrace, getCurrentSpan,
  startSpan, startTrace, withSpan, runInSpan, shutdownTraces, setTracingExportApiKey, genTraceId, redactError, toSpanError,
  BatchTraceProcessor, OpenAITracingExporter, LocalTraceProcessor, LocalTraceStore,
  type Trace, type Span, type SpanData, type MCPListToolsSpanData, type SpanError, type TracingOptions, type TracingProcessor, type TracingExporter,
} from './tracing/index.js';
