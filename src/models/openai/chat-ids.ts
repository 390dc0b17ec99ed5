/**
 * Ids of items built from Chat Completions output start with this prefix. Chat Completions has no
 * item ids, so agentrun derives stable ones from the completion id; the Responses model strips them
 * before sending (the Responses API would look such ids up as stored items and fail).
 */
export const CHAT_ITEM_ID_PREFIX = '__chat__';

/** The id of the assistant message of completion `completionId`. */
export function chatMessageId(completionId: string): string {
  return `${CHAT_ITEM_ID_PREFIX}msg_${completionId}`;
}

/** The id of the `index`-th tool call of completion `completionId`. */
export function chatFunctionCallId(completionId: string, index: number): string {
  return `${CHAT_ITEM_ID_PREFIX}fc_${completionId}_${index}`;
}
