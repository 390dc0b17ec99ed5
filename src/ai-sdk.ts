/**
 * agentrun/ai-sdk: any AI SDK 7 language model (`LanguageModelV4` of `@ai-sdk/provider` 4) as an
 * agentrun `Model`: blocking and streamed, function tools, structured output, usage, reasoning.
 */
export { aisdk, AiSdkModel } from './ai-sdk/aisdk-model.js';
