import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace as otelTrace } from '@opentelemetry/api';
import type { Context, ContextManager } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryTraceProcessor } from '../../src/otel.js';
import { setTraceProcessors, startSpan, trace, withSpan } from '../../src/tracing/index.js';

// A minimal AsyncLocalStorage context manager (what @opentelemetry/context-async-hooks provides),
// so `context.with` really propagates in this test.
class AlsContextManager implements ContextManager {
  readonly #als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#als.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}
context.setGlobalContextManager(new AlsContextManager());

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('agentrun-test');

beforeEach(() => {
  exporter.reset();
  setTraceProcessors([new OpenTelemetryTraceProcessor({ tracer })]);
});

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

test('spans nest under the trace root with GenAI attributes, times and error status', async () => {
  let traceId = '';
  await trace(
    'Support flow',
    async (t) => {
      traceId = t.traceId;
      const agent = startSpan({ type: 'agent', name: 'Triage', tools: ['lookup'] });
      await withSpan(agent, async () => {
        const gen = startSpan({ type: 'response', responseId: 'resp_1', model: 'gpt-4.1' });
        await new Promise((r) => setTimeout(r, 15));
        gen.spanData.usage = { requests: 1, inputTokens: 12, outputTokens: 5, totalTokens: 17 };
        gen.end();
        const tool = startSpan({ type: 'function', name: 'lookup', input: '{"q":1}' });
        tool.spanData.output = { hit: true };
        tool.setError({ message: 'lookup failed', data: { type: 'TypeError' } });
        tool.end();
        startSpan({ type: 'handoff', fromAgent: 'Triage', toAgent: 'Billing' }).end();
        startSpan({ type: 'guardrail', name: 'pii', triggered: true }).end();
      });
      agent.end();
    },
    { groupId: 'thread_1', metadata: { tier: 'gold', n: 2 } },
  );

  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 6);
  const byName = new Map(spans.map((s) => [s.name, s]));
  const root = byName.get('Support flow')!;
  const agent = byName.get('invoke_agent Triage')!;
  const chat = byName.get('chat gpt-4.1')!;
  const tool = byName.get('execute_tool lookup')!;
  const handoff = byName.get('handoff Triage -> Billing')!;
  const guardrail = byName.get('guardrail pii')!;
  for (const s of spans) assert.equal(s.spanContext().traceId, root.spanContext().traceId, 'one OTel trace');

  assert.equal(parentOf(root), undefined);
  assert.equal(parentOf(agent), root.spanContext().spanId);
  for (const child of [chat, tool, handoff, guardrail]) assert.equal(parentOf(child), agent.spanContext().spanId, child.name);

  assert.equal(root.attributes['agentrun.trace.id'], traceId);
  assert.equal(root.attributes['gen_ai.conversation.id'], 'thread_1');
  assert.equal(root.attributes['agentrun.metadata.tier'], 'gold');
  assert.equal(root.attributes['agentrun.metadata.n'], 2);

  assert.equal(agent.attributes['gen_ai.operation.name'], 'invoke_agent');
  assert.equal(agent.attributes['gen_ai.agent.name'], 'Triage');
  assert.deepEqual(agent.attributes['agentrun.agent.tools'], ['lookup']);

  assert.equal(chat.kind, SpanKind.CLIENT);
  assert.equal(chat.attributes['gen_ai.operation.name'], 'chat');
  assert.equal(chat.attributes['gen_ai.request.model'], 'gpt-4.1');
  assert.equal(chat.attributes['gen_ai.response.id'], 'resp_1');
  assert.equal(chat.attributes['gen_ai.usage.input_tokens'], 12);
  assert.equal(chat.attributes['gen_ai.usage.output_tokens'], 5);
  const chatMs = (chat.duration[0] * 1e9 + chat.duration[1]) / 1e6;
  assert.ok(chatMs >= 10, `chat span duration ${chatMs} ms follows the agentrun span times`);

  assert.equal(tool.attributes['gen_ai.operation.name'], 'execute_tool');
  assert.equal(tool.attributes['gen_ai.tool.name'], 'lookup');
  assert.equal(tool.attributes['gen_ai.tool.call.arguments'], '{"q":1}');
  assert.equal(tool.attributes['gen_ai.tool.call.result'], '{"hit":true}');
  assert.equal(tool.status.code, SpanStatusCode.ERROR);
  assert.equal(tool.status.message, 'lookup failed');
  assert.equal(tool.attributes['error.type'], 'TypeError');
  assert.equal(agent.status.code, SpanStatusCode.UNSET);

  assert.equal(handoff.attributes['agentrun.handoff.to_agent'], 'Billing');
  assert.equal(guardrail.attributes['agentrun.guardrail.triggered'], true);

  // Children start and end inside their parents.
  const ns = (t: [number, number]) => t[0] * 1e9 + t[1];
  for (const child of [chat, tool]) {
    assert.ok(ns(child.startTime) >= ns(agent.startTime) && ns(child.endTime) <= ns(agent.endTime));
  }
  assert.ok(ns(agent.startTime) >= ns(root.startTime) && ns(agent.endTime) <= ns(root.endTime));
});

test('a trace started inside an active OTel span becomes its child', async () => {
  const outer = tracer.startSpan('http request');
  await context.with(otelTrace.setSpan(context.active(), outer), () =>
    trace('inner workflow', () => {
      startSpan({ type: 'custom', name: 'step', data: { a: 1 } }).end();
    }),
  );
  outer.end();
  const spans = exporter.getFinishedSpans();
  const root = spans.find((s) => s.name === 'inner workflow')!;
  const step = spans.find((s) => s.name === 'step')!;
  assert.equal(parentOf(root), outer.spanContext().spanId);
  assert.equal(parentOf(step), root.spanContext().spanId);
  assert.equal(step.attributes['agentrun.custom.data'], '{"a":1}');
});
