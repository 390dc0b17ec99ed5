// The mcp_tools span type and a function span's mcpData in every place that switches on span
// types: the ingest format, the OpenTelemetry mapping and the local trace store (the viewer's source).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spanDataToWire } from '../../src/tracing/export-format.js';
import { otelShape } from '../../src/tracing/otel/attributes.js';
import { LocalTraceStore, setTraceProcessors, spanDisplayName, startSpan, trace, type Span, type TracingProcessor } from '../../src/tracing/index.js';

it('ingest format: mcp_tools with server and result; function spans carry mcp_data only for MCP calls', () => {
  assert.deepEqual(spanDataToWire({ type: 'mcp_tools', server: 'fs', result: ['read_text_file'] }), { type: 'mcp_tools', server: 'fs', result: ['read_text_file'] });
  assert.deepEqual(spanDataToWire({ type: 'mcp_tools', server: 'fs' }), { type: 'mcp_tools', server: 'fs', result: null });
  assert.deepEqual(spanDataToWire({ type: 'function', name: 'echo', input: '{}', output: 'x', mcpData: { server: 'fs' } }), {
    type: 'function', name: 'echo', input: '{}', output: 'x', mcp_data: { server: 'fs' },
  });
});

it('OpenTelemetry: mcp_tools is a client span naming the server; MCP calls add agentrun.mcp.server', () => {
  const list = otelShape({ type: 'mcp_tools', server: 'fs', result: ['a', 'b'] });
  assert.equal(list.name, 'mcp_tools fs');
  assert.equal(list.attributes['agentrun.mcp.server'], 'fs');
  assert.equal(list.attributes['agentrun.mcp.tools'], '["a","b"]');
  const call = otelShape({ type: 'function', name: 'echo', mcpData: { server: 'fs' } });
  assert.equal(call.attributes['agentrun.mcp.server'], 'fs');
  assert.equal(otelShape({ type: 'function', name: 'plain' }).attributes['agentrun.mcp.server'], undefined);
  assert.equal(spanDisplayName({ type: 'mcp_tools', server: 'fs' }), 'mcp_tools fs');
});

it('the local trace store keeps mcp_tools spans with their type and name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agentrun-mcp-spans-'));
  const store = new LocalTraceStore({ path: join(dir, 'traces.db') });
  const spans: Span[] = [];
  const collect: TracingProcessor = { onTraceStart() {}, onTraceEnd() {}, onSpanStart() {}, onSpanEnd: (s) => void spans.push(s) };
  setTraceProcessors([collect]);
  try {
    let traceId = '';
    await trace('mcp', (t) => {
      traceId = t.traceId;
      store.saveTrace(t);
      startSpan({ type: 'mcp_tools', server: 'notes', result: ['search_notes'] }).end();
    });
    for (const s of spans) store.saveSpan(s);
    const read = store.getTrace(traceId)!;
    assert.equal(read.spans.length, 1);
    assert.equal(read.spans[0]!.type, 'mcp_tools');
    assert.equal(read.spans[0]!.name, 'mcp_tools notes');
    assert.deepEqual(read.spans[0]!.spanData, { type: 'mcp_tools', server: 'notes', result: ['search_notes'] });
  } finally {
    setTraceProcessors([]);
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
