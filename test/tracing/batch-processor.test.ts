import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchTraceProcessor } from '../../src/tracing/index.js';
import { RecordingSpan } from '../../src/tracing/spans.js';
import type { Span, Trace, TracingExporter } from '../../src/tracing/index.js';
import { UserError } from '../../src/errors/index.js';
import { captureWarnings } from './helpers.js';

class CollectingExporter implements TracingExporter {
  batches: Array<Array<Trace | Span>> = [];
  gate: Promise<void> | null = null;
  async export(items: ReadonlyArray<Trace | Span>): Promise<void> {
    this.batches.push([...items]);
    if (this.gate) await this.gate;
  }
}

/** A finished custom span named after `i`, made without any processors involved. */
function span(i: number): Span {
  return new RecordingSpan({ traceId: 'trace_t', spanId: `span_${i}`, parentId: null, data: { type: 'custom', name: String(i), data: {} } });
}

/** Ends two spans on `processor` and flushes it; returns the warnings printed meanwhile. */
async function exportTwoSpans(processor: BatchTraceProcessor): Promise<string[]> {
  // An export's timeout timer is unref'd (tracing never keeps a process alive): hold the test's event loop open.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const { warnings } = await captureWarnings(async () => {
      processor.onSpanEnd(span(1));
      processor.onSpanEnd(span(2));
      await processor.forceFlush();
    });
    return warnings;
  } finally {
    clearInterval(keepAlive);
  }
}

test('bounded queue drops overflow and counts it', async () => {
  const exporter = new CollectingExporter();
  const processor = new BatchTraceProcessor(exporter, { maxQueueSize: 10, maxBatchSize: 4, scheduleDelayMs: 60_000, exportTriggerRatio: 1 });
  let release!: () => void;
  exporter.gate = new Promise((r) => (release = r));
  const { warnings } = await captureWarnings(() => {
    for (let i = 0; i < 10; i++) processor.onSpanEnd(span(i));
    // The 10th item reached the trigger: one batch of 4 went to the (blocked) exporter, 6 remain.
    for (let i = 10; i < 20; i++) processor.onSpanEnd(span(i));
  });
  assert.equal(processor.queuedCount, 10);
  assert.equal(processor.droppedCount, 6);
  assert.equal(warnings.filter((w) => w.includes('queue full')).length, 1, 'the drop warning is given once');
  release();
  await processor.forceFlush();
  const exported = exporter.batches.flat().map((s) => (s as Span).spanData);
  assert.equal(exported.length, 14);
  assert.ok(exporter.batches.every((b) => b.length <= 4), 'batches respect maxBatchSize');
  assert.deepEqual(
    exported.map((d) => (d.type === 'custom' ? d.name : '')),
    Array.from({ length: 14 }, (_, i) => String(i)),
    'items that arrive while the queue is full are the ones dropped',
  );
  await processor.shutdown();
});

test('a triggered export empties the queue in batches, including items queued while it runs', async () => {
  const exporter = new CollectingExporter();
  const processor = new BatchTraceProcessor(exporter, { maxQueueSize: 10, maxBatchSize: 2, scheduleDelayMs: 60_000, exportTriggerRatio: 0.5 });
  let release!: () => void;
  exporter.gate = new Promise((r) => (release = r));
  for (let i = 0; i < 5; i++) processor.onSpanEnd(span(i)); // the 5th reaches the trigger
  assert.equal(processor.queuedCount, 3, 'the first batch is with the (blocked) exporter');
  processor.onSpanEnd(span(5));
  processor.onSpanEnd(span(6));
  release();
  exporter.gate = null;
  await new Promise((r) => setImmediate(r));
  assert.equal(processor.queuedCount, 0, 'no item waits for the schedule timer');
  const names = exporter.batches.map((b) => b.map((s) => ((s as Span).spanData as { name: string }).name).join(','));
  assert.deepEqual(names, ['0,1', '2,3', '4,5', '6']);
  await processor.shutdown();
});

test('exports on the schedule timer without an explicit flush', async () => {
  const exporter = new CollectingExporter();
  const processor = new BatchTraceProcessor(exporter, { scheduleDelayMs: 20 });
  processor.onSpanEnd(span(1));
  processor.onSpanEnd(span(2));
  assert.equal(exporter.batches.length, 0);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(exporter.batches.length, 1);
  assert.equal(exporter.batches[0]!.length, 2);
  await processor.shutdown();
});

test('an item queued after an early export still goes out on the schedule timer', async () => {
  const exporter = new CollectingExporter();
  // The trigger is 2 items: the first item starts the timer, the second exports at once.
  const processor = new BatchTraceProcessor(exporter, { maxQueueSize: 4, scheduleDelayMs: 40, exportTriggerRatio: 0.5 });
  processor.onSpanEnd(span(1));
  processor.onSpanEnd(span(2));
  await new Promise((r) => setImmediate(r));
  assert.equal(exporter.batches.length, 1, 'the full batch went out at once');
  processor.onSpanEnd(span(3));
  assert.equal(processor.queuedCount, 1);
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(processor.queuedCount, 0, 'the timer exported the late item');
  assert.deepEqual(exporter.batches.map((b) => b.length), [2, 1]);
  await processor.shutdown();
});

test('traces are queued at start, spans at end', async () => {
  const exporter = new CollectingExporter();
  const processor = new BatchTraceProcessor(exporter, { scheduleDelayMs: 60_000 });
  const trace = { traceId: 'trace_x', name: 'w', startedAt: null, endedAt: null, recording: true, start() {}, end() {} };
  processor.onTraceStart(trace);
  processor.onSpanEnd(span(1));
  await processor.forceFlush();
  assert.deepEqual(exporter.batches, [[trace, exporter.batches[0]![1]]]);
  await processor.shutdown();
});

