// Secrets: with a distinctive key, across every fault of the kit (and servers that echo the
// request's Authorization header back, in an HTTP error body, its headers, or a stream error
// event), no error, span, trace-store row, log line or RunState string contains the key.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTraceProcessor, MemoryRunStore, Runner, flushTraces, setTraceProcessors, type ModelSettings, type Span } from '../../src/index.js';
import type { ScriptedServerEntry, ScriptedServerResponder } from '../../src/testing/index.js';
import { FAULTS } from './faults.js';
import { APIS, DONE, FAST_RETRY, MODES, SECRET_KEY, agentFor, errorTexts, safeJson, scriptedServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'agentrun-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const auth = (context: Parameters<ScriptedServerResponder>[1]): string => String(context.request.headers.authorization);
const ECHOES: Array<{ name: string; fault: ScriptedServerEntry }> = [
  { name: 'a 401 whose body echoes the Authorization header', fault: (_body, context) => ({ httpStatus: 401, body: { error: { message: `Invalid header Authorization: ${auth(context)}`, echo: { authorization: auth(context), 'api-key': SECRET_KEY } } } }) },
  { name: 'a 500 whose text body echoes the key bare', fault: (_body, context) => ({ httpStatus: 500, body: `upstream rejected ${auth(context).slice(7)}`, headers: { 'x-should-retry': 'false' } }) },
  { name: 'a 429 whose headers echo the key', fault: (_body, context) => ({ httpStatus: 429, headers: { 'x-echo-auth': auth(context), 'x-should-retry': 'false' } }) },
  { name: 'a 200 whose malformed JSON body quotes the header', fault: (_body, context) => ({ httpStatus: 400, body: `{"broken": "Authorization: ${auth(context)}` }) },
];

test('no error, span, trace-store row, log line or RunState string carries the API key, across every fault', async () => {
  const path = join(dir, 'traces.db');
  const local = new LocalTraceProcessor({ path, flushDelayMs: 0 });
  const spans: Span[] = [];
  setTraceProcessors([local, { onSpanEnd: (span) => void spans.push(span) }]);
  const logs: string[] = [];
  const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const name of Object.keys(originals) as Array<keyof typeof originals>) {
    console[name] = (...args: unknown[]) => {
      logs.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
      originals[name](...args);
    };
  }
  const runStore = new MemoryRunStore();
  const errors: unknown[] = [];
  let runs = 0;
  try {
    const faults: Array<{ name: string; fault: ScriptedServerEntry; settings?: ModelSettings }> = [...FAULTS.map(({ name, fault, settings }) => ({ name, fault, settings })), ...ECHOES];
    for (const { api, useResponses } of APIS) {
      for (const mode of MODES) {
        for (const { fault, settings } of faults) {
          const server = await scriptedServer([fault, DONE]);
          const agent = agentFor(server, useResponses, { modelSettings: { ...FAST_RETRY, ...settings } });
          runs++;
          try {
            if (mode === 'blocking') {
              await Runner.run(agent, `run ${api} ${runs}`, { runStore });
            } else {
              const result = Runner.runStreamed(agent, `run ${api} ${runs}`, { runStore });
              for await (const _ of result.streamEvents()) void _;
              await result.completed;
            }
          } catch (error) {
            errors.push(error);
          }
          // The key did reach the server: the checks below are not vacuous.
          assert.equal(server.requests[0]!.headers.authorization, `Bearer ${SECRET_KEY}`);
        }
      }
    }
    await flushTraces();
  } finally {
    Object.assign(console, originals);
    setTraceProcessors([]);
  }
  assert.ok(errors.length >= 40, `faults failed runs (${errors.length} of ${runs})`);
  for (const error of errors) {
    for (const text of errorTexts(error)) assert.ok(!text.includes(SECRET_KEY), `an error carries the key: ${text.slice(0, 300)}`);
  }
  for (const span of spans) {
    const text = safeJson({ data: span.spanData, error: span.error });
    assert.ok(!text.includes(SECRET_KEY), `a span carries the key: ${text.slice(0, 300)}`);
  }
  assert.ok(spans.some((s) => s.error !== null && s.error !== undefined), 'failed spans were recorded');
  for (const line of logs) assert.ok(!line.includes(SECRET_KEY), `a log line carries the key: ${line.slice(0, 300)}`);
  // Every byte the trace store wrote (database and WAL).
  const stored = readdirSync(dir).map((file) => readFileSync(join(dir, file)).toString('latin1')).join('\n');
  assert.ok(stored.length > 0 && stored.includes('generation'), 'the trace store has rows');
  assert.ok(!stored.includes(SECRET_KEY), 'a trace-store row carries the key');
  const saved = await runStore.list();
  assert.ok(saved.length > 0, 'runs were saved');
  for (const { runId } of saved) {
    const state = await runStore.load(runId);
    const text = state?.toString() ?? '';
    assert.ok(text.length > 0);
    assert.ok(!text.includes(SECRET_KEY), `a RunState string carries the key (${runId})`);
  }
});
