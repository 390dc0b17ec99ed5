import type { IncomingHttpHeaders } from 'node:http';
import type { ScriptedReply } from './types.js';

/**
 * Answer with an HTTP error: `body` is sent as JSON (strings as-is); default an OpenAI-style error.
 * `headers` are sent too (e.g. `{ 'retry-after-ms': '20' }` or `{ 'x-should-retry': 'false' }`).
 */
export interface HttpErrorReply {
  httpStatus: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayBeforeHeadersMs?: number;
}

/**
 * A connection fault instead of an answer: the server resets the connection (TCP RST) before
 * sending any byte, after `delayMs` (default 0). Clients see `ECONNRESET`.
 */
export interface ResetReply {
  resetConnection: true;
  delayMs?: number;
}

/**
 * What the server can answer: a reply (possibly with faults), an HTTP error, a connection reset,
 * or an Error (HTTP 500 with its message and `x-should-retry: false`: the run fails with it).
 */
export type ScriptedServerResult = ScriptedReply | HttpErrorReply | ResetReply | Error;

/** Which API a request addressed. */
export type ScriptedApi = 'responses' | 'chat';

/** A request the server received. */
export interface ScriptedServerRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/responses`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
}

/** Context given to script functions besides the body. */
export interface ScriptedServerContext {
  api: ScriptedApi;
  request: ScriptedServerRequest;
}

/** A script function: computes the reply from the parsed request body (sync or async). */
export type ScriptedServerResponder = (
  body: Record<string, unknown>,
  context: ScriptedServerContext,
) => ScriptedServerResult | Promise<ScriptedServerResult>;

/** One queue entry: a fixed result or a function of the request. */
export type ScriptedServerEntry = ScriptedServerResult | ScriptedServerResponder;
