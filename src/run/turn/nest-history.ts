import type { AgentInputItem } from '../../items/types.js';

const OPEN = '<CONVERSATION HISTORY>';
const CLOSE = '</CONVERSATION HISTORY>';
const PREAMBLE = 'For context, here is the conversation so far between the user and the previous agent:';

/**
 * The default handoff history mapper: the whole transcript folded into one assistant message.
 * A summary from an earlier handoff is unpacked into its lines rather than nested, so repeated
 * handoffs give one flat, numbered history.
 */
export function defaultNestedHistory(transcript: readonly AgentInputItem[]): AgentInputItem[] {
  const lines: string[] = [];
  for (const item of transcript) {
    const earlier = summaryLines(item);
    if (earlier) lines.push(...earlier);
    else {
      const line = describe(item);
      if (line !== undefined) lines.push(line);
    }
  }
  const body = lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
  return [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `${PREAMBLE}\n${OPEN}\n${body}\n${CLOSE}` }] }];
}

function summaryLines(item: AgentInputItem): string[] | undefined {
  if (item.type !== 'message' || item.role !== 'assistant') return undefined;
  const text = item.content.map((c) => (c.type === 'output_text' ? c.text : '')).join('');
  const start = text.indexOf(OPEN);
  const end = text.lastIndexOf(CLOSE);
  if (start < 0 || end < start) return undefined;
  return text
    .slice(start + OPEN.length, end)
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

function describe(item: AgentInputItem): string | undefined {
  switch (item.type) {
    case 'function_call':
      return `function_call ${item.name}(${item.arguments})`;
    case 'function_call_output':
      return `function_call_output ${item.call_id}: ${item.output}`;
    case 'reasoning':
      return undefined;
    default:
      return `${item.role}: ${contentText(item.content)}`;
  }
}
