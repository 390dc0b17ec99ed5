import type { Agent } from '../agent/agent.js';
import type { RunEnv } from './run-env.js';
import type { RunState } from './run-state.js';
import { RunResult } from './run-result.js';
import type { EventQueue } from './event-queue.js';
import type { StreamEvent } from './stream-events.js';
import { UserError } from '../errors/index.js';

/**
 * The abort reason used by cancel('immediate'): tools see a standard AbortError on `ctx.signal`
 * (and `fetch` with that signal rejects with it); the run itself ends quietly, not with an error.
 */
export const CANCELLED = new DOMException('The run was cancelled', 'AbortError');

/**
 * A run in progress, returned at once by `runStreamed`. Iterate `streamEvents()` for events,
 * or `await result.completed`. The run proceeds whether or not anyone reads.
 */
export class RunResultStreaming<TContext = unknown, TOutput = unknown> extends RunResult<TContext, TOutput> {
  private readonly queue: EventQueue<StreamEvent>;
  private readonly env: RunEnv<TContext>;
  private readonly settled: Promise<void>;
  private complete = false;
  private failure: { error: unknown } | undefined;

  /** @internal Created by the runner. */
  constructor(options: { state: RunState<TContext>; env: RunEnv<TContext>; queue: EventQueue<StreamEvent>; run: Promise<void> }) {
    super(options.state);
    this.queue = options.queue;
    this.env = options.env;
    // A paused run whose signal aborts must still unwind (and settle `completed`) without a read.
    const queue = options.queue;
    options.env.abort.onAbort(() => queue.stopBackpressure());
    // Never rejects, so an unobserved failure is not an unhandled rejection; `completed` re-raises it.
    // After cancel('immediate') the run ends with whatever the interrupted stage threw (the
    // transport's AbortError, a tool's error): the cancel is not a failure, whichever it was.
    this.settled = options.run.then(
      () => this.settle(undefined),
      (error: unknown) => this.settle(this.cancelled ? undefined : { error }),
    );
  }

  private get cancelled(): boolean {
    return this.env.abort.reason === CANCELLED;
  }

  private settle(failure: { error: unknown } | undefined): void {
    this.complete = true;
    this.failure = failure;
    this.queue.close(failure?.error, failure !== undefined);
  }

  get currentAgent(): Agent<TContext, unknown> {
    return this.state.currentAgent;
  }
  get currentTurn(): number {
    return this.state.currentTurn;
  }
  get maxTurns(): number | null {
    return this.state.maxTurns;
  }
  /** True once the run finished or failed, and from the moment it is cancelled with 'immediate'. */
  get isComplete(): boolean {
    return this.complete;
  }

  /** Resolves when the run is over; rejects with the run's error. */
  get completed(): Promise<void> {
    return this.settled.then(() => {
      if (this.failure) throw this.failure.error;
    });
  }

  /**
   * The run's events, in order. Ends when the run ends; if the run failed, throws its error
   * after the events produced before the failure. One reader at a time (a concurrent second
   * reader gets a UserError); a reader that stops early leaves the unread events for a later call.
   */
  streamEvents(): AsyncIterable<StreamEvent> {
    return this.queue.consume();
  }

  /**
   * `'immediate'` (default) aborts the model call and running tools and ends the stream;
   * `'after_turn'` lets the current turn finish (tools included) and starts no further model
   * call. Calling it again does nothing.
   */
  cancel(mode: 'immediate' | 'after_turn' = 'immediate'): void {
    if (mode !== 'immediate' && mode !== 'after_turn') {
      throw new UserError(`cancel() mode must be 'immediate' or 'after_turn', got ${JSON.stringify(mode)}`);
    }
    if (this.complete) return;
    if (mode === 'after_turn') {
      this.env.cancelAfterTurn = true;
      return;
    }
    if (this.env.abort.aborted) return;
    // End the stream now: the reader must not wait for the run to notice the abort.
    this.complete = true;
    this.queue.clear();
    this.queue.close();
    this.env.abort.abort(CANCELLED);
  }

  /** Only the text deltas, as a web ReadableStream (for chat UIs and HTTP responses). */
  toTextStream(): ReadableStream<string> {
    const events = this.streamEvents()[Symbol.asyncIterator]();
    return new ReadableStream<string>({
      async pull(controller) {
        for (;;) {
          const next = await events.next();
          if (next.done) {
            controller.close();
            return;
          }
          const e = next.value;
          if (e.type === 'raw_response_event' && e.data.type === 'response.output_text.delta' && typeof e.data.delta === 'string') {
            controller.enqueue(e.data.delta);
            return;
          }
        }
      },
      async cancel() {
        await events.return?.(undefined);
      },
    });
  }
}
