import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, tool, inputGuardrail, InputGuardrailTripwireTriggered, MaxTurnsExceeded } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { REDACTED_ERROR_MESSAGE, setTraceProcessors, setTracingDisabled, startSpan, trace } from '../../src/tracing/index.js';
import type { Span, SpanData, Trace } from '../../src/tracing/index.js';
import { RecordingProcessor } from './helpers.js';

let recorder: RecordingProcessor;
beforeEach(() => {
  recorder = new RecordingProcessor();
  setTraceProcessors([recorder]);
  setTracingDisabled(false);
});

interface Node {
  label: string;
  error?: string;
  children: Node[];
}

function label(d: SpanData): string {
  switch (d.type) {
    case 'agent':
    case 'function':
    case 'guardrail':
    case 'custom':
      return `${d.type}:${d.name}`;
    case 'handoff':
      return `handoff:${d.fromAgent}->${d.toAgent}`;
    default:
      return d.type;
  }
}

/** The finished spans of one trace as a tree (children in start order), checking every span ended inside its trace. */
function tree(traceObj: Trace, spans: Span[]): Node[] {
  const mine = spans.filter((s) => s.traceId === traceObj.traceId).sort((a, b) => (a.startedAt! < b.startedAt! ? -1 : 1));
  const nodes = new Map(mine.map((s) => [s.spanId, { label: label(s.spanData), ...(s.error && { error: s.error.message }), children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const s of mine) {
    assert.ok(s.endedAt && s.startedAt! <= s.endedAt, `span ${label(s.spanData)} ended`);
    assert.ok(traceObj.startedAt! <= s.startedAt! && s.endedAt <= traceObj.endedAt!, 'span inside its trace');
    const node = nodes.get(s.spanId)!;
    if (s.parentId === null) roots.push(node);
    else {
      const parent = nodes.get(s.parentId);
      assert.ok(parent, `parent of ${node.label} is in the trace`);
      parent.children.push(node);
    }
  }
  return roots;
}

const leaf = (l: string): Node => ({ label: l, children: [] });

const add = tool({
  name: 'add',
  description: 'Add two numbers',
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

test('a tool turn: agent span with generation, function, generation', async () => {
  const model = new ScriptedModel([
    { output: [functionCall('add', { a: 2, b: 3 })], usage: { inputTokens: 20, outputTokens: 5 } },
    { output: [textMessage('5')], usage: { inputTokens: 30, outputTokens: 1 } },
  ]);
  const agent = new Agent({ name: 'Calc', model, tools: [add] });
  const result = await Runner.run(agent, 'What is 2+3?', { runConfig: { workflowName: 'Math', groupId: 'g1', traceMetadata: { k: 'v' } } });
  assert.equal(result.finalOutput, '5');

  assert.equal(recorder.traces.length, 1);
  const t = recorder.traces[0]!;
  assert.equal(t.name, 'Math');
  assert.equal(t.groupId, 'g1');
  assert.deepEqual(t.metadata, { k: 'v' });
  assert.equal(recorder.events.at(-1), 'trace_end:Math');
  assert.deepEqual(tree(t, recorder.spans), [
    { label: 'agent:Calc', children: [leaf('generation'), leaf('function:add'), leaf('generation')] },
  ]);
  const agentSpan = recorder.spans.find((s) => s.spanData.type === 'agent')!;
  assert.deepEqual(agentSpan.spanData, { type: 'agent', name: 'Calc', tools: ['add'], handoffs: [] });
  const fn = recorder.spans.find((s) => s.spanData.type === 'function')!;
  assert.equal(fn.spanData.type === 'function' && fn.spanData.input, '{"a":2,"b":3}');
  assert.equal(fn.spanData.type === 'function' && fn.spanData.output, 5);
  const [gen1] = recorder.spans.filter((s) => s.spanData.type === 'generation');
  assert.equal(gen1!.spanData.type === 'generation' && gen1!.spanData.usage?.inputTokens, 20);
  // Each generation keeps the input as sent, though the run's history grew afterwards.
  const [, gen2] = recorder.spans.filter((s) => s.spanData.type === 'generation');
  assert.deepEqual(gen1!.spanData.type === 'generation' && gen1!.spanData.input, [{ role: 'user', content: 'What is 2+3?' }]);
  const gen2Input = gen2!.spanData.type === 'generation' ? (gen2!.spanData.input as Array<{ type?: string }>) : [];
  assert.deepEqual(gen2Input.map((i) => i.type ?? 'user'), ['user', 'function_call', 'function_call_output']);
  assert.ok(gen2!.spanData.type === 'generation' && Array.isArray(gen2!.spanData.output));
});

test('a streamed run produces the same span tree', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 })] }, { output: [textMessage('2')] }]);
  const agent = new Agent({ name: 'Calc', model, tools: [add] });
  const streamed = Runner.runStreamed(agent, '1+1');
  for await (const _ of streamed.streamEvents()) void _;
  assert.deepEqual(tree(recorder.traces[0]!, recorder.spans), [
    { label: 'agent:Calc', children: [leaf('generation'), leaf('function:add'), leaf('generation')] },
  ]);
});

