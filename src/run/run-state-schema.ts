import { z } from 'zod';

/**
 * The zod schema of a saved RunState, one per format version. Wire items are checked on the
 * fields the runner reads; extra provider fields pass through untouched (loose objects).
 */

const status = z.enum(['in_progress', 'completed', 'incomplete']).optional();
const usage = z.looseObject({
  requests: z.number().int().nonnegative(),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  totalTokens: z.number().nonnegative(),
  inputTokensDetails: z.looseObject({ cachedTokens: z.number().optional() }).optional(),
  outputTokensDetails: z.looseObject({ reasoningTokens: z.number().optional() }).optional(),
});

const inputContent = z.looseObject({ type: z.enum(['input_text', 'input_image', 'input_file']) });
const inputMessage = z.looseObject({
  type: z.literal('message').optional(),
  id: z.string().optional(),
  role: z.enum(['user', 'system', 'developer']),
  content: z.union([z.string(), z.array(inputContent)]),
});
const assistantMessage = z.looseObject({
  type: z.literal('message'),
  id: z.string().optional(),
  role: z.literal('assistant'),
  status,
  content: z.array(z.union([
    z.looseObject({ type: z.literal('output_text'), text: z.string() }),
    z.looseObject({ type: z.literal('refusal'), refusal: z.string() }),
  ])),
});
export const functionCallSchema = z.looseObject({
  type: z.literal('function_call'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  status,
});
const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  output: z.string(),
  status,
});
const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().optional(),
  summary: z.array(z.looseObject({ type: z.literal('summary_text'), text: z.string() })),
});

// Hosted MCP items (hostedMcpTool): checked on what the run reads, passed through otherwise.
const mcpListTools = z.looseObject({ type: z.literal('mcp_list_tools'), id: z.string().min(1), server_label: z.string() });
const mcpCall = z.looseObject({ type: z.literal('mcp_call'), id: z.string().min(1), server_label: z.string(), name: z.string() });
export const mcpApprovalRequestSchema = z.looseObject({
  type: z.literal('mcp_approval_request'),
  id: z.string().min(1),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const mcpApprovalResponse = z.looseObject({ type: z.literal('mcp_approval_response'), approval_request_id: z.string().min(1), approve: z.boolean() });
const hostedMcpItem = z.union([mcpListTools, mcpCall, mcpApprovalRequestSchema, mcpApprovalResponse]);

export const inputItemSchema = z.union([inputMessage, assistantMessage, functionCallSchema, functionCallOutput, reasoning, hostedMcpItem]);
const outputItem = z.union([assistantMessage, functionCallSchema, reasoning, mcpListTools, mcpCall, mcpApprovalRequestSchema]);

export const modelResponseSchema = z.looseObject({
  output: z.array(outputItem),
  usage,
  responseId: z.string().optional(),
});

const agentName = z.string().min(1);
const runItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_output_item'), agent: agentName, rawItem: assistantMessage }),
  z.object({ type: z.literal('tool_call_item'), agent: agentName, rawItem: functionCallSchema }),
  z.object({ type: z.literal('tool_call_output_item'), agent: agentName, rawItem: functionCallOutput, output: z.unknown().optional() }),
  z.object({ type: z.literal('handoff_call_item'), agent: agentName, rawItem: functionCallSchema }),
  z.object({
    type: z.literal('handoff_output_item'), agent: agentName, rawItem: functionCallOutput, sourceAgent: agentName, targetAgent: agentName,
  }),
  z.object({ type: z.literal('reasoning_item'), agent: agentName, rawItem: reasoning }),
  z.object({ type: z.literal('hosted_mcp_item'), agent: agentName, rawItem: hostedMcpItem }),
  z.object({ type: z.literal('tool_approval_item'), agent: agentName, rawItem: z.union([functionCallSchema, mcpApprovalRequestSchema]) }),
]);
export type EncodedItem = z.infer<typeof runItem>;

const pending = z.object({
  functions: z.array(functionCallSchema),
  handoffs: z.array(functionCallSchema),
  mcpApprovals: z.array(mcpApprovalRequestSchema).optional(),
  turnStart: z.number().int().nonnegative(),
});
const nextStep = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run_again') }),
  z.object({ type: z.literal('handoff'), newAgent: agentName }),
  z.object({ type: z.literal('final_output'), output: z.unknown().optional() }),
  z.object({ type: z.literal('interruption'), interruptions: z.array(runItem), pending }),
]);
export type EncodedStep = z.infer<typeof nextStep>;

const guardrailResult = z.object({
  guardrail: z.object({ name: z.string() }),
  output: z.looseObject({ outputInfo: z.unknown().optional(), tripwireTriggered: z.boolean() }),
});
const outputGuardrailResult = guardrailResult.extend({ agent: agentName, agentOutput: z.unknown().optional() });

const count = z.number().int().nonnegative();

/** Version 1 (agentrun 0.1): no run id, no output guardrail results. */
export const stateV1Schema = z.object({
  version: z.literal(1),
  currentAgent: agentName,
  originalInput: z.union([z.string(), z.array(inputItemSchema)]),
  currentTurn: count,
  maxTurns: z.number().int().nonnegative().nullable(),
  generatedItems: z.array(runItem),
  modelResponses: z.array(modelResponseSchema),
  context: z.unknown().optional(),
  usage,
  inputGuardrailResults: z.array(guardrailResult),
  nextStep: nextStep.optional(),
  finalOutput: z.unknown().optional(),
  lastResponseId: z.string().optional(),
  previousResponseId: z.string().optional(),
  conversationId: z.string().optional(),
  autoPreviousResponseId: z.boolean(),
  sentItemCount: count,
  agentsThatUsedTools: z.array(z.string()),
  currentAgentStarted: z.boolean(),
  approvals: z.array(z.tuple([z.string(), z.boolean()])),
  historyBase: z.array(inputItemSchema).optional(),
  historyBaseItemCount: count,
});
export type EncodedStateV1 = z.infer<typeof stateV1Schema>;

/** Version 2: the durable run's id and the output guardrail results are kept. */
export const stateV2Schema = stateV1Schema.extend({
  version: z.literal(2),
  runId: z.string().min(1).optional(),
  outputGuardrailResults: z.array(outputGuardrailResult),
});
export type EncodedState = z.infer<typeof stateV2Schema>;

/** The version `encodeRunState` writes. */
export const CURRENT_VERSION = 2;