test('an exporter that throws is reported and does not stop later exports', async () => {
  let calls = 0;
  const exporter: TracingExporter = {
    async export() {
      calls++;
      if (calls === 1) throw new Error('backend down');
    },
  };
  const processor = new BatchTraceProcessor(exporter, { maxBatchSize: 1, scheduleDelayMs: 60_000 });
  const warnings = await exportTwoSpans(processor);
  assert.equal(calls, 2);
  assert.ok(warnings.some((w) => w.includes('backend down')));
  await processor.shutdown();
});

test('after shutdown items are ignored; bad options are UserErrors', async () => {
  const exporter = new CollectingExporter();
  const processor = new BatchTraceProcessor(exporter);
  await processor.shutdown();
  processor.onSpanEnd(span(1));
  assert.equal(processor.queuedCount, 0);
  assert.throws(() => new BatchTraceProcessor(exporter, { maxQueueSize: 0 }), (e: unknown) => e instanceof UserError && /maxQueueSize/.test(e.message));
  assert.throws(() => new BatchTraceProcessor(exporter, { exportTriggerRatio: 2 }), UserError);
});

test('queued items are exported when the process is about to exit', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `
    import { BatchTraceProcessor, setTraceProcessors, trace, startSpan } from './src/tracing/index.ts';
    const exporter = { async export(items) { await new Promise((r) => setTimeout(r, 10)); console.log('exported ' + items.length); } };
    setTraceProcessors([new BatchTraceProcessor(exporter, { scheduleDelayMs: 60000 })]);
    await trace('w', () => { startSpan({ type: 'custom', name: 's', data: {} }).end(); });
  `;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'exported 2', 'the trace and its span, once');
  assert.ok(Date.now() - started < 30_000, 'the unref-ed schedule timer does not hold the process');
});

test('an export that outlives exportTimeoutMs has its signal aborted; a fast one never does, and the next batch still goes out', async () => {
  const signals: AbortSignal[] = [];
  let calls = 0;
  const exporter: TracingExporter = {
    export(_items, signal) {
      signals.push(signal!);
      // The first export hangs until its signal aborts; the others return at once.
      if (calls++ > 0) return Promise.resolve();
      return new Promise<void>((_resolve, reject) => signal!.addEventListener('abort', () => reject(signal!.reason), { once: true }));
    },
  };
  const processor = new BatchTraceProcessor(exporter, { maxBatchSize: 1, scheduleDelayMs: 60_000, exportTimeoutMs: 50 });
  const warnings = await exportTwoSpans(processor);
  assert.equal(signals.length, 2);
  assert.equal(signals[0]!.aborted, true);
  assert.equal((signals[0]!.reason as DOMException).name, 'TimeoutError');
  assert.equal(signals[1]!.aborted, false, 'a finished export keeps an unaborted signal (the timeout watches only the export in flight)');
  assert.ok(warnings.some((w) => w.includes('export failed') && w.includes('timed out')), warnings.join('\n'));
});

test('an export that starts while the timeout timer runs for an earlier one still gets its whole exportTimeoutMs', async () => {
  const startedAt: number[] = [];
  let abortedAfter = -1;
  let calls = 0;
  const exporter: TracingExporter = {
    export(_items, signal) {
      const started = performance.now();
      startedAt.push(started);
      // The first export returns at once; the second hangs until its signal aborts.
      if (calls++ === 0) return Promise.resolve();
      return new Promise<void>((_resolve, reject) =>
        signal!.addEventListener('abort', () => {
          abortedAfter = performance.now() - started;
          reject(signal!.reason);
        }, { once: true }),
      );
    },
  };
  const processor = new BatchTraceProcessor(exporter, { maxBatchSize: 1, scheduleDelayMs: 60_000, exportTimeoutMs: 300 });
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const { warnings } = await captureWarnings(async () => {
      processor.onSpanEnd(span(1));
      await processor.forceFlush();
      // Most of the first export's timeout has passed when the second export starts.
      await new Promise((resolve) => setTimeout(resolve, 200));
      processor.onSpanEnd(span(2));
      await processor.forceFlush();
    });
    assert.equal(startedAt.length, 2);
    assert.ok(abortedAfter >= 290, `the second export was aborted ${abortedAfter.toFixed(0)} ms after it started, before its own 300 ms`);
    assert.ok(warnings.some((w) => w.includes('export failed') && w.includes('timed out')), warnings.join('\n'));
  } finally {
    clearInterval(keepAlive);
  }
});

test('an export gets a signal no earlier export still listens to', async () => {
  const signals: AbortSignal[] = [];
  const leftover = (): void => {};
  const exporter: TracingExporter = {
    async export(_items, signal) {
      signals.push(signal!);
      // The second export leaves a listener behind on its signal.
      if (signals.length === 2) signal!.addEventListener('abort', leftover);
    },
  };
  const processor = new BatchTraceProcessor(exporter, { maxBatchSize: 1, scheduleDelayMs: 60_000 });
  await exportTwoSpans(processor);
  await exportTwoSpans(processor);
  assert.equal(signals.length, 4);
  assert.ok(signals.every((s) => !s.aborted));
  // A signal left with no listener may serve the next export; one still listened to never does.
  assert.equal(signals[1], signals[0], 'the first export left its signal unused: the second got it');
  assert.notEqual(signals[2], signals[1], 'the second export left a listener: the third got a new signal');
  assert.equal(new Set(signals).size, 2);
  signals[1]!.removeEventListener('abort', leftover);
});
