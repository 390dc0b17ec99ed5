import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalTraceProcessor,
  LocalTraceStore,
  defaultTraceDbPath,
  flushTraces,
  setTraceProcessors,
  startSpan,
  trace,
  withSpan,
} from '../../src/tracing/index.js';
import { UserError } from '../../src/errors/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentrun-traces-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('default path: AGENTRUN_TRACE_DB, else .agentrun/traces.db under cwd', () => {
  assert.equal(defaultTraceDbPath({}), join(process.cwd(), '.agentrun', 'traces.db'));
  assert.equal(defaultTraceDbPath({ AGENTRUN_TRACE_DB: '/tmp/x.db' }), '/tmp/x.db');
});

test('stores traces and spans, lists summaries, and reads one trace back', async () => {
  const path = join(dir, 'nested', 'traces.db');
  const processor = new LocalTraceProcessor({ path, flushDelayMs: 10_000 });
  setTraceProcessors([processor]);
  let okId = '';
  let badId = '';
  await trace('ok run', async (t) => {
    okId = t.traceId;
    const agent = startSpan({ type: 'agent', name: 'A' });
    await withSpan(agent, async () => {
      const f = startSpan({ type: 'function', name: 'add', input: '{"a":1}' });
      f.spanData.output = { sum: 3n };
      f.end();
    });
    agent.end();
  }, { groupId: 'g1', metadata: { k: 'v' } });
  await trace('bad run', async (t) => {
    badId = t.traceId;
    const s = startSpan({ type: 'generation', model: 'm' });
    s.setError({ message: 'HTTP 500', data: { type: 'ModelHttpError' } });
    s.end();
  });
  assert.ok(existsSync(path), 'the directory and file are created');
  assert.equal(processor.store.listTraces().length, 0, 'writes wait for the flush');
  await flushTraces();

  const reader = new LocalTraceStore({ path, readonly: true });
  const list = reader.listTraces();
  assert.deepEqual(list.map((r) => [r.workflowName, r.spanCount, r.errorCount]), [
    ['bad run', 1, 1],
    ['ok run', 2, 0],
  ]);
  const ok = list.find((r) => r.traceId === okId)!;
  assert.equal(ok.groupId, 'g1');
  assert.ok(ok.durationMs !== null && ok.durationMs >= 0);
  assert.ok(ok.endedAt);

  const full = reader.getTrace(okId)!;
  assert.deepEqual(full.trace.metadata, { k: 'v' });
  assert.deepEqual(full.spans.map((s) => [s.type, s.name]), [
    ['agent', 'A'],
    ['function', 'add'],
  ]);
  assert.equal(full.spans[1]!.parentId, full.spans[0]!.spanId);
  assert.deepEqual(full.spans[1]!.spanData, { type: 'function', name: 'add', input: '{"a":1}', output: { sum: '3' } });
  assert.deepEqual(reader.getTrace(badId)!.spans[0]!.error, { message: 'HTTP 500', data: { type: 'ModelHttpError' } });
  assert.equal(reader.getTrace('trace_missing'), null);
  assert.throws(() => reader.saveTrace({ traceId: 'trace_x', name: 'n', startedAt: null, endedAt: null, recording: true, start() {}, end() {} }), UserError);
  reader.close();
  processor.shutdown();
});

test('pending writes are saved when the process exits', async () => {
  const path = join(dir, 'exit.db');
  const { spawnSync } = await import('node:child_process');
  const script = `
    import { LocalTraceProcessor, setTraceProcessors, trace, startSpan } from './src/tracing/index.ts';
    setTraceProcessors([new LocalTraceProcessor({ path: ${JSON.stringify(path)}, flushDelayMs: 60000 })]);
    await trace('exiting', () => { startSpan({ type: 'custom', name: 's', data: {} }).end(); });
    process.exit(0);
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const reader = new LocalTraceStore({ path, readonly: true });
  assert.deepEqual(reader.listTraces().map((r) => [r.workflowName, r.spanCount]), [['exiting', 1]]);
  reader.close();
});

test('AGENTRUN_TRACES=local records runs to AGENTRUN_TRACE_DB with no code changes', async () => {
  const { spawnSync } = await import('node:child_process');
  const path = join(dir, 'env.db');
  const script = `
    import { Agent, Runner } from './src/index.ts';
    import { ScriptedModel, textMessage } from './src/testing/index.ts';
    const agent = new Agent({ name: 'EnvAgent', model: new ScriptedModel([{ output: [textMessage('hi')] }]) });
    await Runner.run(agent, 'hello', { runConfig: { workflowName: 'env workflow' } });
  `;
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTRUN_TRACES: 'local', AGENTRUN_TRACE_DB: path };
  delete env.OPENAI_API_KEY;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env });
  assert.equal(result.status, 0, result.stderr);
  const reader = new LocalTraceStore({ path, readonly: true });
  const [row] = reader.listTraces();
  assert.equal(row?.workflowName, 'env workflow');
  assert.deepEqual(reader.getTrace(row!.traceId)!.spans.map((s) => s.name), ['EnvAgent', 'generation']);
  reader.close();
});