test('a handoff: the handoff span under the first agent, then a second agent span', async () => {
  const billing = new Agent({ name: 'Billing', model: new ScriptedModel([{ output: [textMessage('Refund issued.')] }]) });
  const triage = new Agent({
    name: 'Triage',
    model: new ScriptedModel([{ output: [functionCall('transfer_to_billing', {})] }]),
    handoffs: [billing],
  });
  const result = await Runner.run(triage, 'I want a refund');
  assert.equal(result.finalOutput, 'Refund issued.');
  assert.deepEqual(tree(recorder.traces[0]!, recorder.spans), [
    { label: 'agent:Triage', children: [leaf('generation'), leaf('handoff:Triage->Billing')] },
    { label: 'agent:Billing', children: [leaf('generation')] },
  ]);
  const triageSpan = recorder.spans.find((s) => s.spanData.type === 'agent' && s.spanData.name === 'Triage')!;
  assert.deepEqual(triageSpan.spanData.type === 'agent' && triageSpan.spanData.handoffs, ['Billing']);
});

test('max turns: the error is on the agent span and the trace still ends', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 })] }, { output: [functionCall('add', { a: 1, b: 1 })] }]);
  const agent = new Agent({ name: 'Looper', model, tools: [add] });
  await assert.rejects(Runner.run(agent, 'loop', { maxTurns: 1 }), MaxTurnsExceeded);
  const t = recorder.traces[0]!;
  assert.equal(recorder.events.at(-1), `trace_end:${t.name}`);
  const roots = tree(t, recorder.spans);
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.label, 'agent:Looper');
  assert.match(roots[0]!.error!, /MaxTurnsExceeded.*Max turns \(1\) exceeded/);
  assert.deepEqual(roots[0]!.children.slice(0, 2), [leaf('generation'), leaf('function:add')]);
});

test('an input guardrail trip: a triggered guardrail span and the tripwire error on the agent span', async () => {
  const blockAll = inputGuardrail(() => ({ outputInfo: 'blocked', tripwireTriggered: true }), { name: 'block_all' });
  const model = new ScriptedModel([{ output: [textMessage('never used')] }], { latencyMs: 20 });
  const agent = new Agent({ name: 'Guarded', model, inputGuardrails: [blockAll] });
  await assert.rejects(Runner.run(agent, 'hi'), InputGuardrailTripwireTriggered);
  const roots = tree(recorder.traces[0]!, recorder.spans);
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.label, 'agent:Guarded');
  assert.match(roots[0]!.error!, /InputGuardrailTripwireTriggered/);
  const guard = recorder.spans.find((s) => s.spanData.type === 'guardrail')!;
  assert.deepEqual(guard.spanData, { type: 'guardrail', name: 'block_all', triggered: true });
  assert.equal(roots[0]!.children.find((c) => c.label === 'guardrail:block_all')?.label, 'guardrail:block_all');
});

test('a model error is recorded on the generation span, with or without its message', async () => {
  for (const includeSensitiveData of [true, false]) {
    recorder = new RecordingProcessor();
    setTraceProcessors([recorder]);
    const model = new ScriptedModel([new Error('upstream said: card 4242 declined')]);
    const agent = new Agent({ name: 'Fragile', model });
    await assert.rejects(Runner.run(agent, 'my card is 4242', { runConfig: { traceIncludeSensitiveData: includeSensitiveData } }), /4242 declined/);
    const gen = recorder.spans.find((s) => s.spanData.type === 'generation')!;
    const agentSpan = recorder.spans.find((s) => s.spanData.type === 'agent')!;
    assert.equal(gen.parentId, agentSpan.spanId);
    if (includeSensitiveData) {
      assert.equal(gen.error!.message, 'Error: upstream said: card 4242 declined');
      assert.deepEqual(gen.spanData.type === 'generation' && gen.spanData.input, [{ role: 'user', content: 'my card is 4242' }]);
    } else {
      assert.equal(gen.error!.message, `Error: ${REDACTED_ERROR_MESSAGE}`);
      assert.ok(!JSON.stringify(recorder.spans.map((s) => [s.spanData, s.error])).includes('4242'), 'nothing sensitive in any span');
      assert.equal(gen.spanData.type === 'generation' && gen.spanData.input, undefined);
    }
    assert.deepEqual(gen.error!.data, { type: 'Error' });
  }
});

