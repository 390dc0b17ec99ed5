import type { OutgoingHttpHeaders } from 'node:http';
import { UserError } from '../errors/index.js';
import { chatBodyFromPrepared, chatChunksFromPrepared } from './chat-completion.js';
import { newId } from './ids.js';
import { describe, prepareResponse } from './prepare-response.js';
import { responseEventsFromPrepared, responseObject, type ResponseObjectOptions } from './response-events.js';
import type { HttpErrorReply, ScriptedApi, ScriptedServerResult } from './server-types.js';
import { CHAT_DONE_FRAME, encodeDataFrame, encodeResponseEvent } from './sse-encode.js';
import type { ScriptedReply } from './types.js';

/** An answer ready to write: status, headers and body frames (one per SSE event). */
export interface RenderedReply {
  status: number;
  headers: OutgoingHttpHeaders;
  frames: string[];
  /** Write only this many frames, then destroy the connection. */
  breakAfter?: number;
  /** Reset the connection instead of answering. */
  reset?: boolean;
  /** Wait before the status line. */
  delayBeforeHeadersMs?: number;
  /** Wait between frames (overrides the server's). */
  eventDelayMs?: number;
}

/** The header by which a server tells clients not to retry (honoured by agentrun and the openai client). */
export const NO_RETRY = { 'x-should-retry': 'false' } as const;
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } as const;
const MALFORMED_FRAME = 'data: {"type":"response.output_text.delta","delta":\n\n';
/** Not an event stream: what a misconfigured proxy sends with a 200 (no `data:` line, no blank line). */
const NOT_SSE = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';

/** Turn a script result into the HTTP answer for a request to `api` with `body`. */
export function renderReply(options: { result: ScriptedServerResult; api: ScriptedApi; body: Record<string, unknown>; label: string }): RenderedReply {
  const { result, api, body, label } = options;
  // A scripted Error is the model API failing for good: marked not retryable, so the run fails
  // with its message (a retryable failure is `{ httpStatus: 500 }`).
  if (result instanceof Error) return jsonError(500, result.message, NO_RETRY);
  if (result === null || typeof result !== 'object') {
    throw new UserError(`${label}: expected a reply, an HTTP error, a reset or an Error, got ${describe(result)}`);
  }
  if ('resetConnection' in result) {
    return { status: 0, headers: {}, frames: [], reset: true, delayBeforeHeadersMs: delayOf(result.delayMs, 'delayMs', label) };
  }
  if ('httpStatus' in result) return withDelays(httpError(result, label), result.delayBeforeHeadersMs, undefined, label);
  return withDelays(renderScripted(result as ScriptedReply, api, body, label), (result as ScriptedReply).delayBeforeHeadersMs, (result as ScriptedReply).eventDelayMs, label);
}

function renderScripted(reply: ScriptedReply, api: ScriptedApi, body: Record<string, unknown>, label: string): RenderedReply {
  const prepared = prepareResponse(reply, label);
  const breakAfter = reply.breakStreamAfterEvents;
  if (breakAfter !== undefined && (!Number.isInteger(breakAfter) || breakAfter < 0)) {
    throw new UserError(`${label}: breakStreamAfterEvents must be a non-negative integer, got ${describe(breakAfter)}`);
  }
  const model = typeof body.model === 'string' ? body.model : 'scripted-model';
  const stream = body.stream === true;
  const headers: OutgoingHttpHeaders = stream ? { ...SSE_HEADERS } : { 'content-type': 'application/json' };
  headers['x-request-id'] = newId('req_');
  let frames: string[];
  if (api === 'responses') {
    const objectOptions: ResponseObjectOptions = {
      model,
      instructions: typeof body.instructions === 'string' ? body.instructions : null,
      previousResponseId: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
      tools: Array.isArray(body.tools) ? body.tools : [],
    };
    frames = stream
      ? responseEventsFromPrepared(prepared, objectOptions).map(encodeResponseEvent)
      : [JSON.stringify(responseObject(prepared, objectOptions, 'completed'))];
  } else if (stream) {
    const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
    const chunks = chatChunksFromPrepared(prepared, { model, includeUsage: streamOptions?.include_usage === true }, reply.responseId);
    frames = chunks.map(encodeDataFrame);
    frames.push(CHAT_DONE_FRAME);
  } else {
    frames = [JSON.stringify(chatBodyFromPrepared(prepared, { model }, reply.responseId))];
  }
  if (stream) {
    if (reply.malformedSse) frames = [NOT_SSE];
    if (reply.malformedJson) frames.splice(1, 0, MALFORMED_FRAME);
    return { status: 200, headers, frames, breakAfter };
  }
  const json = frames[0]!;
  if (reply.malformedJson) {
    const truncated = json.slice(0, Math.max(1, json.length >> 1));
    headers['content-length'] = Buffer.byteLength(truncated);
    return { status: 200, headers, frames: [truncated] };
  }
  if (breakAfter !== undefined) {
    // A cut JSON answer: half the body arrives, then the connection drops.
    const half = json.length >> 1;
    return { status: 200, headers, frames: [json.slice(0, half), json.slice(half)], breakAfter: 1 };
  }
  headers['content-length'] = Buffer.byteLength(json);
  return { status: 200, headers, frames };
}

function httpError(reply: HttpErrorReply, label: string): RenderedReply {
  const status = reply.httpStatus;
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new UserError(`${label}: httpStatus must be an integer from 400 to 599, got ${describe(status)}`);
  }
  if (reply.body === undefined) return jsonError(status, `Scripted HTTP ${status}`, reply.headers);
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  return {
    status,
    headers: {
      'content-type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
    },
    frames: [text],
  };
}

function jsonError(status: number, message: string, extraHeaders?: Record<string, string>): RenderedReply {
  const text = JSON.stringify({ error: { message, type: 'scripted_error', param: null, code: null } });
  return {
    status,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extraHeaders },
    frames: [text],
  };
}

function withDelays(reply: RenderedReply, beforeHeaders: number | undefined, between: number | undefined, label: string): RenderedReply {
  if (beforeHeaders !== undefined) reply.delayBeforeHeadersMs = delayOf(beforeHeaders, 'delayBeforeHeadersMs', label);
  if (between !== undefined) reply.eventDelayMs = delayOf(between, 'eventDelayMs', label);
  return reply;
}

function delayOf(value: unknown, name: string, label: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new UserError(`${label}: ${name} must be a non-negative number of ms, got ${describe(value)}`);
  }
  return value;
}
