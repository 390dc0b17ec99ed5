import type { Agent } from '../agent/agent.js';
import type { FunctionCallItem, McpApprovalRequestItem } from '../items/types.js';
import type { ToolApprovalItem } from '../items/run-items.js';

/** Tool and handoff calls classified from one model response, waiting to run. */
export interface PendingCalls {
  /** Function tool calls, in the model's order. */
  functions: FunctionCallItem[];
  /** Handoff calls, in the model's order (only the first one is acted on). */
  handoffs: FunctionCallItem[];
  /** Hosted MCP approval requests, answered with an `mcp_approval_response` on resume (absent in older states). */
  mcpApprovals?: McpApprovalRequestItem[];
  /** Index in generatedItems where the interrupted turn's items start. */
  turnStart: number;
}

/**
 * What a turn decided. Tagged and plain-data (agents by reference here, by name when
 * serialised), so the run state can be stored and resumed.
 */
export type NextStep =
  | { type: 'run_again' }
  | { type: 'handoff'; newAgent: Agent<unknown, unknown> }
  | { type: 'final_output'; output: unknown }
  | { type: 'interruption'; interruptions: ToolApprovalItem[]; pending: PendingCalls };
