import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  addTraceProcessor,
  flushTraces,
  getTraceProcessors,
  setTraceProcessors,
  setTracingDisabled,
  shutdownTraces,
  startSpan,
  trace,
  withSpan,
} from '../../src/tracing/index.js';
import type { TracingProcessor } from '../../src/tracing/index.js';
import { RecordingProcessor, captureWarnings } from './helpers.js';

beforeEach(() => {
  setTraceProcessors([]);
  setTracingDisabled(false);
});

class ThrowingProcessor implements TracingProcessor {
  calls = 0;
  onTraceStart(): void {
    this.calls++;
    throw new Error('trace start exploded');
  }
  onTraceEnd(): void {
    this.calls++;
    throw new Error('trace end exploded');
  }
  onSpanStart(): void {
    this.calls++;
    throw new Error('span start exploded');
  }
  async onSpanEnd(): Promise<void> {
    this.calls++;
    throw new Error('span end rejected');
  }
  forceFlush(): void {
    throw new Error('flush exploded');
  }
}

const never = new Promise<void>(() => {});
class HangingProcessor implements TracingProcessor {
  onTraceStart(): Promise<void> {
    return never;
  }
  onSpanEnd(): Promise<void> {
    return never;
  }
  forceFlush(): Promise<void> {
    return never;
  }
  shutdown(): Promise<void> {
    return never;
  }
}

async function workload(): Promise<void> {
  await trace('w', async () => {
    for (let i = 0; i < 5; i++) {
      const span = startSpan({ type: 'agent', name: `a${i}` });
      await withSpan(span, async () => {
        startSpan({ type: 'function', name: 'f' }).end();
      });
      span.end();
    }
  });
}

test('a throwing or rejecting processor never breaks the run, others still get events, and it is reported once per method', async () => {
  const bad = new ThrowingProcessor();
  const good = new RecordingProcessor();
  setTraceProcessors([bad, good]);
  const { warnings } = await captureWarnings(async () => {
    await workload();
    await new Promise((r) => setImmediate(r)); // let the rejections be observed
  });
  assert.equal(bad.calls, 2 + 10 + 10);
  assert.equal(good.spans.length, 10);
  assert.equal(good.events.at(-1), 'trace_end:w');
  const mine = warnings.filter((w) => w.includes('ThrowingProcessor'));
  assert.equal(mine.length, 4, mine.join('\n'));
  for (const method of ['onTraceStart', 'onTraceEnd', 'onSpanStart', 'onSpanEnd']) {
    assert.ok(mine.some((w) => w.includes(`ThrowingProcessor.${method}`)), method);
  }
  assert.ok(mine.some((w) => w.includes('span end rejected')));
});

test('a hanging processor does not slow the run, and flush/shutdown time out', async () => {
  const good = new RecordingProcessor();
  setTraceProcessors([new HangingProcessor(), good]);
  const started = performance.now();
  await workload();
  assert.ok(performance.now() - started < 200, 'the run does not wait for processor promises');
  assert.equal(good.spans.length, 10);

  const { warnings } = await captureWarnings(async () => {
    const t0 = performance.now();
    await flushTraces({ timeoutMs: 50 });
    const flushMs = performance.now() - t0;
    assert.ok(flushMs >= 45 && flushMs < 1000, `flush took ${flushMs} ms`);
    const t1 = performance.now();
    await shutdownTraces({ timeoutMs: 50 });
    assert.ok(performance.now() - t1 < 1000);
  });
  assert.ok(warnings.some((w) => w.includes('HangingProcessor.forceFlush') && w.includes('timed out after 50 ms')), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes('HangingProcessor.shutdown')));
});

test('flushTraces never rejects even when forceFlush throws', async () => {
  setTraceProcessors([new ThrowingProcessor()]);
  const { warnings } = await captureWarnings(() => flushTraces({ timeoutMs: 100 }));
  assert.ok(warnings.some((w) => w.includes('flush exploded')));
});

test('plain-object processors with only some methods work', async () => {
  const seen: string[] = [];
  setTraceProcessors([{ onSpanEnd: (s) => void seen.push(s.spanData.type) }, {}]);
  await workload();
  await flushTraces({ timeoutMs: 100 });
  assert.equal(seen.length, 10);
});

test('addTraceProcessor appends; setTraceProcessors replaces', () => {
  const a = new RecordingProcessor();
  const b = new RecordingProcessor();
  setTraceProcessors([a]);
  addTraceProcessor(b);
  assert.deepEqual(getTraceProcessors(), [a, b]);
  setTraceProcessors([b]);
  assert.deepEqual(getTraceProcessors(), [b]);
});

test('processor mutation during a span does not disturb in-flight dispatch', async () => {
  const late = new RecordingProcessor();
  const early: TracingProcessor = { onSpanStart: () => addTraceProcessor(late) };
  setTraceProcessors([early]);
  await trace('w', () => {
    startSpan({ type: 'agent', name: 'a' }).end();
  });
  assert.deepEqual(late.events, ['span_end:agent', 'trace_end:w']);
});
