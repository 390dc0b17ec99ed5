import { UserError } from '../../errors/index.js';
import type { AgentInputItem, InputContent } from '../../items/types.js';
import type { ModelRequest, SerializedFunctionTool, SerializedTool } from '../interface.js';
import type { ToolChoice } from '../model-settings.js';
import type { ChatContentPart, ChatMessage, ChatTool } from './chat-wire-types.js';
import { assertToolExists } from './responses-body.js';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type TextPart = { type: 'text'; text: string };

/** Options of {@link buildChatBody}. */
export interface ChatBodyOptions {
  model: string;
  request: ModelRequest;
  stream: boolean;
}

/**
 * The `POST /chat/completions` body for one model call.
 *
 * Settings: `maxTokens` is sent as `max_tokens`, the field every OpenAI-compatible server accepts
 * (OpenAI's reasoning models want `max_completion_tokens`: pass it through `extraBody`).
 * `reasoning.effort` becomes `reasoning_effort`; `truncation` and `reasoning.summary` have no Chat
 * Completions equivalent and are not sent. `parallel_tool_calls` is sent only with tools (the API
 * rejects it otherwise). `previousResponseId` / `conversationId` are Responses-only: `UserError`.
 */
export function buildChatBody({ model, request, stream }: ChatBodyOptions): Record<string, unknown> {
  if (request.previousResponseId !== undefined || request.conversationId !== undefined) {
    throw new UserError('previousResponseId and conversationId need the Responses API; the Chat Completions model cannot use them');
  }
  const settings = request.modelSettings;
  const body: Record<string, unknown> = { model, messages: toChatMessages(request.input, request.systemInstructions) };
  const tools = request.tools;
  if (tools.length > 0) {
    const chatTools = new Array<ChatTool>(tools.length);
    for (let i = 0; i < tools.length; i++) chatTools[i] = chatTool(tools[i]!);
    body.tools = chatTools;
    if (settings.parallelToolCalls !== undefined) body.parallel_tool_calls = settings.parallelToolCalls;
  }
  if (settings.toolChoice !== undefined) body.tool_choice = chatToolChoice(settings.toolChoice, request);
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.maxTokens !== undefined) body.max_tokens = settings.maxTokens;
  const effort = settings.reasoning?.effort;
  if (effort !== undefined && effort !== null) body.reasoning_effort = effort;
  if (settings.metadata !== undefined) body.metadata = settings.metadata;
  if (settings.store !== undefined) body.store = settings.store;
  if (settings.frequencyPenalty !== undefined) body.frequency_penalty = settings.frequencyPenalty;
  if (settings.presencePenalty !== undefined) body.presence_penalty = settings.presencePenalty;
  if (settings.verbosity !== undefined) body.verbosity = settings.verbosity;
  if (settings.topLogprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = settings.topLogprobs;
  }
  if (settings.promptCacheRetention !== undefined) body.prompt_cache_retention = settings.promptCacheRetention;
  if (request.outputType !== undefined) {
    const { name, schema, strict } = request.outputType;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, strict } };
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (settings.extraBody !== undefined) Object.assign(body, settings.extraBody);
  return body;
}

// Serialized tools are usually the same objects turn after turn: convert each once.
const chatToolCache = new WeakMap<SerializedFunctionTool, ChatTool>();

function chatTool(tool: SerializedTool): ChatTool {
  if (tool.type !== 'function') {
    // Hosted tools run inside the Responses API; Chat Completions has nothing to send them to.
    throw new UserError(`The Chat Completions model cannot use the hosted MCP tool '${tool.server_label}' (hostedMcpTool needs a Responses API model)`);
  }
  let converted = chatToolCache.get(tool);
  if (converted === undefined) {
    const { name, description, parameters, strict } = tool;
    converted = { type: 'function', function: { name, description, parameters, strict } };
    chatToolCache.set(tool, converted);
  }
  return converted;
}

function chatToolChoice(choice: ToolChoice, request: ModelRequest): unknown {
  if (choice === 'auto' || choice === 'required' || choice === 'none') return choice;
  assertToolExists(choice, request);
  return { type: 'function', function: { name: choice } };
}

/**
 * Responses-style items as chat messages: instructions become the first system message; an
 * assistant message and the function calls after it form one assistant message with
 * `tool_calls`; each `function_call_output` is a `tool` message; reasoning items are dropped.
 */
