import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BatchTraceProcessor,
  OpenAITracingExporter,
  flushTraces,
  setTraceProcessors,
  startSpan,
  trace,
  withSpan,
} from '../../src/tracing/index.js';
import type { IngestPayload } from '../../src/tracing/index.js';
import { defaultProcessorsFromEnv } from '../../src/tracing/defaults.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: IngestPayload;
}

const received: Received[] = [];
const statuses: number[] = [];
const server = createServer((req, res) => {
  let text = '';
  req.on('data', (c: Buffer) => (text += c.toString('utf8')));
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(text) as IngestPayload });
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{}' : '{"error":{"message":"nope"}}');
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
after(() => server.close());

test('posts traces and spans in the ingest format with the right headers', async () => {
  received.length = 0;
  const exporter = new OpenAITracingExporter({ apiKey: 'sk-test', baseURL: base, organization: 'org_1', project: 'proj_1' });
  setTraceProcessors([new BatchTraceProcessor(exporter, { scheduleDelayMs: 60_000 })]);
  let traceId = '';
  await trace(
    'Support flow',
    async (t) => {
      traceId = t.traceId;
      const agent = startSpan({ type: 'agent', name: 'Triage', tools: ['lookup'], handoffs: ['Billing'], outputType: 'str' });
      await withSpan(agent, async () => {
        const gen = startSpan({ type: 'generation', model: 'gpt-x', input: [{ role: 'user', content: 'hi' }] });
        gen.spanData.output = [{ role: 'assistant', content: 'yo' }];
        gen.spanData.usage = { requests: 1, inputTokens: 10, outputTokens: 3, totalTokens: 13 };
        gen.end();
        const resp = startSpan({ type: 'response', responseId: 'resp_1', input: 'secret', output: [] });
        resp.end();
        const fn = startSpan({ type: 'function', name: 'lookup', input: '{"id":1}' });
        fn.spanData.output = { found: true };
        fn.setError({ message: 'partial', data: { code: 7 } });
        fn.end();
        startSpan({ type: 'handoff', fromAgent: 'Triage', toAgent: 'Billing' }).end();
        startSpan({ type: 'guardrail', name: 'no_pii', triggered: false }).end();
        startSpan({ type: 'custom', name: 'step', data: { n: 1 } }).end();
      });
      agent.end();
    },
    { groupId: 'thread_9', metadata: { tier: 'gold' } },
  );
  await flushTraces({ timeoutMs: 2000 });

  assert.equal(received.length, 1);
  const [req] = received;
  assert.equal(req!.method, 'POST');
  assert.equal(req!.url, '/v1/traces/ingest');
  assert.equal(req!.headers.authorization, 'Bearer sk-test');
  assert.equal(req!.headers['openai-beta'], 'traces=v1');
  assert.equal(req!.headers['content-type'], 'application/json');
  assert.equal(req!.headers['openai-organization'], 'org_1');
  assert.equal(req!.headers['openai-project'], 'proj_1');

  const items = req!.body.data;
  assert.deepEqual(items[0], { object: 'trace', id: traceId, workflow_name: 'Support flow', group_id: 'thread_9', metadata: { tier: 'gold' } });
  const spans = items.slice(1) as Array<Extract<IngestPayload['data'][number], { object: 'trace.span' }>>;
  assert.equal(spans.length, 7);
  const byType = Object.fromEntries(spans.map((s) => [s.span_data.type as string, s]));
  const agentSpan = byType.agent!;
  for (const s of spans) {
    assert.equal(s.object, 'trace.span');
    assert.match(s.id, /^span_[0-9a-f]{24}$/);
    assert.equal(s.trace_id, traceId);
    assert.match(s.started_at!, /^\d{4}-\d\d-\d\dT/);
    assert.match(s.ended_at!, /^\d{4}-\d\d-\d\dT/);
    if (s !== agentSpan) assert.equal(s.parent_id, agentSpan.id);
  }
  assert.equal(agentSpan.parent_id, null);
  assert.deepEqual(agentSpan.span_data, { type: 'agent', name: 'Triage', handoffs: ['Billing'], tools: ['lookup'], output_type: 'str' });
  assert.deepEqual(byType.generation!.span_data, {
    type: 'generation',
    input: [{ role: 'user', content: 'hi' }],
    output: [{ role: 'assistant', content: 'yo' }],
    model: 'gpt-x',
    model_config: null,
    usage: { input_tokens: 10, output_tokens: 3 },
  });
  assert.deepEqual(byType.response!.span_data, { type: 'response', response_id: 'resp_1' });
  assert.deepEqual(byType.function!.span_data, { type: 'function', name: 'lookup', input: '{"id":1}', output: '{"found":true}' });
  assert.deepEqual(byType.function!.error, { message: 'partial', data: { code: 7 } });
  assert.equal(byType.agent!.error, null);
  assert.deepEqual(byType.handoff!.span_data, { type: 'handoff', from_agent: 'Triage', to_agent: 'Billing' });
  assert.deepEqual(byType.guardrail!.span_data, { type: 'guardrail', name: 'no_pii', triggered: false });
  assert.deepEqual(byType.custom!.span_data, { type: 'custom', name: 'step', data: { n: 1 } });
});

