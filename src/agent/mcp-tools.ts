import type { AgentLike } from './agent-like.js';
import type { RunContextWrapper } from './run-context.js';
import type { MCPConfig, MCPServer, MCPTool, MCPToolCallResult, MCPToolFilter, MCPRequireApproval } from './mcp-server.js';
import { tool, type FunctionTool, type Tool } from './tool.js';
import { toStrictJsonSchema } from './strict-schema.js';
import { UserError } from '../errors/index.js';
import { getCurrentSpan } from '../tracing/context.js';

/** What {@link mcpFunctionTools} needs to know about the agent and the turn. */
export interface MCPToolsRequest<C> {
  agent: AgentLike<C>;
  servers: readonly MCPServer[];
  config: MCPConfig | undefined;
  runContext: RunContextWrapper<C>;
  /** Names the agent already uses (function tools, handoffs), each with its owner for the collision error. */
  taken: ReadonlyMap<string, string>;
}

/**
 * The function tools an agent offers from its MCP servers this turn: every server listed
 * concurrently, filtered, converted. A name used twice (by two servers, or by a server and a
 * function tool or handoff) is a UserError naming the tool and both owners.
 */
export async function mcpFunctionTools<C>(request: MCPToolsRequest<C>): Promise<Tool<C>[]> {
  const { agent, servers, runContext } = request;
  const strict = request.config?.convertSchemasToStrict === true;
  const lists = await Promise.all(servers.map((server) => offeredTools(server, agent, runContext)));
  const owners = new Map(request.taken);
  const tools: Tool<C>[] = [];
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i]!;
    const owner = `MCP server '${server.name}'`;
    for (const listed of lists[i]!) {
      const prior = owners.get(listed.name);
      if (prior !== undefined) throw new UserError(`Agent '${agent.name}': tool name '${listed.name}' is used twice, by ${prior} and by ${owner}`);
      owners.set(listed.name, owner);
      tools.push(convertedTool(server, listed, strict) as Tool<C>);
    }
  }
  return tools;
}

// The last list each server gave: a server that dies mid-run keeps offering it, so the model's
// calls get error texts naming the failure and the run goes on (a first listing that fails still fails the run).
const lastListed = new WeakMap<MCPServer, MCPTool[]>();

async function listOrLast(server: MCPServer): Promise<MCPTool[]> {
  try {
    const tools = await server.listTools();
    lastListed.set(server, tools);
    return tools;
  } catch (error) {
    const last = lastListed.get(server);
    if (last === undefined || error instanceof UserError) throw error;
    return last;
  }
}

async function offeredTools<C>(server: MCPServer, agent: AgentLike<C>, runContext: RunContextWrapper<C>): Promise<MCPTool[]> {
  const all = await listOrLast(server);
  const filter = server.toolFilter as MCPToolFilter<C> | undefined;
  if (filter === undefined) return all;
  if (typeof filter !== 'function') return all.filter((t) => passesStatic(filter, t.name));
  const ctx = { agent, serverName: server.name, runContext };
  const verdicts = await Promise.all(all.map(async (t) => Boolean(await filter(ctx, t))));
  return all.filter((_, i) => verdicts[i]);
}

function passesStatic(filter: { allowedToolNames?: string[]; blockedToolNames?: string[] }, name: string): boolean {
  if (filter.allowedToolNames !== undefined && !filter.allowedToolNames.includes(name)) return false;
  return !(filter.blockedToolNames?.includes(name) ?? false);
}

// A cached tool list gives back the same MCPTool objects: their schemas are converted once, not every turn.
const converted = new WeakMap<MCPTool, Map<string, FunctionTool>>();

function convertedTool(server: MCPServer, listed: MCPTool, strict: boolean): FunctionTool {
  let byKey = converted.get(listed);
  if (byKey === undefined) converted.set(listed, (byKey = new Map()));
  const key = `${strict}\u0000${server.name}\u0000${approvalKey(server.requireApproval)}`;
  let made = byKey.get(key);
  if (made === undefined) byKey.set(key, (made = mcpToolToFunctionTool(server, listed, strict)));
  return made;
}

function approvalKey(policy: MCPRequireApproval | undefined): string {
  return typeof policy === 'object' ? JSON.stringify(policy) : (policy ?? 'never');
}

/**
 * One MCP tool as a function tool: same name and description, its input schema (strict when
 * asked and possible, else as given), and an `execute` that calls the server.
 */
export function mcpToolToFunctionTool(server: MCPServer, listed: MCPTool, convertToStrict: boolean): FunctionTool {
  const parameters = objectSchema(listed.inputSchema);
  let strict = false;
  if (convertToStrict) {
    try {
      toStrictJsonSchema(parameters, `MCP tool '${listed.name}'`);
      strict = true;
    } catch {
      strict = false; // e.g. optional properties: sent as the server gave it
    }
  }
  return tool({
    name: listed.name,
    description: listed.description ?? '',
    parameters: parameters as { type: 'object' },
    strict,
    needsApproval: needsApproval(server.requireApproval, listed.name),
    execute: async (args, ctx) => {
      // The runner made this tool call's function span current: say which server answers it.
      const span = getCurrentSpan();
      if (span?.spanData.type === 'function') span.spanData.mcpData = { server: server.name };
      const result = await server.callTool(listed.name, args, { signal: ctx.signal });
      return resultText(server, listed, result);
    },
  });
}

function objectSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const s = schema ?? {};
  return Object.assign({}, s, { type: 'object', properties: s.properties ?? {} });
}

function needsApproval(policy: MCPRequireApproval | undefined, name: string): boolean {
  if (policy === undefined || policy === 'never') return false;
  if (policy === 'always') return true;
  if (policy.never?.includes(name)) return false;
  return policy.always?.includes(name) ?? false;
}

/**
 * The text the model gets: text parts as they are, other parts as JSON, one per line; the
 * structured content instead when the server opts in and the tool declares an output schema.
 * A result flagged `isError` throws, so it reaches the model as a tool error text.
 */
export function resultText(server: MCPServer, listed: MCPTool, result: MCPToolCallResult): string {
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : JSON.stringify(part))).join('\n');
  if (result.isError) {
    throw new Error(`MCP tool '${listed.name}' on server '${server.name}' returned an error${text ? `: ${text}` : ''}`);
  }
  if (server.useStructuredContent && listed.outputSchema !== undefined && result.structuredContent !== undefined) {
    return JSON.stringify(result.structuredContent);
  }
  return text;
}
