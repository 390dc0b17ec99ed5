import type { ResponseStreamEvent } from '../models/interface.js';

/** One Responses API event as an SSE frame: `event: <type>` + `data: <json>` + blank line. */
export function encodeResponseEvent(event: ResponseStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** One chat chunk (or any JSON payload) as an SSE `data:` frame. */
export function encodeDataFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The frame that ends every Chat Completions stream. */
export const CHAT_DONE_FRAME = 'data: [DONE]\n\n';
