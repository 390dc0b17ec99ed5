/**
 * Incremental server-sent-events parser (WHATWG "event stream" rules, as OpenAI streams use them).
 * Each chunk is scanned once: only the unterminated tail of the last line is carried over, as a list
 * of pieces joined when its terminator arrives, so long `data:` lines split over many chunks cost
 * O(total length), never a re-scan of the accumulated buffer.
 */

/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `event:` field of the event, if it had one. */
  event: string | undefined;
  /** The event's `data:` lines joined with `\n`. `'[DONE]'` marks the end of an OpenAI stream. */
  data: string;
}

/** The sentinel data OpenAI sends as the last Chat Completions event. */
export const SSE_DONE = '[DONE]';

const NO_MESSAGES: readonly SseMessage[] = Object.freeze([]);
const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Feed raw bytes (or text) with {@link SseParser.push}; each call returns the events completed by
 * that chunk. Byte chunks may split anywhere, even inside a multi-byte UTF-8 character. After a
 * `[DONE]` event, {@link SseParser.done} is true and further input is ignored.
 */
export class SseParser {
  /** Made on the first byte chunk: the built-in transport feeds text, and a TextDecoder is a native object per stream. */
  #decoder: TextDecoder | undefined = undefined;
  /** Pieces of the current, not yet terminated line. */
  readonly #pending: string[] = [];
  /** The previous chunk ended in CR: a LF starting the next chunk belongs to that line break. */
  #skipLf = false;
  #event: string | undefined = undefined;
  /** Undefined until the current event has a `data:` line. */
  #data: string | undefined = undefined;
  #done = false;

  /** True once a `[DONE]` event has been returned. */
  get done(): boolean {
    return this.#done;
  }

  /** Parse one chunk; returns the events it completed (often none). */
  push(chunk: Uint8Array | string): readonly SseMessage[] {
    if (this.#done) return NO_MESSAGES;
    const text = typeof chunk === 'string' ? chunk : (this.#decoder ??= new TextDecoder('utf-8')).decode(chunk, { stream: true });
    return text.length === 0 ? NO_MESSAGES : this.#scan(text);
  }

  /**
   * Signal the end of input. A final line without terminator still counts, but an event not closed
   * by a blank line is dropped, as the SSE spec requires (a cut stream must not yield half an event).
   */
  end(): readonly SseMessage[] {
    if (this.#done) return NO_MESSAGES;
    const tail = this.#decoder === undefined ? '' : this.#decoder.decode();
    const out = tail.length > 0 ? this.#scan(tail) : NO_MESSAGES;
    if (this.#pending.length > 0) {
      const line = this.#pending.length === 1 ? this.#pending[0]! : this.#pending.join('');
      this.#pending.length = 0;
      this.#field(line);
    }
    this.#event = undefined;
    this.#data = undefined;
    return out;
  }

  #scan(text: string): readonly SseMessage[] {
    let out: SseMessage[] | undefined;
    const n = text.length;
    let start = 0;
    if (this.#skipLf) {
      this.#skipLf = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Fast path: OpenAI sends LF-only streams, so indexOf can find line ends natively.
    const crlf = text.indexOf('\r', start) !== -1;
    let i = start;
    while (i < n) {
      let end: number;
      if (crlf) {
        end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === LF || c === CR) break;
          end++;
        }
      } else {
        end = text.indexOf('\n', i);
        if (end === -1) end = n;
      }
      if (end === n) break;
      let line = text.slice(start, end);
      if (this.#pending.length > 0) {
        this.#pending.push(line);
        line = this.#pending.join('');
        this.#pending.length = 0;
      }
      if (text.charCodeAt(end) === CR) {
        if (end + 1 < n) {
          if (text.charCodeAt(end + 1) === LF) end++;
        } else {
          this.#skipLf = true;
        }
      }
      start = i = end + 1;
      const message = this.#line(line);
      if (message !== undefined) {
        (out ??= []).push(message);
        if (this.#done) return out;
      }
    }
    if (start < n) this.#pending.push(start === 0 ? text : text.slice(start));
    return out ?? NO_MESSAGES;
  }

  /** Handle one complete line; returns an event when the line is the blank line closing one. */
  #line(line: string): SseMessage | undefined {
    if (line.length === 0) {
      const data = this.#data;
      const event = this.#event;
      this.#data = undefined;
      this.#event = undefined;
      if (data === undefined) return undefined;
      if (data === SSE_DONE) this.#done = true;
      return { event, data };
    }
    this.#field(line);
    return undefined;
  }

  #field(line: string): void {
    if (line.charCodeAt(0) === COLON) return; // comment / keep-alive
    const colon = line.indexOf(':');
    // The name is compared in place (no slice per line): only data and event matter.
    const nameLength = colon === -1 ? line.length : colon;
    const isData = nameLength === 4 && line.startsWith('data');
    if (!isData && !(nameLength === 5 && line.startsWith('event'))) return;
    const value = colon === -1 ? '' : line.charCodeAt(colon + 1) === SPACE ? line.slice(colon + 2) : line.slice(colon + 1);
    if (isData) this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    else this.#event = value;
    // `id` and `retry` matter only for browser reconnection, which model streams never use.
  }
}

/**
 * Parse an async byte (or text) stream into events. A `[DONE]` event is yielded and ends parsing;
 * the source is still read to its end. Returning early closes the source through its `return`.
 */
export async function* iterateSse(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseMessage, void, undefined> {
  const parser = new SseParser();
  for await (const chunk of source) {
    // After [DONE], drain instead of returning: ending the source cleanly lets an HTTP keep-alive
    // socket be reused, where an early return would destroy it. A consumer may still break early.
    if (parser.done) continue;
    const messages = parser.push(chunk);
    for (let i = 0; i < messages.length; i++) yield messages[i]!;
  }
  const rest = parser.end();
  for (let i = 0; i < rest.length; i++) yield rest[i]!;
}
