import { UserError } from '../../errors/index.js';
import type { AgentInputItem } from '../../items/types.js';
import type { ModelRequest } from '../interface.js';
import type { ModelSettings, ToolChoice } from '../model-settings.js';
import { CHAT_ITEM_ID_PREFIX } from './chat-ids.js';

/** Options of {@link buildResponsesBody}. */
export interface ResponsesBodyOptions {
  model: string;
  request: ModelRequest;
  stream: boolean;
}

/**
 * The `POST /responses` body for one model call. Input items and tools are passed by reference
 * (they already have the wire shape); `modelSettings.extraBody` is merged last and wins.
 */
export function buildResponsesBody({ model, request, stream }: ResponsesBodyOptions): Record<string, unknown> {
  const settings = request.modelSettings;
  const body: Record<string, unknown> = { model, input: withoutChatIds(request.input) };
  if (request.systemInstructions !== undefined) body.instructions = request.systemInstructions;
  if (request.tools.length > 0) body.tools = request.tools;
  if (settings.toolChoice !== undefined) body.tool_choice = responsesToolChoice(settings.toolChoice, request);
  if (settings.parallelToolCalls !== undefined) body.parallel_tool_calls = settings.parallelToolCalls;
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.maxTokens !== undefined) body.max_output_tokens = settings.maxTokens;
  if (settings.truncation !== undefined) body.truncation = settings.truncation;
  if (settings.reasoning !== undefined) body.reasoning = settings.reasoning;
  if (settings.metadata !== undefined) body.metadata = settings.metadata;
  if (settings.store !== undefined) body.store = settings.store;
  if (settings.frequencyPenalty !== undefined) body.frequency_penalty = settings.frequencyPenalty;
  if (settings.presencePenalty !== undefined) body.presence_penalty = settings.presencePenalty;
  if (settings.topLogprobs !== undefined) body.top_logprobs = settings.topLogprobs;
  if (settings.promptCacheRetention !== undefined) body.prompt_cache_retention = settings.promptCacheRetention;
  const include = responsesInclude(settings);
  if (include !== undefined) body.include = include;
  if (request.previousResponseId !== undefined) body.previous_response_id = request.previousResponseId;
  if (request.conversationId !== undefined) body.conversation = request.conversationId;
  if (request.outputType !== undefined) {
    const { name, schema, strict } = request.outputType;
    body.text = { format: { type: 'json_schema', name, schema, strict } };
  }
  if (settings.verbosity !== undefined) body.text = Object.assign({}, body.text as object | undefined, { verbosity: settings.verbosity });
  if (stream) body.stream = true;
  if (settings.extraBody !== undefined) Object.assign(body, settings.extraBody);
  return body;
}

/** `responseInclude`, plus the logprobs include `topLogprobs` needs (as the Python SDK adds it). */
function responsesInclude(settings: ModelSettings): string[] | undefined {
  const include = settings.responseInclude;
  if (settings.topLogprobs === undefined) return include;
  const logprobs = 'message.output_text.logprobs';
  return include?.includes(logprobs) ? include : [...(include ?? []), logprobs];
}

/** `'auto' | 'required' | 'none'` pass through; any other value forces the function of that name. */
function responsesToolChoice(choice: ToolChoice, request: ModelRequest): unknown {
  if (choice === 'auto' || choice === 'required' || choice === 'none') return choice;
  assertToolExists(choice, request);
  return { type: 'function', name: choice };
}

/** @internal A forced tool must be one the request offers, or the API fails with a vaguer 400. */
export function assertToolExists(choice: string, request: ModelRequest): void {
  const tools = request.tools;
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i]!;
    if (t.type === 'function' && t.name === choice) return;
  }
  const names = tools.map((t) => (t.type === 'function' ? t.name : `mcp:${t.server_label}`));
  throw new UserError(`modelSettings.toolChoice '${choice}' names no tool of this request (tools: ${names.join(', ') || 'none'})`);
}

/** The input as is, unless some item carries a synthetic Chat Completions id: then a copy without them. */
function withoutChatIds(input: AgentInputItem[]): AgentInputItem[] {
  let out: AgentInputItem[] | undefined;
  for (let i = 0; i < input.length; i++) {
    const item = input[i]!;
    if (typeof item.id === 'string' && item.id.startsWith(CHAT_ITEM_ID_PREFIX)) {
      out ??= input.slice();
      const { id: _id, ...rest } = item;
      out[i] = rest as AgentInputItem;
    }
  }
  return out ?? input;
}
