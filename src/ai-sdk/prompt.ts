import type {
  LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4TextPart, LanguageModelV4FilePart,
  LanguageModelV4ToolCallPart, LanguageModelV4ReasoningPart, LanguageModelV4ToolResultPart,
} from '@ai-sdk/provider';
import { UserError } from '../errors/index.js';
import type { AgentInputItem, InputContent } from '../items/types.js';

type AssistantPart = LanguageModelV4TextPart | LanguageModelV4ReasoningPart | LanguageModelV4ToolCallPart;

/**
 * Turns the run's Responses-API items into an AI SDK prompt. Consecutive assistant-side items
 * (text, reasoning, tool calls) become one assistant message and consecutive tool outputs one
 * tool message, the shape providers such as Anthropic require between a call and its result.
 */
export function toPrompt(systemInstructions: string | undefined, input: readonly AgentInputItem[]): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  if (systemInstructions !== undefined && systemInstructions.length > 0) prompt.push({ role: 'system', content: systemInstructions });
  const toolNames = new Map<string, string>();
  let assistant: AssistantPart[] | undefined;
  let tool: LanguageModelV4ToolResultPart[] | undefined;
  const flush = (): void => {
    if (assistant !== undefined) prompt.push({ role: 'assistant', content: assistant });
    if (tool !== undefined) prompt.push({ role: 'tool', content: tool });
    assistant = undefined;
    tool = undefined;
  };
  const assistantParts = (): AssistantPart[] => {
    if (tool !== undefined) flush();
    return (assistant ??= []);
  };
  for (const item of input) {
    if (item.type === 'function_call') {
      toolNames.set(item.call_id, item.name);
      assistantParts().push({ type: 'tool-call', toolCallId: item.call_id, toolName: item.name, input: parseArguments(item.arguments) });
    } else if (item.type === 'function_call_output') {
      if (assistant !== undefined) {
        prompt.push({ role: 'assistant', content: assistant });
        assistant = undefined;
      }
      (tool ??= []).push({
        type: 'tool-result',
        toolCallId: item.call_id,
        toolName: toolNames.get(item.call_id) ?? '',
        output: { type: 'text', value: item.output },
      });
    } else if (item.type === 'reasoning') {
      const text = [...item.summary, ...(item.content ?? [])].map((part) => part.text).join('\n');
      assistantParts().push({ type: 'reasoning', text });
    } else if (!('role' in item)) {
      throw new UserError(`aisdk(): the hosted MCP item '${item.type}' needs an OpenAI Responses model; an AI SDK model cannot be sent it`);
    } else if (item.role === 'assistant') {
      const parts = assistantParts();
      for (const part of item.content) parts.push({ type: 'text', text: part.type === 'output_text' ? part.text : part.refusal });
    } else {
      flush();
      prompt.push(userOrSystemMessage(item.role, item.content));
    }
  }
  flush();
  return prompt;
}

function userOrSystemMessage(role: 'user' | 'system' | 'developer', content: string | InputContent[]): LanguageModelV4Message {
  if (role !== 'user') {
    const text = typeof content === 'string' ? content : content.map((part) => (part.type === 'input_text' ? part.text : '')).join('');
    return { role: 'system', content: text };
  }
  if (typeof content === 'string') return { role: 'user', content: [{ type: 'text', text: content }] };
  const parts: Array<LanguageModelV4TextPart | LanguageModelV4FilePart> = [];
  for (const part of content) {
    if (part.type === 'input_text') parts.push({ type: 'text', text: part.text });
    else if (part.type === 'input_image' && part.image_url !== undefined) parts.push(imagePart(part.image_url));
    else throw new UserError(`aisdk(): a user message's '${part.type}' part${part.type === 'input_image' ? ' without image_url' : ''} cannot be sent to an AI SDK model (use input_text or input_image with image_url)`);
  }
  return { role: 'user', content: parts };
}

function imagePart(url: string): LanguageModelV4FilePart {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'file', mediaType: data[1]!, data: { type: 'data', data: data[2]! } };
  return { type: 'file', mediaType: 'image/*', data: { type: 'url', url: new URL(url) } };
}

/** Tool-call arguments as the value the AI SDK expects (the JSON text parsed; kept as text if it is not JSON). */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