test('retries 5xx and 429 with backoff, gives up on other 4xx', async () => {
  const exporter = new OpenAITracingExporter({ apiKey: 'k', endpoint: `${base}/traces/ingest`, baseDelayMs: 5, maxRetries: 3 });
  const t = { traceId: 'trace_a', name: 'w', startedAt: null, endedAt: null, recording: true, start() {}, end() {} };
  received.length = 0;
  statuses.push(500, 429);
  await exporter.export([t]);
  assert.equal(received.length, 3);

  received.length = 0;
  statuses.push(400);
  await assert.rejects(exporter.export([t]), /HTTP 400.*nope/);
  assert.equal(received.length, 1);

  received.length = 0;
  statuses.push(503, 503, 503, 503);
  await assert.rejects(exporter.export([t]), /after 4 attempts: HTTP 503/);
  assert.equal(received.length, 4);
});

test('reads the key and base URL lazily from the environment', async () => {
  const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
  const exporter = new OpenAITracingExporter();
  try {
    delete process.env.OPENAI_API_KEY;
    await assert.rejects(exporter.export([{ traceId: 'trace_b', name: 'w', startedAt: null, endedAt: null, recording: true, start() {}, end() {} }]), /no OpenAI API key/);
    process.env.OPENAI_API_KEY = 'sk-env';
    process.env.OPENAI_BASE_URL = `${base}/`;
    assert.equal(exporter.endpoint, `${base}/traces/ingest`);
    received.length = 0;
    await exporter.export([{ traceId: 'trace_b', name: 'w', startedAt: null, endedAt: null, recording: true, start() {}, end() {} }]);
    assert.equal(received[0]!.headers.authorization, 'Bearer sk-env');
  } finally {
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved.key;
    if (saved.base === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved.base;
  }
});

test('default processors: OpenAI export only with a key for api.openai.com; AGENTRUN_TRACES lists destinations', () => {
  const names = (env: Record<string, string>) => defaultProcessorsFromEnv(env).map((p) => p.constructor.name);
  assert.deepEqual(names({}), []);
  assert.deepEqual(names({ OPENAI_API_KEY: 'sk' }), ['BatchTraceProcessor']);
  assert.deepEqual(names({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'https://api.openai.com/v1' }), ['BatchTraceProcessor']);
  assert.deepEqual(names({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'http://localhost:11434/v1' }), []);
  assert.deepEqual(names({ OPENAI_API_KEY: 'sk', AGENTRUN_TRACES: 'off' }), []);
  assert.deepEqual(names({ AGENTRUN_TRACES: 'openai' }), ['BatchTraceProcessor']);
});