export function toChatMessages(input: readonly AgentInputItem[], instructions?: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions !== undefined && instructions.length > 0) messages.push({ role: 'system', content: instructions });
  // The assistant message that following function calls attach to, while one is open.
  let assistant: AssistantMessage | undefined;
  for (let i = 0; i < input.length; i++) {
    const item = input[i]! as AgentInputItem & { type?: string; role?: string };
    const type = item.type ?? 'message';
    if (type === 'message') {
      const role = item.role;
      if (role === 'assistant') {
        assistant = assistantMessage(item as { content: unknown }, i);
        messages.push(assistant);
        continue;
      }
      assistant = undefined;
      const content = (item as { content: unknown }).content;
      if (role === 'user') messages.push({ role, content: typeof content === 'string' ? content : userParts(content, i) });
      else if (role === 'system' || role === 'developer') messages.push({ role, content: typeof content === 'string' ? content : textParts(content, i) });
      else throw new UserError(`Input item ${i}: unknown message role ${JSON.stringify(role)}`);
    } else if (type === 'function_call') {
      const call = item as { call_id?: unknown; name?: unknown; arguments?: unknown };
      if (typeof call.call_id !== 'string' || typeof call.name !== 'string') {
        throw new UserError(`Input item ${i}: function_call needs string call_id and name`);
      }
      if (assistant === undefined) {
        assistant = { role: 'assistant', content: null };
        messages.push(assistant);
      }
      (assistant.tool_calls ??= []).push({
        id: call.call_id,
        type: 'function',
        function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : '{}' },
      });
    } else if (type === 'function_call_output') {
      assistant = undefined;
      const result = item as { call_id?: unknown; output?: unknown };
      if (typeof result.call_id !== 'string') throw new UserError(`Input item ${i}: function_call_output needs a string call_id`);
      const output = typeof result.output === 'string' ? result.output : JSON.stringify(result.output);
      messages.push({ role: 'tool', tool_call_id: result.call_id, content: output });
    } else if (type !== 'reasoning') {
      throw new UserError(`Input item ${i}: the Chat Completions model cannot send items of type '${type}'`);
    }
  }
  return messages;
}

function assistantMessage(item: { content: unknown }, index: number): AssistantMessage {
  const content = item.content;
  if (typeof content === 'string') return { role: 'assistant', content };
  if (!Array.isArray(content)) throw new UserError(`Input item ${index}: assistant message content must be a string or an array`);
  let texts: TextPart[] | undefined;
  let refusal: string | undefined;
  for (const part of content as Array<{ type?: string; text?: unknown; refusal?: unknown }>) {
    if (part.type === 'output_text' || part.type === 'input_text' || part.type === 'text') {
      (texts ??= []).push({ type: 'text', text: String(part.text ?? '') });
    } else if (part.type === 'refusal') {
      refusal = (refusal ?? '') + String(part.refusal ?? '');
    } else {
      throw new UserError(`Input item ${index}: assistant content part of type '${String(part.type)}' has no Chat Completions form`);
    }
  }
  const message: AssistantMessage = {
    role: 'assistant',
    content: texts === undefined ? null : texts.length === 1 ? texts[0]!.text : texts,
  };
  if (refusal !== undefined) message.refusal = refusal;
  return message;
}

function userParts(content: unknown, index: number): ChatContentPart[] {
  if (!Array.isArray(content)) throw new UserError(`Input item ${index}: message content must be a string or an array`);
  const parts = new Array<ChatContentPart>(content.length);
  for (let j = 0; j < content.length; j++) {
    const part = content[j] as InputContent;
    if (part.type === 'input_text') parts[j] = { type: 'text', text: part.text };
    else if (part.type === 'input_image') {
      if (typeof part.image_url !== 'string') {
        throw new UserError(`Input item ${index}: Chat Completions needs input_image.image_url (a URL or data URL), not a file_id`);
      }
      parts[j] = { type: 'image_url', image_url: part.detail === undefined ? { url: part.image_url } : { url: part.image_url, detail: part.detail } };
    } else if (part.type === 'input_file') {
      const file: { file_id?: string; file_data?: string; filename?: string } = {};
      if (part.file_id !== undefined) file.file_id = part.file_id;
      if (part.file_data !== undefined) file.file_data = part.file_data;
      if (part.filename !== undefined) file.filename = part.filename;
      parts[j] = { type: 'file', file };
    } else {
      throw new UserError(`Input item ${index}: content part of type '${String((part as { type?: unknown }).type)}' has no Chat Completions form`);
    }
  }
  return parts;
}

function textParts(content: unknown, index: number): TextPart[] {
  if (!Array.isArray(content)) throw new UserError(`Input item ${index}: message content must be a string or an array`);
  return content.map((part: { type?: string; text?: unknown }) => {
    if (part.type !== 'input_text') throw new UserError(`Input item ${index}: system/developer messages may hold only input_text parts`);
    return { type: 'text' as const, text: String(part.text) };
  });
}
