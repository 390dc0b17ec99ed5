import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool, LanguageModelV4ToolChoice } from '@ai-sdk/provider';
import { UserError } from '../errors/index.js';
import type { ModelRequest } from '../models/interface.js';
import type { ModelSettings } from '../models/model-settings.js';
import { toPrompt } from './prompt.js';

/**
 * The AI SDK call options for one agentrun model request: the prompt, the function tools, the
 * structured-output schema and the settings that have an AI SDK meaning (`temperature`, `topP`,
 * `maxTokens` → `maxOutputTokens`, `toolChoice`, `reasoning.effort` → `reasoning`). `extraBody`
 * becomes `providerOptions` (keyed by provider name, as the AI SDK expects). Responses-only
 * settings (`truncation`, `store`, `metadata`, `parallelToolCalls`) have no AI SDK equivalent.
 */
export function toCallOptions(request: ModelRequest): LanguageModelV4CallOptions {
  if (request.previousResponseId !== undefined || request.conversationId !== undefined) {
    throw new UserError('aisdk(): server-managed conversations (previousResponseId, conversationId) need an OpenAI Responses model; an AI SDK model is sent the whole history');
  }
  const options: LanguageModelV4CallOptions = { prompt: toPrompt(request.systemInstructions, request.input) };
  if (request.tools.length > 0) {
    options.tools = request.tools.map((tool): LanguageModelV4FunctionTool => {
      if (tool.type !== 'function') {
        throw new UserError(`aisdk(): the hosted MCP tool '${tool.server_label}' needs an OpenAI Responses model; an AI SDK model cannot use it`);
      }
      return { type: 'function', name: tool.name, description: tool.description, inputSchema: tool.parameters, strict: tool.strict };
    });
  }
  if (request.outputType !== undefined) {
    options.responseFormat = { type: 'json', schema: request.outputType.schema, name: request.outputType.name };
  }
  applySettings(options, request.modelSettings);
  const signal = request.signal;
  if (signal !== undefined) options.abortSignal = signal;
  return options;
}

function applySettings(options: LanguageModelV4CallOptions, settings: ModelSettings): void {
  if (settings.temperature !== undefined) options.temperature = settings.temperature;
  if (settings.topP !== undefined) options.topP = settings.topP;
  if (settings.maxTokens !== undefined) options.maxOutputTokens = settings.maxTokens;
  if (settings.toolChoice !== undefined && options.tools !== undefined) options.toolChoice = toolChoice(settings.toolChoice);
  const effort = settings.reasoning?.effort;
  if (effort !== undefined && effort !== null) options.reasoning = effort;
  if (settings.extraBody !== undefined) options.providerOptions = settings.extraBody as NonNullable<LanguageModelV4CallOptions['providerOptions']>;
}

function toolChoice(choice: string): LanguageModelV4ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  return { type: 'tool', toolName: choice };
}
