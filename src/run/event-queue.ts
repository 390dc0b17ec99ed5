import { UserError } from '../errors/index.js';

/**
 * The buffer between a streamed run and its reader. It holds exactly the events not yet read
 * (read ones are released at once). While a reader is attached and more than `highWaterMark`
 * events wait, `push` returns a promise so the run pauses until the reader catches up; with no
 * reader attached the run proceeds in the background, as documented.
 */
export class EventQueue<T> {
  private buffer: T[] = [];
  private head = 0;
  private closed = false;
  private error: unknown;
  private failed = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;
  private readerAttached = false;
  private unbounded = false;

  constructor(private readonly highWaterMark = 256) {}

  get size(): number {
    return this.buffer.length - this.head;
  }

  push(event: T): void | Promise<void> {
    if (this.closed) return;
    this.buffer.push(event);
    const wake = this.wakeReader;
    if (wake) {
      this.wakeReader = undefined;
      wake();
    }
    if (this.readerAttached && !this.unbounded && this.size > this.highWaterMark) {
      return new Promise<void>((resolve) => {
        this.wakeWriter = resolve;
      });
    }
  }

  /** No more events; a reader gets `error` (if given) after the buffered events. */
  close(error?: unknown, failed = false): void {
    if (this.closed) return;
    this.closed = true;
    this.error = error;
    this.failed = failed;
    this.wakeReader?.();
    this.wakeReader = undefined;
    this.releaseWriter();
  }

  /** Stop pausing the writer (an aborted run must reach its end even if its reader is idle). */
  stopBackpressure(): void {
    this.unbounded = true;
    this.releaseWriter();
  }

  /** Drop buffered events (cancel('immediate')). */
  clear(): void {
    this.buffer = [];
    this.head = 0;
    this.releaseWriter();
  }

  private releaseWriter(): void {
    const wake = this.wakeWriter;
    if (wake) {
      this.wakeWriter = undefined;
      wake();
    }
  }

  private shift(): T {
    const event = this.buffer[this.head]!;
    (this.buffer as Array<T | undefined>)[this.head] = undefined;
    this.head++;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    if (this.wakeWriter && this.size <= this.highWaterMark / 2) this.releaseWriter();
    return event;
  }

  async *consume(): AsyncGenerator<T> {
    // Two readers would race for one wake-up slot and one of them would wait forever.
    if (this.readerAttached) throw new UserError('The run\'s events are already being read (streamEvents() or toTextStream()); a streamed run has one reader at a time');
    this.readerAttached = true;
    try {
      for (;;) {
        if (this.size > 0) {
          yield this.shift();
          continue;
        }
        if (this.closed) {
          if (this.failed) throw this.error;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wakeReader = resolve;
        });
      }
    } finally {
      this.readerAttached = false;
      this.releaseWriter();
    }
  }
}
