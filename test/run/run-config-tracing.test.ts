// RunConfig tracing fields: workflowName, traceId, groupId, traceMetadata, tracingDisabled and
// traceIncludeSensitiveData, seen by a test TracingProcessor (the previous processors are restored).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, UserError, setTraceProcessors, tool, type Span, type Trace, type TracingProcessor } from '../../src/index.js';
import { getTraceProcessors } from '../../src/tracing/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { namedProvider, scriptedAgent } from './helpers.js';

class Recorder implements TracingProcessor {
  traces: Trace[] = [];
  spans: Span[] = [];
  onTraceStart(trace: Trace): void { this.traces.push(trace); }
  onSpanEnd(span: Span): void { this.spans.push(span); }
}
const savedProcessors = getTraceProcessors();
after(() => setTraceProcessors(savedProcessors));

function recording(): Recorder {
  const recorder = new Recorder();
  setTraceProcessors([recorder]);
  return recorder;
}

test('workflowName, traceId, groupId and traceMetadata reach the run\'s trace', async () => {
  const recorder = recording();
  const { agent } = scriptedAgent([{ output: [textMessage('ok')] }]);
  const traceId = `trace_${'a1'.repeat(16)}`;
  await Runner.run(agent, 'hi', { runConfig: { workflowName: 'Billing flow', traceId, groupId: 'thread-7', traceMetadata: { tenant: 'acme' } } });
  assert.equal(recorder.traces.length, 1);
  const trace = recorder.traces[0]!;
  assert.equal(trace.name, 'Billing flow');
  assert.equal(trace.traceId, traceId);
  assert.equal(trace.groupId, 'thread-7');
  assert.deepEqual(trace.metadata, { tenant: 'acme' });
  assert.ok(recorder.spans.length > 0);
  assert.ok(recorder.spans.every((s) => s.traceId === traceId));
  assert.deepEqual(recorder.spans.map((s) => s.spanData.type).sort(), ['agent', 'generation']);
});

test('the default workflow name is "Agent workflow"', async () => {
  const recorder = recording();
  const { agent } = scriptedAgent([{ output: [textMessage('ok')] }]);
  await Runner.run(agent, 'hi');
  assert.equal(recorder.traces[0]!.name, 'Agent workflow');
});

test('the generation span names the model actually used (RunConfig.model over the agent\'s)', async () => {
  const recorder = recording();
  const provider = namedProvider({ 'cfg-model': new ScriptedModel([{ output: [textMessage('ok')] }]) });
  await Runner.run(new Agent({ name: 'a', model: 'agent-model' }), 'hi', { runConfig: { model: 'cfg-model', modelProvider: provider } });
  const gen = recorder.spans.find((s) => s.spanData.type === 'generation')!;
  assert.equal(gen.spanData.type === 'generation' && gen.spanData.model, 'cfg-model');
});

test('tracingDisabled: no trace and no span reach the processors', async () => {
  const recorder = recording();
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }]);
  const result = await Runner.run(agent, 'hi', { runConfig: { tracingDisabled: true } });
  assert.equal(result.finalOutput, 'ok');
  assert.equal(model.calls.length, 1);
  assert.equal(recorder.traces.length, 0);
  assert.equal(recorder.spans.length, 0);
});

test('traceIncludeSensitiveData: true (default) records model and tool inputs/outputs; false leaves them out', async () => {
  const echo = tool({ name: 'echo', description: 'e', parameters: z.object({ v: z.string() }), execute: ({ v }) => `echo ${v}` });
  const script = () => [{ output: [functionCall('echo', { v: 'secret' }, 'c1')] }, { output: [textMessage('done')] }];
  const spansOf = async (traceIncludeSensitiveData: boolean | undefined) => {
    const recorder = recording();
    const { agent } = scriptedAgent(script(), { tools: [echo] });
    await Runner.run(agent, 'my secret', { runConfig: traceIncludeSensitiveData === undefined ? {} : { traceIncludeSensitiveData } });
    return recorder.spans;
  };
  const withData = await spansOf(undefined);
  const fn = withData.find((s) => s.spanData.type === 'function')!;
  assert.deepEqual({ ...fn.spanData }, { type: 'function', name: 'echo', input: '{"v":"secret"}', output: 'echo secret' });
  const gen = withData.find((s) => s.spanData.type === 'generation')!;
  assert.match(JSON.stringify(gen.spanData), /my secret/);

  const without = await spansOf(false);
  const fn2 = without.find((s) => s.spanData.type === 'function')!;
  assert.equal(fn2.spanData.type === 'function' && fn2.spanData.input, undefined);
  assert.equal(fn2.spanData.type === 'function' && fn2.spanData.output, undefined);
  for (const span of without) assert.doesNotMatch(JSON.stringify(span.spanData), /secret/);
  assert.equal(without.filter((s) => s.spanData.type === 'generation').length, 2);
});

test('a malformed traceId is a UserError before any model call', async () => {
  recording();
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }]);
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { traceId: 'not-a-trace-id' } }), (e: unknown) => e instanceof UserError && /not-a-trace-id|trace_/.test(e.message));
  assert.equal(model.calls.length, 0);
  setTraceProcessors([]);
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { traceId: 'trace_short' } }), UserError, 'also when nothing records traces');
  assert.equal(model.calls.length, 0);
});


test('traceIncludeSensitiveData: false redacts error messages on spans; true keeps them', async () => {
  const failing = tool({
    name: 'failing', description: 'f', parameters: z.object({}), failureErrorFunction: null,
    execute: () => { throw new Error('password=hunter2'); },
  });
  const errorsOf = async (traceIncludeSensitiveData: boolean) => {
    const recorder = recording();
    const { agent } = scriptedAgent([{ output: [functionCall('failing', {}, 'c1')] }], { tools: [failing] });
    await assert.rejects(Runner.run(agent, 'hi', { runConfig: { traceIncludeSensitiveData } }), UserError);
    return recorder.spans.filter((s) => s.error).map((s) => ({ type: s.spanData.type, message: s.error!.message }));
  };
  const open = await errorsOf(true);
  assert.ok(open.some((e) => e.type === 'function' && /hunter2/.test(e.message)), JSON.stringify(open));
  const redacted = await errorsOf(false);
  assert.ok(redacted.some((e) => e.type === 'function'), JSON.stringify(redacted));
  for (const e of redacted) {
    assert.doesNotMatch(e.message, /hunter2/);
    assert.match(e.message, /redacted/);
  }
});
