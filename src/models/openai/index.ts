export { abortError } from './abort-error.js';
export { OpenAIChatCompletionsModel } from './chat-completions-model.js';
export { buildChatBody, toChatMessages, type ChatBodyOptions } from './chat-convert.js';
export { chatCompletionToResponse } from './chat-output.js';
export { ChatStreamConverter } from './chat-stream.js';
export { DefaultTransport } from './default-transport.js';
export { setDefaultOpenAIApi, setDefaultOpenAIClient, setDefaultOpenAIKey, type OpenAIApi } from './defaults.js';
export { MultiProvider, type MultiProviderOptions } from './multi-provider.js';
export { DEFAULT_OPENAI_BASE_URL, NodeHttpTransport, type NodeHttpTransportOptions } from './node-http-transport.js';
export {
  OpenAIClientTransport,
  type OpenAIClientLike,
  type OpenAIClientPromise,
  type OpenAIClientRequestOptions,
  type OpenAICreateMethod,
} from './openai-client-transport.js';
export { DEFAULT_OPENAI_MODEL, OpenAIProvider, type OpenAIProviderOptions } from './openai-provider.js';
export { buildResponsesBody, type ResponsesBodyOptions } from './responses-body.js';
export { OpenAIResponsesModel, type OpenAIModelOptions } from './responses-model.js';
export { iterateSse, SseParser, SSE_DONE, type SseMessage } from './sse.js';
export type { ModelTransport, TransportRequest } from './transport.js';
export type { SseHandler } from './sse-push.js';
