// A deliberately small SSE parser for tests: frames separated by blank lines, `event:` and
// `data:` fields (multi-line data joined with \n), comments ignored.

export interface SseFrame {
  event?: string;
  data: string;
}

export function parseSse(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    frames.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return frames;
}

/** Parse every frame's data as JSON except the `[DONE]` marker; the event name must match `type`. */
export function parseSseJson(text: string): { payloads: Array<Record<string, unknown>>; done: boolean } {
  const payloads: Array<Record<string, unknown>> = [];
  let done = false;
  for (const frame of parseSse(text)) {
    if (frame.data === '[DONE]') {
      done = true;
      continue;
    }
    if (done) throw new Error('data after [DONE]');
    const payload = JSON.parse(frame.data) as Record<string, unknown>;
    if (frame.event !== undefined && frame.event !== payload.type) {
      throw new Error(`event name ${frame.event} does not match payload type ${String(payload.type)}`);
    }
    payloads.push(payload);
  }
  return { payloads, done };
}
