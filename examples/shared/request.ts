/** Reading a Responses API request body, for the examples' offline scripts. */

/** One Responses API input item, as much of it as the offline scripts read. */
export interface WireItem {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  call_id?: string;
  output?: string;
}

/** The request's input items. */
export function inputItems(body: Record<string, unknown>): WireItem[] {
  if (typeof body.input === 'string') return [{ role: 'user', content: body.input }];
  return Array.isArray(body.input) ? (body.input as WireItem[]) : [];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part: { text?: string }) => part.text ?? '').join('') : '';
}

/** The text of every user message, oldest first. */
export function userTexts(body: Record<string, unknown>): string[] {
  return inputItems(body).filter((item) => item.role === 'user').map((item) => textOf(item.content));
}

/** The latest user message's text. */
export function lastUserText(body: Record<string, unknown>): string {
  return userTexts(body).at(-1) ?? '';
}

/** The outputs of the calls to `toolName` since the latest user message, oldest first. */
export function toolOutputsSinceUser(body: Record<string, unknown>, toolName: string): string[] {
  const items = inputItems(body);
  let start = 0;
  items.forEach((item, index) => {
    if (item.role === 'user') start = index + 1;
  });
  const recent = items.slice(start);
  const calls = new Set(recent.filter((item) => item.type === 'function_call' && item.name === toolName).map((item) => item.call_id));
  return recent.filter((item) => item.type === 'function_call_output' && calls.has(item.call_id)).map((item) => String(item.output));
}

/** The names of the tools the request offers. */
export function toolNames(body: Record<string, unknown>): string[] {
  return ((body.tools ?? []) as Array<{ name?: string }>).map((tool) => tool.name ?? '');
}
