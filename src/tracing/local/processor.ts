import type { Span, Trace, TracingProcessor } from '../types.js';
import { reportProcessorError } from '../isolation.js';
import { LocalTraceStore } from './store.js';
import type { LocalTraceStoreOptions } from './store.js';

/** Options for `LocalTraceProcessor`. */
export interface LocalTraceProcessorOptions extends LocalTraceStoreOptions {
  /** Use this store instead of opening one from `path`. */
  store?: LocalTraceStore;
  /** How long writes are held to be written together. Default 200 ms. */
  flushDelayMs?: number;
  /** Write at once when this many items are waiting. Default 512. */
  maxBuffered?: number;
}

type Pending = { trace: Trace } | { span: Span };

// Writes are synchronous, so pending ones can still be saved in 'exit', which also covers process.exit().
const live = new Set<LocalTraceProcessor>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const processor of live) processor.flushSync();
  });
}

/**
 * Saves traces and spans to a local SQLite file for `npx agentrun traces`. Writes are buffered briefly
 * and done in one transaction, so a run pays only an array push per span.
 */
export class LocalTraceProcessor implements TracingProcessor {
  /** The store written to. */
  readonly store: LocalTraceStore;
  readonly #flushDelayMs: number;
  readonly #maxBuffered: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: LocalTraceProcessorOptions = {}) {
    this.store = options.store ?? new LocalTraceStore(options);
    this.#flushDelayMs = options.flushDelayMs ?? 200;
    this.#maxBuffered = options.maxBuffered ?? 512;
    live.add(this);
    installExitHook();
  }

  onTraceStart(trace: Trace): void {
    this.#push({ trace });
  }

  onTraceEnd(trace: Trace): void {
    this.#push({ trace });
  }

  onSpanEnd(span: Span): void {
    this.#push({ span });
  }

  #push(item: Pending): void {
    if (this.#closed) return;
    this.#pending.push(item);
    if (this.#pending.length >= this.#maxBuffered) this.flushSync();
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => this.flushSync(), this.#flushDelayMs);
      this.#timer.unref();
    }
  }

  /** Writes everything pending now. */
  flushSync(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pending.length === 0 || this.#closed) return;
    const batch = this.#pending;
    this.#pending = [];
    try {
      this.store.transaction(() => {
        for (const item of batch) {
          if ('span' in item) this.store.saveSpan(item.span);
          else this.store.saveTrace(item.trace);
        }
      });
    } catch (error) {
      reportProcessorError(this, 'write', error);
    }
  }

  forceFlush(): void {
    this.flushSync();
  }

  /** Writes what is pending and closes the database. */
  shutdown(): void {
    this.flushSync();
    this.#closed = true;
    live.delete(this);
    this.store.close();
  }
}
