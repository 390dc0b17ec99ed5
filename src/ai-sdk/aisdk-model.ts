import { randomUUID } from 'node:crypto';
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { UserError } from '../errors/index.js';
import { usageFromWire } from '../items/usage.js';
import type { Model, ModelRequest, ModelResponse, ResponseStreamEvent } from '../models/interface.js';
import { toCallOptions } from './call-options.js';
import { ItemIds, outputItems, wireUsage } from './output.js';
import { toAgentrunError } from './provider-errors.js';
import { AiSdkStreamConverter } from './stream-converter.js';

/**
 * An agentrun `Model` backed by an AI SDK language model (specification v4, as `ai` 7 uses).
 * Made by {@link aisdk}.
 */
export class AiSdkModel implements Model {
  /** The wrapped AI SDK model. */
  readonly languageModel: LanguageModelV4;
  /** It converts `request.input` into a prompt of its own at the start of the call: the run need not copy it. */
  readonly readsInputOnlyDuringCall = true;
  /** It never reads agentrun's trace context: the run need not make its span current during a call. */
  readonly readsTraceContext = false;

  constructor(languageModel: LanguageModelV4) {
    if (languageModel === null || typeof languageModel !== 'object' || typeof languageModel.doGenerate !== 'function' || typeof languageModel.doStream !== 'function') {
      throw new UserError('aisdk(): expected an AI SDK language model (an object with doGenerate and doStream), e.g. openai("gpt-4.1")');
    }
    if (languageModel.specificationVersion !== 'v4') {
      throw new UserError(`aisdk(): the model implements AI SDK specification ${JSON.stringify(languageModel.specificationVersion)}; agentrun supports 'v4' (the AI SDK 7 providers)`);
    }
    this.languageModel = languageModel;
  }

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const options = toCallOptions(request);
    let result;
    try {
      result = await this.languageModel.doGenerate(options);
    } catch (error) {
      throw toAgentrunError(error, options.abortSignal);
    }
    const ids = new ItemIds(newResponseToken());
    return { output: outputItems(result.content, result.structuredOutputText, ids), usage: usageFromWire(wireUsage(result.usage)) };
  }

  async *streamResponse(request: ModelRequest): AsyncIterable<ResponseStreamEvent> {
    const options = toCallOptions(request);
    let reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
    try {
      reader = (await this.languageModel.doStream(options)).stream.getReader();
    } catch (error) {
      throw toAgentrunError(error, options.abortSignal);
    }
    const converter = new AiSdkStreamConverter(newResponseToken(), this.languageModel.modelId);
    try {
      yield converter.start();
      for (;;) {
        let next: ReadableStreamReadResult<LanguageModelV4StreamPart>;
        try {
          next = await reader.read();
        } catch (error) {
          throw toAgentrunError(error, options.abortSignal);
        }
        if (next.done) break;
        if (next.value.type === 'error') throw toAgentrunError(next.value.error, options.abortSignal);
        yield* converter.push(next.value);
      }
      yield* converter.finish();
    } finally {
      // A consumer that stops early (cancel, abort) releases the provider's stream.
      reader.cancel().catch(() => {});
    }
  }
}

/** A token for this response's item ids. */
function newResponseToken(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * Wrap an AI SDK language model (any provider of AI SDK 7: `@ai-sdk/anthropic`, `@ai-sdk/google`,
 * `@ai-sdk/mistral`, `@ai-sdk/openai-compatible`, ...) as an agentrun `Model`, for an agent's
 * `model` or `RunConfig.model`. The adapter needs no AI SDK package at run time.
 *
 * @example
 * import { anthropic } from '@ai-sdk/anthropic';
 * import { aisdk } from 'agentrun/ai-sdk';
 * const agent = new Agent({ name: 'Assistant', model: aisdk(anthropic('claude-sonnet-4-5')) });
 */
export function aisdk(languageModel: LanguageModelV4): AiSdkModel {
  return new AiSdkModel(languageModel);
}