test('without sensitive data, tool inputs and outputs are left out but the spans remain', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 4, b: 4 })] }, { output: [textMessage('8')] }]);
  const agent = new Agent({ name: 'Calc', model, tools: [add] });
  await Runner.run(agent, 'secret sum', { runConfig: { traceIncludeSensitiveData: false } });
  const fn = recorder.spans.find((s) => s.spanData.type === 'function')!;
  assert.deepEqual(fn.spanData, { type: 'function', name: 'add' });
  for (const gen of recorder.spans.filter((s) => s.spanData.type === 'generation')) {
    assert.equal(gen.spanData.type === 'generation' && (gen.spanData.input ?? gen.spanData.output), undefined);
    assert.ok(gen.spanData.type === 'generation' && gen.spanData.usage, 'usage is not sensitive and is kept');
  }
});

test('three runs under one trace() share it and do not end it', async () => {
  const agent = new Agent({
    name: 'Echo',
    model: new ScriptedModel([{ output: [textMessage('one')] }, { output: [textMessage('two')] }, { output: [textMessage('three')] }]),
  });
  const outputs = await trace('Conversation', async (t) => {
    const out: unknown[] = [];
    for (const input of ['a', 'b', 'c']) {
      out.push((await Runner.run(agent, input, { runConfig: { workflowName: 'ignored inside trace()' } })).finalOutput);
      assert.equal(t.endedAt, null, 'a run inside trace() does not end the trace');
    }
    startSpan({ type: 'custom', name: 'after-runs', data: {} }).end();
    return out;
  });
  assert.deepEqual(outputs, ['one', 'two', 'three']);
  assert.equal(recorder.traces.length, 1);
  assert.equal(recorder.traces[0]!.name, 'Conversation');
  assert.deepEqual(
    tree(recorder.traces[0]!, recorder.spans).map((n) => n.label),
    ['agent:Echo', 'agent:Echo', 'agent:Echo', 'custom:after-runs'],
  );
  assert.deepEqual(recorder.events.filter((e) => e.startsWith('trace_')), ['trace_start:Conversation', 'trace_end:Conversation']);
});

test('tracingDisabled and a disabled pipeline produce no trace; a malformed traceId is a UserError', async () => {
  const agent = new Agent({ name: 'Quiet', model: new ScriptedModel([{ output: [textMessage('x')] }, { output: [textMessage('y')] }]) });
  await Runner.run(agent, 'hi', { runConfig: { tracingDisabled: true } });
  setTracingDisabled(true);
  await Runner.run(agent, 'hi');
  assert.deepEqual(recorder.events, []);
  setTracingDisabled(false);
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { traceId: 'bad-id' } }), (e: unknown) => e instanceof Error && e.name === 'UserError' && /bad-id/.test(e.message));
});

// Needs src/run: tool execution inside withSpan(functionSpan, ...) and a nested run's agent span
// parented on getCurrentSpan() at run start (see the tracing report). Reported as TODO until then.
test('spans made inside a tool, and an agent-as-tool run, nest under the function span', async () => {
  const inner = new Agent({ name: 'Inner', model: new ScriptedModel([{ output: [textMessage('inner done')] }]) });
  const work = tool({
    name: 'work',
    description: 'does work',
    parameters: z.object({}),
    execute: () => {
      startSpan({ type: 'custom', name: 'inside-tool', data: {} }).end();
      return 'ok';
    },
  });
  const outer = new Agent({
    name: 'Outer',
    tools: [work, inner.asTool({ toolName: 'ask_inner', toolDescription: 'asks Inner' })],
    model: new ScriptedModel([{ output: [functionCall('work', {}), functionCall('ask_inner', { input: 'x' })] }, { output: [textMessage('fin')] }]),
  });
  await Runner.run(outer, 'go');
  assert.equal(recorder.traces.length, 1, 'the nested run joins the outer trace');
  assert.deepEqual(tree(recorder.traces[0]!, recorder.spans), [
    {
      label: 'agent:Outer',
      children: [
        leaf('generation'),
        { label: 'function:work', children: [leaf('custom:inside-tool')] },
        { label: 'function:ask_inner', children: [{ label: 'agent:Inner', children: [leaf('generation')] }] },
        leaf('generation'),
      ],
    },
  ]);
});
