import { getEventListeners } from 'node:events';
import type { Span, Trace, TracingExporter, TracingProcessor } from './types.js';
import { reportProcessorError } from './isolation.js';
import { UserError } from '../errors/index.js';

/** Options for `BatchTraceProcessor`. */
export interface BatchTraceProcessorOptions {
  /** Most items held; more are dropped and counted in `droppedCount`. Default 8192. */
  maxQueueSize?: number;
  /** Most items per `export()` call. Default 128. */
  maxBatchSize?: number;
  /** How long an item may wait before a scheduled export. Default 5000 ms. */
  scheduleDelayMs?: number;
  /**
   * Export early once the queue is this full (0..1). Default: as soon as a full batch
   * (`maxBatchSize` items) is queued.
   */
  exportTriggerRatio?: number;
  /** Abort one `export()` call after this long. Default 30000 ms. */
  exportTimeoutMs?: number;
}

// One beforeExit listener for every live processor (one per instance would trip MaxListeners).
const live = new Set<BatchTraceProcessor>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('beforeExit', () => {
    for (const processor of live) if (processor.queuedCount > 0) void processor.forceFlush();
  });
}

/**
 * Queues traces (at start) and spans (at end) and hands them to an exporter in batches: on a timer
 * (unref'd, so it never keeps the process alive), when the queue is getting full, on `forceFlush()`,
 * and when the process is about to exit. The queue is bounded; overflow is dropped and counted.
 */
export class BatchTraceProcessor implements TracingProcessor {
  readonly #exporter: TracingExporter;
  readonly #maxQueueSize: number;
  readonly #maxBatchSize: number;
  readonly #scheduleDelayMs: number;
  readonly #triggerSize: number;
  readonly #exportTimeoutMs: number;
  /** Items waiting are `#queue[#head..]`: taking a batch moves `#head` instead of shifting the array. */
  #queue: Array<Trace | Span> = [];
  #head = 0;
  #timer: NodeJS.Timeout | null = null;
  #exporting: Promise<void> | null = null;
  /** The last export's controller, if it can serve the next export (see `#exportLoop`). */
  #spareController: AbortController | undefined;
  /** The export running now: what the watchdog aborts once it is older than `exportTimeoutMs`. */
  #inFlight: { controller: AbortController; startedAt: number } | undefined;
  #watchdog: NodeJS.Timeout | null = null;
  #dropped = 0;
  #shutDown = false;

