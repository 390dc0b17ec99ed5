import { UserError } from '../errors/index.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

interface PendingRead<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
  /** Detach the reader that is waiting (the queue ended). */
  end(): void;
}

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
  /** The reader's next() waiting for an event (only ever while the buffer is empty). */
  private pendingRead: PendingRead<T> | undefined;
  private wakeWriter: (() => void) | undefined;
  private readerAttached = false;
  private unbounded = false;

  constructor(private readonly highWaterMark = 256) {}

  get size(): number {
    return this.buffer.length - this.head;
  }

  push(event: T): void | Promise<void> {
    if (this.closed) return;
    const read = this.pendingRead;
    if (read) {
      this.pendingRead = undefined;
      read.resolve({ value: event, done: false });
      return;
    }
    this.buffer.push(event);
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
    const read = this.pendingRead;
    if (read) {
      // The buffer is empty while a read waits: the end (or the error) is the reader's next result.
      this.pendingRead = undefined;
      read.end();
      if (failed) read.reject(error);
      else read.resolve(DONE);
    }
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
      this.buffer.length = 0; // reuse the array: a reader keeping up empties it at every event
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    if (this.wakeWriter && this.size <= this.highWaterMark / 2) this.releaseWriter();
    return event;
  }

  /**
   * The reader: an async iterator over the events (one attached at a time). Hand-written rather
   * than an async generator: an event pushed while the reader waits is handed over directly,
   * without buffering or the generator's extra promise hops.
   */
  consume(): AsyncIterableIterator<T> {
    let state: 'new' | 'reading' | 'done' = 'new';
    const end = (): void => {
      if (state === 'reading') {
        this.readerAttached = false;
        this.releaseWriter();
      }
      state = 'done';
    };
    const iterator: AsyncIterableIterator<T> = {
      next: (): Promise<IteratorResult<T>> => {
        if (state === 'done') return Promise.resolve(DONE);
        if (state === 'new') {
          // Two readers would take turns at random; each must see every event.
          if (this.readerAttached) {
            state = 'done';
            return Promise.reject(new UserError('The run\'s events are already being read (streamEvents() or toTextStream()); a streamed run has one reader at a time'));
          }
          this.readerAttached = true;
          state = 'reading';
        }
        if (this.pendingRead) return Promise.reject(new UserError('next() called before the previous next() settled'));
        if (this.size > 0) return Promise.resolve({ value: this.shift(), done: false });
        if (this.closed) {
          end();
          return this.failed ? Promise.reject(this.error) : Promise.resolve(DONE);
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.pendingRead = { resolve, reject, end };
        });
      },
      return: (): Promise<IteratorResult<T>> => {
        const read = this.pendingRead;
        this.pendingRead = undefined;
        end();
        read?.resolve(DONE);
        return Promise.resolve(DONE);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
