import { UserError } from '../errors/index.js';
import { functionCall, textMessage } from './builders.js';
import type { ScriptedServerResponder } from './server-types.js';
import type { ScriptedReply } from './types.js';

/** Options of `echoResponder`. */
export interface EchoResponderOptions {
  /** Tool calls made after each user message before the final text (default 1; 0: always answer text). */
  toolCalls?: number;
}

interface ToolInfo {
  name: string;
  parameters: unknown;
}

/**
 * A deterministic stand-in for a model, for end-to-end tests and benchmarks. After the last
 * user message, while fewer than `toolCalls` tool results follow it and the request offers
 * tools, it calls the first tool with arguments that satisfy the tool's JSON schema (each
 * required property gets a default of its type: `"echo"`, `1`, `true`, `[]`, the first enum
 * value). Otherwise it answers `echo: <last user message text>`. Works for both APIs.
 */
export function echoResponder(options: EchoResponderOptions = {}): ScriptedServerResponder {
  const toolCalls = options.toolCalls ?? 1;
  if (!Number.isInteger(toolCalls) || toolCalls < 0) {
    throw new UserError(`echoResponder: toolCalls must be a non-negative integer, got ${String(toolCalls)}`);
  }
  return (body, { api }) => (api === 'chat' ? echoChat(body, toolCalls) : echoResponses(body, toolCalls));
}

function echoResponses(body: Record<string, unknown>, toolCalls: number): ScriptedReply {
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asRecords(body.input);
  const tools: ToolInfo[] = [];
  for (const tool of asRecords(body.tools)) {
    if (tool.type === 'function' && typeof tool.name === 'string') tools.push({ name: tool.name, parameters: tool.parameters });
  }
  return decide({ items: input, tools, toolCalls, isUser: (m) => m.role === 'user', isToolResult: (m) => m.type === 'function_call_output' });
}

function echoChat(body: Record<string, unknown>, toolCalls: number): ScriptedReply {
  const tools: ToolInfo[] = [];
  for (const tool of asRecords(body.tools)) {
    const fn = tool.function as Record<string, unknown> | undefined;
    if (tool.type === 'function' && typeof fn?.name === 'string') tools.push({ name: fn.name, parameters: fn.parameters });
  }
  return decide({ items: asRecords(body.messages), tools, toolCalls, isUser: (m) => m.role === 'user', isToolResult: (m) => m.role === 'tool' });
}

function decide(options: {
  items: Array<Record<string, unknown>>;
  tools: ToolInfo[];
  toolCalls: number;
  isUser: (item: Record<string, unknown>) => boolean;
  isToolResult: (item: Record<string, unknown>) => boolean;
}): ScriptedReply {
  const { items, tools, toolCalls } = options;
  let lastUser = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    if (options.isUser(items[i]!)) {
      lastUser = i;
      break;
    }
  }
  let results = 0;
  for (let i = lastUser + 1; i < items.length; i++) if (options.isToolResult(items[i]!)) results += 1;
  const inputTokens = 10 * items.length;
  if (tools.length > 0 && results < toolCalls) {
    const tool = tools[0]!;
    return { output: [functionCall(tool.name, sampleValue(tool.parameters, 0) ?? {})], usage: { inputTokens, outputTokens: 5 } };
  }
  const text = `echo: ${lastUser >= 0 ? textOf(items[lastUser]!.content) : ''}`;
  return { output: [textMessage(text)], usage: { inputTokens, outputTokens: Math.ceil(text.length / 4) } };
}

/** Text of a message's content: a string, or the concatenated text parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of asRecords(content)) if (typeof part.text === 'string') text += part.text;
  return text;
}

/** A value that satisfies a (simple) JSON schema; depth-capped against recursive schemas. */
function sampleValue(schema: unknown, depth: number): unknown {
  if (schema === null || typeof schema !== 'object' || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('const' in s) return s.const;
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return sampleValue(variants[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': return 'echo';
    case 'number':
    case 'integer': return 1;
    case 'boolean': return true;
    case 'array': return [];
    case 'null': return null;
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      for (const key of required) out[key] = sampleValue(props[key], depth + 1);
      return out;
    }
    default: return null;
  }
}

function asRecords(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object') : [];
}
