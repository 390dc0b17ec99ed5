import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  genSpanId,
  genTraceId,
  getCurrentSpan,
  getCurrentTrace,
  runInSpan,
  runInTrace,
  setTraceProcessors,
  setTracingDisabled,
  startSpan,
  startTrace,
  trace,
  withSpan,
} from '../../src/tracing/index.js';
import { UserError } from '../../src/errors/index.js';
import { RecordingProcessor } from './helpers.js';

let recorder: RecordingProcessor;
beforeEach(() => {
  recorder = new RecordingProcessor();
  setTraceProcessors([recorder]);
  setTracingDisabled(false);
});

test('generated ids follow the OpenAI format and are unique', () => {
  const traceIds = new Set(Array.from({ length: 2000 }, genTraceId));
  const spanIds = new Set(Array.from({ length: 2000 }, genSpanId));
  assert.equal(traceIds.size, 2000);
  assert.equal(spanIds.size, 2000);
  for (const id of traceIds) assert.match(id, /^trace_[0-9a-f]{32}$/);
  for (const id of spanIds) assert.match(id, /^span_[0-9a-f]{24}$/);
});

test('a malformed user trace id is a UserError naming the id', async () => {
  for (const bad of ['abc', 'trace_123', `trace_${'a'.repeat(31)}-`, `span_${'a'.repeat(32)}`, `trace_${'a'.repeat(33)}`]) {
    assert.throws(() => startTrace({ name: 'w', traceId: bad }), (e: unknown) => e instanceof UserError && e.message.includes(JSON.stringify(bad)));
  }
  await assert.rejects(trace('w', () => 1, { traceId: 'nope' }), UserError);
  await assert.rejects(runInTrace({ name: 'w', traceId: 'nope' }, () => 1), UserError);
  const ok = `trace_${'A1'.repeat(16)}`;
  const t = startTrace({ name: 'w', traceId: ok });
  assert.equal(t.traceId, ok);
  t.end();
});

