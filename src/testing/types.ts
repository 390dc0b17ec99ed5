import type { AgentOutputItem, Usage } from '../items/types.js';

/**
 * One scripted model reply: the output items a model returns, its token usage and its
 * Responses API id. Missing ids (`resp_…`, `msg_…`, `fc_…`, `call_…`) are generated when the
 * reply is served; missing token counts are 0 and `totalTokens` defaults to input + output.
 */
export interface ScriptedResponse {
  output: AgentOutputItem[];
  /** `requests` is ignored: one reply is always one request. */
  usage?: Partial<Usage>;
  responseId?: string;
}

/**
 * Faults a scripted reply can carry to exercise error paths (the fault kit; see also
 * `ResetReply`, `HttpErrorReply.headers` and `ScriptedServerOptions.closeIdleSocketsAfterMs`).
 * - `breakStreamAfterEvents: n`: the stream stops after `n` events (the server destroys the
 *   connection; ScriptedModel throws). For a blocking call ScriptedModel throws at once and the
 *   server sends half the JSON body before dropping the connection.
 * - `malformedJson: true`: the scripted server sends an invalid JSON payload (SSE: one bad
 *   `data:` line right after the first event; JSON: a truncated body).
 * - `malformedSse: true` (scripted server): a 200 `text/event-stream` answer whose body is not an
 *   event stream at all (an HTML error page, as a misconfigured proxy sends), then a clean end.
 * - `delayBeforeHeadersMs` (scripted server): wait this long before sending the status line.
 * - `eventDelayMs` (scripted server): wait this long between this reply's stream events (and
 *   between a JSON body's two halves), overriding the server's `eventDelayMs`.
 */
export interface ScriptedFaults {
  breakStreamAfterEvents?: number;
  malformedJson?: boolean;
  malformedSse?: boolean;
  delayBeforeHeadersMs?: number;
  eventDelayMs?: number;
}

/** A scripted reply that may carry faults. */
export type ScriptedReply = ScriptedResponse & ScriptedFaults;

/** A reply as served: every item has its id, the response has its id and wire usage. */
export interface PreparedResponse {
  id: string;
  output: AgentOutputItem[];
  usage: WireUsageFull;
}

/** Responses API usage with the totals always present. */
export interface WireUsageFull {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { cached_tokens: number };
  output_tokens_details?: { reasoning_tokens: number };
}
