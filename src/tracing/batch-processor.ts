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
  /** Export early once the queue is this full (0..1). Default 0.7. */
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
  #queue: Array<Trace | Span> = [];
  #timer: NodeJS.Timeout | null = null;
  #exporting: Promise<void> | null = null;
  #dropped = 0;
  #shutDown = false;

  constructor(exporter: TracingExporter, options: BatchTraceProcessorOptions = {}) {
    this.#exporter = exporter;
    this.#maxQueueSize = positive('maxQueueSize', options.maxQueueSize ?? 8192);
    this.#maxBatchSize = positive('maxBatchSize', options.maxBatchSize ?? 128);
    this.#scheduleDelayMs = nonNegative('scheduleDelayMs', options.scheduleDelayMs ?? 5000);
    this.#exportTimeoutMs = positive('exportTimeoutMs', options.exportTimeoutMs ?? 30_000);
    const ratio = options.exportTriggerRatio ?? 0.7;
    if (!(ratio > 0 && ratio <= 1)) throw new UserError(`BatchTraceProcessor: exportTriggerRatio must be in (0, 1], got ${ratio}`);
    this.#triggerSize = Math.max(1, Math.floor(this.#maxQueueSize * ratio));
    live.add(this);
    installExitHook();
  }

  /** Items dropped because the queue was full. */
  get droppedCount(): number {
    return this.#dropped;
  }

  /** Items waiting to be exported. */
  get queuedCount(): number {
    return this.#queue.length;
  }

  onTraceStart(trace: Trace): void {
    this.#enqueue(trace);
  }

  onSpanEnd(span: Span): void {
    this.#enqueue(span);
  }

  #enqueue(item: Trace | Span): void {
    if (this.#shutDown) return;
    if (this.#queue.length >= this.#maxQueueSize) {
      if (this.#dropped === 0) console.warn(`[agentrun tracing] trace queue full (${this.#maxQueueSize}); dropping items`);
      this.#dropped++;
      return;
    }
    this.#queue.push(item);
    this.#scheduleExport();
  }

  // A full batch exports now; otherwise a timer (unref'd: it never keeps the process alive) does it soon.
  #scheduleExport(): void {
    if (this.#queue.length >= this.#triggerSize) void this.#drain(false);
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#drain(true);
      }, this.#scheduleDelayMs);
      this.#timer.unref();
    }
  }

  // Exports run one at a time; `all` keeps exporting until the queue is empty.
  #drain(all: boolean): Promise<void> {
    if (this.#exporting) return all ? this.#exporting.then(() => this.#drain(true)) : this.#exporting;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#exporting = this.#exportLoop(all).finally(() => {
      this.#exporting = null;
      if (this.#shutDown || this.#queue.length === 0) return;
      this.#scheduleExport();
    });
    return this.#exporting;
  }

  async #exportLoop(all: boolean): Promise<void> {
    do {
      const batch = this.#queue.splice(0, this.#maxBatchSize);
      if (batch.length === 0) return;
      const signal = AbortSignal.timeout(this.#exportTimeoutMs);
      try {
        await this.#exporter.export(batch, signal);
      } catch (error) {
        reportProcessorError(this.#exporter, 'export', error);
      }
    } while (all);
  }

  /** Exports everything queued; resolves when done. */
  forceFlush(): Promise<void> {
    return this.#drain(true);
  }

  /** Exports what is queued, stops accepting items, and shuts the exporter down. */
  async shutdown(): Promise<void> {
    if (this.#shutDown) return;
    await this.#drain(true);
    this.#shutDown = true;
    live.delete(this);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
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
