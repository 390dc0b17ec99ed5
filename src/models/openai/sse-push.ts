import type { Readable } from 'node:stream';
import { SseParser, type SseMessage } from './sse.js';
import { prematureClose } from './transport-errors.js';

/**
 * Called for each server-sent event. A returned promise pauses the stream until it settles
 * (backpressure); a throw or a rejection ends the stream with that error.
 */
export type SseHandler = (message: SseMessage) => void | Promise<void>;

/**
 * Feed a response body to `onMessage` as it arrives, straight from the stream's `'data'` events:
 * one promise for the whole body instead of the several promise hops per event of nested async
 * iterators. Resolves when the body ended and every event was handled; rejects with the first
 * error (of the stream or of a handler; a body that closes early is a `ModelConnectionError`
 * naming `url`). On rejection the caller destroys the stream.
 */
export function pushSse(body: Readable, onMessage: SseHandler, url = 'the model API'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const parser = new SseParser();
    let queue: readonly SseMessage[] = [];
    let next = 0;
    let waiting = false;
    let ended = false;
    let settled = false;

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const resume = (): void => {
      waiting = false;
      pump();
      if (waiting || settled) return;
      if (ended) end();
      else body.resume();
    };
    // Deliver queued events until one makes us wait.
    const pump = (): void => {
      while (next < queue.length && !settled) {
        let pending: void | Promise<void>;
        try {
          pending = onMessage(queue[next++]!);
        } catch (error) {
          fail(error);
          return;
        }
        if (pending instanceof Promise) {
          waiting = true;
          body.pause();
          pending.then(resume, fail);
          return;
        }
      }
    };
    const deliver = (messages: readonly SseMessage[]): void => {
      if (messages.length === 0) return;
      if (next < queue.length) {
        // A chunk that arrived while paused: keep order behind what is still queued.
        queue = [...queue.slice(next), ...messages];
      } else {
        queue = messages;
      }
      next = 0;
      if (!waiting) pump();
    };
    // The body ended and everything before it was handled: the parser's tail, then done.
    const end = (): void => {
      deliver(parser.end());
      if (waiting || settled) return;
      settled = true;
      resolve();
    };

    body.on('data', (chunk: string | Buffer) => {
      // After [DONE], drain without parsing: a cleanly ended body keeps the keep-alive socket usable.
      if (settled || parser.done) return;
      deliver(parser.push(chunk));
    });
    body.on('end', () => {
      ended = true;
      if (!settled && !waiting) end();
    });
    body.on('error', fail);
    body.on('close', () => {
      if (!ended) fail(prematureClose(url));
    });
  });
}