test('trace() makes the trace current, nests spans, and ends the trace after fn', async () => {
  assert.equal(getCurrentTrace(), null);
  const result = await trace(
    'My workflow',
    async (t) => {
      assert.equal(getCurrentTrace(), t);
      assert.equal(getCurrentSpan(), null);
      const outer = startSpan({ type: 'agent', name: 'A' });
      await withSpan(outer, async () => {
        assert.equal(getCurrentSpan(), outer);
        await new Promise((r) => setTimeout(r, 2));
        const inner = startSpan({ type: 'function', name: 'tool', input: '{}' });
        assert.equal(inner.parentId, outer.spanId);
        inner.spanData.output = 'done';
        inner.end();
      });
      assert.equal(getCurrentSpan(), null, 'withSpan restores the previous span');
      outer.end();
      return 42;
    },
    { groupId: 'thread-1', metadata: { user: 'u1' } },
  );
  assert.equal(result, 42);
  assert.equal(getCurrentTrace(), null);
  assert.deepEqual(recorder.events, [
    'trace_start:My workflow',
    'span_start:agent',
    'span_start:function',
    'span_end:function',
    'span_end:agent',
    'trace_end:My workflow',
  ]);
  const [t] = recorder.traces;
  assert.equal(t!.groupId, 'thread-1');
  assert.deepEqual(t!.metadata, { user: 'u1' });
  const [fn, agent] = recorder.spans;
  assert.equal(agent!.parentId, null);
  assert.equal(fn!.traceId, t!.traceId);
  assert.deepEqual(fn!.spanData, { type: 'function', name: 'tool', input: '{}', output: 'done' });
  // Microsecond ISO times, so spans in the same millisecond still order correctly.
  for (const s of [fn!, agent!]) assert.match(s.startedAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.ok(agent!.startedAt! < fn!.startedAt! && fn!.endedAt! < agent!.endedAt!);
  assert.ok(Math.abs(Date.parse(t!.startedAt!) - Date.now()) < 5000);
});

test('trace() ends the trace when fn throws, and the error reaches the caller', async () => {
  await assert.rejects(trace('boom', () => Promise.reject(new Error('x'))), /x/);
  assert.deepEqual(recorder.events, ['trace_start:boom', 'trace_end:boom']);
});

test('runInTrace joins the current trace instead of opening one', async () => {
  const ids: string[] = [];
  await trace('outer', async () => {
    for (let i = 0; i < 3; i++) {
      await runInTrace({ name: 'run' }, (t) => {
        ids.push(t.traceId);
        startSpan({ type: 'agent', name: `a${i}` }).end();
      });
    }
  });
  assert.equal(new Set(ids).size, 1);
  assert.equal(recorder.traces.length, 1);
  assert.equal(recorder.spans.length, 3);
  assert.ok(recorder.spans.every((s) => s.traceId === ids[0]));
  // Outside any trace it opens and closes its own.
  await runInTrace({ name: 'solo', groupId: 'g' }, (t) => assert.equal(getCurrentTrace(), t));
  assert.deepEqual(recorder.events.slice(-2), ['trace_start:solo', 'trace_end:solo']);
});

test('concurrent traces keep their own context', async () => {
  const seen: Array<[string, string]> = [];
  await Promise.all(
    ['a', 'b', 'c'].map((name) =>
      trace(name, async (t) => {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        const span = startSpan({ type: 'custom', name, data: {} });
        seen.push([span.traceId, t.traceId]);
        span.end();
      }),
    ),
  );
  for (const [spanTrace, traceId] of seen) assert.equal(spanTrace, traceId);
});

test('runInSpan records a throw as the span error, redacted without sensitive data', async () => {
  await trace('w', async () => {
    await assert.rejects(runInSpan({ type: 'function', name: 'f' }, () => Promise.reject(new TypeError('secret 123'))));
    await assert.rejects(
      runInSpan({ type: 'function', name: 'g' }, () => {
        throw new TypeError('secret 456');
      }, { includeSensitiveData: false }),
    );
  });
  const [f, g] = recorder.spans;
  assert.equal(f!.error!.message, 'TypeError: secret 123');
  assert.ok(!g!.error!.message.includes('secret'));
  assert.deepEqual(g!.error!.data, { type: 'TypeError' });
});

test('explicit parent wins over the current span', async () => {
  await trace('w', async (t) => {
    const a = startSpan({ type: 'agent', name: 'a' });
    withSpan(a, () => {
      const top = startSpan({ type: 'custom', name: 'top', data: {} }, { parent: t });
      assert.equal(top.parentId, null);
      top.end();
    });
    a.end();
  });
});

test('disabled tracing produces nothing and returns shared no-op objects', async () => {
  setTracingDisabled(true);
  const t1 = startTrace({ name: 'x' });
  const t2 = startTrace({ name: 'y' });
  assert.equal(t1, t2);
  assert.equal(t1.recording, false);
  await trace('w', async () => {
    const s1 = startSpan({ type: 'agent', name: 'a' });
    const s2 = startSpan({ type: 'function', name: 'f' });
    assert.equal(s1, s2 as unknown);
    assert.equal(s1.recording, false);
    s1.spanData.tools = ['kept nowhere'];
    assert.equal(s1.spanData.tools, undefined, 'the shared no-op span keeps no data');
    s1.setError({ message: 'e' });
    s1.end();
  });
  assert.deepEqual(recorder.events, []);
  setTracingDisabled(false);
  // A per-run disabled trace is a no-op too, and its spans with it.
  await runInTrace({ name: 'off', disabled: true }, () => {
    assert.equal(startSpan({ type: 'agent', name: 'a' }).recording, false);
  });
  assert.deepEqual(recorder.events, []);
});

test('with no processors registered nothing is created', async () => {
  setTraceProcessors([]);
  await trace('w', () => {
    assert.equal(startSpan({ type: 'agent', name: 'a' }).recording, false);
  });
  setTraceProcessors([recorder]);
  assert.deepEqual(recorder.events, []);
});

test('spans outside any trace are dropped', () => {
  const span = startSpan({ type: 'agent', name: 'orphan' });
  assert.equal(span.recording, false);
  span.end();
  assert.deepEqual(recorder.events, []);
});

test('start and end are idempotent', async () => {
  await trace('w', () => {
    const span = startSpan({ type: 'agent', name: 'a' });
    span.start();
    span.end();
    span.end();
  });
  assert.deepEqual(recorder.events, ['trace_start:w', 'span_start:agent', 'span_end:agent', 'trace_end:w']);
});

test('a model span keeps its input as it was when the span started', async () => {
  const history: unknown[] = [{ role: 'user', content: 'hi' }];
  await trace('w', () => {
    const gen = startSpan({ type: 'generation', input: history });
    history.push({ type: 'function_call' });
    gen.end();
  });
  const [gen] = recorder.spans;
  assert.deepEqual(gen!.spanData.type === 'generation' && gen!.spanData.input, [{ role: 'user', content: 'hi' }]);
});

test('span clock: microsecond ISO UTC, non-decreasing, close to Date.now()', async () => {
  const { nowIso, isoToEpochMs } = await import('../../src/tracing/clock.js');
  let previous = '';
  for (let i = 0; i < 5000; i++) {
    const now = nowIso();
    assert.match(now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(now >= previous, `${now} after ${previous}`);
    previous = now;
  }
  assert.ok(Math.abs(isoToEpochMs(nowIso()) - Date.now()) < 1000);
  assert.equal(isoToEpochMs('2026-01-02T03:04:05.123456Z'), Date.parse('2026-01-02T03:04:05.123Z') + 0.456);
  assert.equal(isoToEpochMs('2026-01-02T03:04:05.123Z'), Date.parse('2026-01-02T03:04:05.123Z'));
});
