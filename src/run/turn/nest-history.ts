import type { AgentInputItem } from '../../items/types.js';

const OPEN = '<CONVERSATION HISTORY>';
const CLOSE = '</CONVERSATION HISTORY>';
const PREAMBLE = 'For context, here is the conversation so far between the user and the previous agent:';
const EMPTY = '(no previous turns recorded)';

/** Item types the summary stands for: forwarding them too would duplicate them (or orphan a reasoning item). */
const SUMMARY_ONLY = new Set(['function_call', 'function_call_output', 'reasoning']);

/**
 * The default handoff history mapper (the Python SDK's ordered summary segments). The history
 * before the handing-off turn goes into an assistant summary; the handing-off turn's own role
 * messages (what the previous agent said as it handed off) stay items of their own, in place,
 * and its other items (the tool and handoff calls and outputs) go into the summary around them.
 * A summary from an earlier handoff is unpacked into its lines rather than nested, so repeated
 * handoffs give one flat history before the latest turn.
 *
 * `turnItemCount`: how many items at the end of `transcript` belong to the handing-off turn.
 */
export function defaultNestedHistory(transcript: readonly AgentInputItem[], turnItemCount = 0): AgentInputItem[] {
  const split = transcript.length - Math.min(turnItemCount, transcript.length);
  const out: AgentInputItem[] = [];
  let pending: string[] = [];
  for (let i = 0; i < transcript.length; i++) {
    const item = transcript[i]!;
    if (i >= split && forwardVerbatim(item)) {
      // The summary always comes first, even an empty one: the next agent reads it as the preamble.
      if (pending.length > 0 || out.length === 0) out.push(summaryMessage(pending));
      pending = [];
      out.push(item);
      continue;
    }
    const earlier = summaryLines(item);
    if (earlier) pending.push(...earlier);
    else {
      const line = describe(item);
      if (line !== undefined) pending.push(line);
    }
  }
  if (pending.length > 0 || out.length === 0) out.push(summaryMessage(pending));
  return out;
}

function forwardVerbatim(item: AgentInputItem): boolean {
  const { role, type } = item as { role?: unknown; type?: unknown };
  if (typeof role === 'string' && role !== '') return true;
  return !(typeof type === 'string' && SUMMARY_ONLY.has(type));
}

function summaryMessage(lines: readonly string[]): AgentInputItem {
  const body = lines.length > 0 ? lines.map((line, i) => `${i + 1}. ${line}`).join('\n') : EMPTY;
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `${PREAMBLE}\n${OPEN}\n${body}\n${CLOSE}` }] };
}

/** The lines of an earlier summary, without their numbers; undefined if `item` is not one. */
function summaryLines(item: AgentInputItem): string[] | undefined {
  if (item.type !== 'message' || item.role !== 'assistant') return undefined;
  const text = contentText(item.content);
  if (!text.startsWith(`${PREAMBLE}\n${OPEN}\n`) || !text.endsWith(`\n${CLOSE}`)) return undefined;
  const body = text.slice(PREAMBLE.length + OPEN.length + 2, text.length - CLOSE.length - 1);
  if (body === EMPTY) return [];
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^\d+\.\s/, ''));
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c: { type?: string; text?: string; refusal?: string }) => c.text ?? c.refusal ?? (c.type ? `[${c.type}]` : ''))
    .join('');
}

/** One line per item: a text spanning lines is written as a JSON string, so every record stays one line. */
function oneLine(text: string): string {
  return /[\r\n]/.test(text) ? JSON.stringify(text) : text;
}

function describe(item: AgentInputItem): string | undefined {
  switch (item.type) {
    case 'function_call':
      return `function_call ${item.name}(${oneLine(item.arguments)})`;
    case 'function_call_output':
      return `function_call_output ${item.call_id}: ${oneLine(String(item.output))}`;
    case 'reasoning':
      return undefined;
    default: {
      const { role, content, type } = item as { role?: string; content?: unknown; type?: string };
      if (typeof role === 'string') return `${role}: ${oneLine(contentText(content))}`;
      return `${type ?? 'item'}: ${oneLine(JSON.stringify(item))}`;
    }
  }
}
