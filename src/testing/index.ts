/**
 * agentrun/testing: a scripted `Model`, a scripted OpenAI-compatible HTTP server, and the
 * realistic Responses / Chat Completions wire data both are built on.
 */
export type { ScriptedResponse, ScriptedFaults, ScriptedReply, PreparedResponse, WireUsageFull } from './types.js';
export { textMessage, functionCall, reasoning, refusal } from './builders.js';
export { prepareResponse } from './prepare-response.js';
export { responseEvents, responseBody, type ResponseObject, type ResponseObjectOptions } from './response-events.js';
export {
  chatCompletionBody, chatCompletionChunks,
  type ChatCompletionBody, type ChatCompletionChunk, type ChatCompletionOptions, type ChatToolCall, type ChatUsage,
} from './chat-completion.js';
export { encodeResponseEvent, encodeDataFrame, CHAT_DONE_FRAME } from './sse-encode.js';
export {
  ScriptedModel,
  type ScriptedModelEntry, type ScriptedModelResult, type ScriptedModelCall, type ScriptedModelOptions,
} from './scripted-model.js';
export { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from './scripted-server.js';
export type {
  HttpErrorReply, ResetReply, ScriptedApi, ScriptedServerContext, ScriptedServerEntry, ScriptedServerRequest,
  ScriptedServerResponder, ScriptedServerResult,
} from './server-types.js';
export { echoResponder, type EchoResponderOptions } from './echo-responder.js';