  constructor(exporter: TracingExporter, options: BatchTraceProcessorOptions = {}) {
    this.#exporter = exporter;
    this.#maxQueueSize = positive('maxQueueSize', options.maxQueueSize ?? 8192);
    this.#maxBatchSize = positive('maxBatchSize', options.maxBatchSize ?? 128);
    this.#scheduleDelayMs = nonNegative('scheduleDelayMs', options.scheduleDelayMs ?? 5000);
    this.#exportTimeoutMs = positive('exportTimeoutMs', options.exportTimeoutMs ?? 30_000);
    const ratio = options.exportTriggerRatio;
    if (ratio !== undefined && !(ratio > 0 && ratio <= 1)) throw new UserError(`BatchTraceProcessor: exportTriggerRatio must be in (0, 1], got ${ratio}`);
    // A full batch goes out at once by default: the export loop sends batches of this size anyway, so
    // waiting for a fuller queue saves no export call but keeps thousands of finished spans (and the
    // run items they point to) alive long enough to be promoted to the old generation: at 50
    // concurrent runs that made garbage collection a fifth of the CPU time.
    this.#triggerSize = ratio === undefined
      ? Math.min(this.#maxBatchSize, this.#maxQueueSize)
      : Math.max(1, Math.floor(this.#maxQueueSize * ratio));
    live.add(this);
    installExitHook();
  }

  /** Items dropped because the queue was full. */
  get droppedCount(): number {
    return this.#dropped;
  }

  /** Items waiting to be exported. */
  get queuedCount(): number {
    return this.#queue.length - this.#head;
  }

  onTraceStart(trace: Trace): void {
    this.#enqueue(trace);
  }

  onSpanEnd(span: Span): void {
    this.#enqueue(span);
  }

  #enqueue(item: Trace | Span): void {
    if (this.#shutDown) return;
    if (this.queuedCount >= this.#maxQueueSize) {
      if (this.#dropped === 0) console.warn(`[agentrun tracing] trace queue full (${this.#maxQueueSize}); dropping items`);
      this.#dropped++;
      return;
    }
    this.#queue.push(item);
    this.#scheduleExport();
  }

  // A full enough queue exports now; otherwise a timer (unref'd: it never keeps the process alive) does it soon.
  #scheduleExport(): void {
    if (this.queuedCount >= this.#triggerSize) void this.#drain();
    else if (this.#timer === null) this.#startTimer();
  }

  // The timer is not cleared when a full queue exports early: it then exports whatever is queued
  // when it fires, sooner than `scheduleDelayMs` after that item but never later. A busy process
  // exports a batch every few milliseconds: this saves setting and clearing a timer for each.
  #startTimer(): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.queuedCount > 0) void this.#drain();
    }, this.#scheduleDelayMs);
    this.#timer.unref();
  }

  // One export loop at a time. It exports batch after batch until the queue is empty (as the Python
  // SDK's processor does), so a triggered export brings the queue down instead of holding it at the
  // trigger size, and items queued meanwhile join the running loop.
  #drain(): Promise<void> {
    if (this.#exporting) return this.#exporting;
    this.#exporting = this.#exportLoop().finally(() => {
      this.#exporting = null;
      if (this.#shutDown || this.queuedCount === 0) return;
      this.#scheduleExport();
    });
    return this.#exporting;
  }

  async #exportLoop(): Promise<void> {
    for (;;) {
      const batch = this.#takeBatch();
      if (batch.length === 0) return;
      // A controller and the watchdog timer, not AbortSignal.timeout(): that one's timer lives for
      // the whole timeout (30 s) after a fast export, with a weak reference and a finalizer per
      // signal, thousands of them at a busy process's rate of batches.
      const controller = this.#spareController ?? new AbortController();
      this.#spareController = undefined;
      this.#inFlight = { controller, startedAt: performance.now() };
      if (this.#watchdog === null) this.#armWatchdog(this.#exportTimeoutMs);
      try {
        await this.#exporter.export(batch, controller.signal);
      } catch (error) {
        reportProcessorError(this.#exporter, 'export', error);
      } finally {
        this.#inFlight = undefined;
        // Node 20 makes an AbortController in several µs, with garbage to collect: about half the
        // cost of a batch. A signal the export left unaborted and with no listener on it is as
        // good as new, so the next export gets it; one still listened to (an exporter's leftover
        // work, or fetch's listener until its request is collected) is dropped.
        if (!controller.signal.aborted && getEventListeners(controller.signal, 'abort').length === 0) this.#spareController = controller;
      }
    }
  }

  // One timer watches every export: it is left set when an export ends, and when it fires it aborts
  // the export in flight if that one is older than the timeout, or waits out the rest of the newer
  // one's time. Setting and clearing a timer per export cost about as much as the rest of a batch.
  #armWatchdog(delayMs: number): void {
    this.#watchdog = setTimeout(() => {
      this.#watchdog = null;
      const inFlight = this.#inFlight;
      if (inFlight === undefined) return;
      const left = this.#exportTimeoutMs - (performance.now() - inFlight.startedAt);
      if (left > 0) this.#armWatchdog(left);
      else inFlight.controller.abort(new DOMException('The trace export timed out', 'TimeoutError'));
    }, delayMs);
    this.#watchdog.unref();
  }

  #takeBatch(): Array<Trace | Span> {
    const end = Math.min(this.#queue.length, this.#head + this.#maxBatchSize);
    const batch = this.#queue.slice(this.#head, end);
    if (end === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (end * 2 >= this.#queue.length) {
      // Taken items must not stay referenced, nor the array grow, while a slow exporter lets the queue refill.
      this.#queue = this.#queue.slice(end);
      this.#head = 0;
    } else {
      (this.#queue as Array<Trace | Span | undefined>).fill(undefined, this.#head, end);
      this.#head = end;
    }
    return batch;
  }

  /** Exports everything queued; resolves when done. */
  forceFlush(): Promise<void> {
    // A running loop may have taken its last batch before the newest items arrived: flush those after it.
    const running = this.#exporting;
    if (running) return running.then(() => (this.queuedCount > 0 ? this.#drain() : undefined));
    return this.#drain();
  }

  /** Exports what is queued, stops accepting items, and shuts the exporter down. */
  async shutdown(): Promise<void> {
    if (this.#shutDown) return;
    await this.forceFlush();
    this.#shutDown = true;
    live.delete(this);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#watchdog !== null) clearTimeout(this.#watchdog);
    this.#watchdog = null;
    try {
      await this.#exporter.shutdown?.();
    } catch (error) {
      reportProcessorError(this.#exporter, 'shutdown', error);
    }
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new UserError(`BatchTraceProcessor: ${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new UserError(`BatchTraceProcessor: ${name} must be a non-negative number, got ${value}`);
  return value;
}
