import { UserError } from '../errors/index.js';
import type { SerializedHostedMcpTool } from '../models/interface.js';

/** Which of a hosted MCP server's tools need approval: all, none, or by tool name. */
export type HostedMcpRequireApproval = 'always' | 'never' | { always?: string[]; never?: string[] };

/** Options of {@link hostedMcpTool}. */
export interface HostedMcpToolOptions {
  /** The server's label: the model and the approval requests name the server by it. */
  serverLabel: string;
  /** The server's URL, reached by the Responses API (not by this process). */
  serverUrl: string;
  /** Absent: the API's default (every call needs approval). */
  requireApproval?: HostedMcpRequireApproval;
  /** HTTP headers the API sends to the server (for example an authorization header). */
  headers?: Record<string, string>;
}

/**
 * A Responses-hosted MCP server: the OpenAI Responses API lists and calls its tools itself. The
 * agent passes the definition through; the run keeps the API's `mcp_list_tools` / `mcp_call`
 * items in the history, and stops on each `mcp_approval_request` with a `tool_approval_item`
 * interruption (answered on resume with an `mcp_approval_response`). Only Responses models
 * support it: a Chat Completions model refuses it with a `UserError`.
 */
export interface HostedMcpTool {
  readonly type: 'hosted_mcp';
  /** The server label. */
  readonly name: string;
  /** The Responses API `mcp` tool definition, as sent. */
  readonly serialized: SerializedHostedMcpTool;
}

/** A hosted MCP tool for `new Agent({ tools: [...] })`; see {@link HostedMcpTool}. */
export function hostedMcpTool(options: HostedMcpToolOptions): HostedMcpTool {
  const { serverLabel, serverUrl, requireApproval, headers } = options ?? ({} as HostedMcpToolOptions);
  if (typeof serverLabel !== 'string' || serverLabel === '') throw new UserError('hostedMcpTool: serverLabel must be a non-empty string');
  if (typeof serverUrl !== 'string' || serverUrl === '') throw new UserError(`hostedMcpTool '${serverLabel}': serverUrl must be a non-empty string`);
  const serialized: SerializedHostedMcpTool = { type: 'mcp', server_label: serverLabel, server_url: serverUrl };
  if (requireApproval !== undefined) serialized.require_approval = wireApproval(serverLabel, requireApproval);
  if (headers !== undefined) serialized.headers = { ...headers };
  return { type: 'hosted_mcp', name: serverLabel, serialized };
}

/** True for a value made by {@link hostedMcpTool}. */
export function isHostedMcpTool(value: unknown): value is HostedMcpTool {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'hosted_mcp';
}

function wireApproval(label: string, value: HostedMcpRequireApproval): SerializedHostedMcpTool['require_approval'] {
  if (value === 'always' || value === 'never') return value;
  if (typeof value !== 'object' || value === null) throw new UserError(`hostedMcpTool '${label}': requireApproval must be 'always', 'never' or { always?, never? }`);
  const wire: { always?: { tool_names: string[] }; never?: { tool_names: string[] } } = {};
  if (value.always) wire.always = { tool_names: [...value.always] };
  if (value.never) wire.never = { tool_names: [...value.never] };
  return wire;
}
