import type { StreamEvent } from '../run/stream-events.js';

/** Where the CLI writes: the answer's text, and everything else (tool calls, handoffs, errors). */
export interface CliOutput {
  text(chunk: string): void;
  info(line: string): void;
}

/** The process's own streams: answer text to stdout, the rest to stderr. */
export const processOutput: CliOutput = {
  text: (chunk) => {
    process.stdout.write(chunk);
  },
  info: (line) => {
    process.stderr.write(`${line}\n`);
  },
};

const MAX_SHOWN = 200;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}

/**
 * Shows one stream event: text deltas as answer text (unless `textToo` is false), tool calls,
 * tool outputs, handoffs and approval requests as `[...]` lines. Returns the text written.
 */
export function printEvent(event: StreamEvent, output: CliOutput, options: { showText: boolean }): string {
  if (event.type === 'raw_response_event') {
    if (options.showText && event.data.type === 'response.output_text.delta' && typeof event.data.delta === 'string') {
      output.text(event.data.delta);
      return event.data.delta;
    }
    return '';
  }
  if (event.type !== 'run_item_stream_event') return '';
  const item = event.item;
  if (event.name === 'tool_called' && item.type === 'tool_call_item') {
    output.info(`[tool call] ${item.rawItem.name}(${clip(item.rawItem.arguments)})`);
  } else if (event.name === 'tool_output' && item.type === 'tool_call_output_item') {
    const out = item.rawItem.output;
    output.info(`[tool output] ${clip(typeof out === 'string' ? out : JSON.stringify(out))}`);
  } else if (event.name === 'handoff_occurred' && item.type === 'handoff_output_item') {
    output.info(`[handoff] ${item.sourceAgent.name} -> ${item.targetAgent.name}`);
  } else if (event.name === 'tool_approval_requested' && item.type === 'tool_approval_item') {
    output.info(`[approval needed] ${item.toolName}(${clip(item.arguments)})`);
  }
  return '';
}

/** The CLI's one-line form of a run failure: the error's class and message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Error: ${String(error)}`;
}
