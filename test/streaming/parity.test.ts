// The same scenarios run blocking (Runner.run) and streamed (Runner.runStreamed): hooks,
// guardrails, sessions and tracing must behave the same. Compared: newItems (types and raw
// items), the hook call sequence, the final output, usage, guardrail results, the session's
// stored items, the span tree, and for failures the error and its runData.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, MemorySession, RunErrorHandlerResult, Runner, ToolGuardrailFunctionOutput, inputGuardrail, outputGuardrail, setTraceProcessors,
  setTracingDisabled, tool, toolInputGuardrail, toolOutputGuardrail, type AgentHooksLike, type AgentOutputItem, type AgentsException, type RunOptions, type RunResult, type Span, type Trace,
  type TracingProcessor,
} from '../../src/index.js';
import { ScriptedModel, type ScriptedModelEntry } from '../../src/testing/index.js';
import { drain, recordingHooks } from './helpers.js';

/** Output items with fixed ids, so the two modes' raw items can be compared exactly. */
const msg = (id: string, text: string): AgentOutputItem => ({ type: 'message', id, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text }] });
const call = (id: string, name: string, args: object): AgentOutputItem => ({ type: 'function_call', id: `fc_${id}`, call_id: id, name, arguments: JSON.stringify(args), status: 'completed' });
const think = (id: string, text: string): AgentOutputItem => ({ type: 'reasoning', id, summary: [{ type: 'summary_text', text }] });

class SpanRecorder implements TracingProcessor {
  spans: Span[] = [];
  traces: Trace[] = [];
  onTraceStart(t: Trace): void {
    this.traces.push(t);
  }
  onTraceEnd(): void {}
  onSpanStart(): void {}
  onSpanEnd(s: Span): void {
    this.spans.push(s);
  }
  shutdown(): void {}
  forceFlush(): void {}
}
let recorder: SpanRecorder;
beforeEach(() => {
  recorder = new SpanRecorder();
  setTraceProcessors([recorder]);
  setTracingDisabled(false);
});

/** The finished spans as `type:name` lines indented by depth, children in start order; errors noted. */
function spanTree(): string[] {
  const byParent = new Map<string | null, Span[]>();
  for (const s of recorder.spans) {
    const list = byParent.get(s.parentId) ?? [];
    list.push(s);
    byParent.set(s.parentId, list);
  }
  const out: string[] = [];
  const walk = (parent: string | null, depth: number): void => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => (a.startedAt! < b.startedAt! ? -1 : a.startedAt! > b.startedAt! ? 1 : 0));
    for (const s of children) {
      const d = s.spanData as { type: string; name?: string };
      out.push(`${'  '.repeat(depth)}${d.type}${d.name ? `:${d.name}` : ''}${s.error ? ' !' : ''}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

interface Scenario {
  name: string;
  /** Builds fresh agents, models and options for one run. */
  build(log: string[]): { agent: Agent<unknown, unknown>; input: string; options?: RunOptions<unknown>; session?: MemorySession };
  /** Expected final output (or the error class name for failing scenarios). */
  expect: { finalOutput: unknown } | { error: string };
}

const agentHooks = (log: string[], who: string): AgentHooksLike<unknown> => ({
  onStart: () => void log.push(`${who}.onStart`),
  onEnd: (_c, _a, output) => void log.push(`${who}.onEnd:${JSON.stringify(output)}`),
  onHandoff: (_c, to, from) => void log.push(`${who}.onHandoff:${from.name}->${to.name}`),
  onToolStart: (_c, _a, t) => void log.push(`${who}.onToolStart:${t.name}`),
  onToolEnd: (_c, _a, t) => void log.push(`${who}.onToolEnd:${t.name}`),
  onLlmStart: () => void log.push(`${who}.onLlmStart`),
  onLlmEnd: () => void log.push(`${who}.onLlmEnd`),
});

const weather = tool({
  name: 'weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    // Oslo always finishes first, whatever the machine's load (a timer race flipped under CI load).
    // Both calls start in the same microtask run, so an Oslo completion after Paris began is this turn's.
    if (city === 'Paris') {
      const before = osloCompletions;
      while (osloCompletions === before) await new Promise((r) => setTimeout(r, 1));
    } else {
      await new Promise((r) => setTimeout(r, 0));
      osloCompletions++;
    }
    return { city, sky: city === 'Paris' ? 'sunny' : 'rainy' };
  },
});
let osloCompletions = 0;
const broken = tool({ name: 'broken', description: 'Always fails', parameters: z.object({}), execute: () => { throw new Error('disk on fire'); } });

/** Every ScriptedModel built for the current run, so their recorded calls can be compared. */
let models: ScriptedModel[] = [];
function model(entries: ScriptedModelEntry[]): ScriptedModel {
  const m = new ScriptedModel(entries);
  models.push(m);
  return m;
}
/** What each model was sent (the `stream` flag is the one expected difference). */
function modelCalls(): unknown[] {
  return models.map((m) => m.calls.map(({ stream: _stream, ...rest }) => rest));
}

const SCENARIOS: Scenario[] = [
  {
    name: 'plain text',
    build: (log) => ({ agent: new Agent({ name: 'a', model: model([{ output: [msg('m1', 'Hello.')], responseId: 'r1', usage: { inputTokens: 3, outputTokens: 2 } }]), hooks: agentHooks(log, 'a') }), input: 'hi' }),
    expect: { finalOutput: 'Hello.' },
  },
  {
    name: 'reasoning then text',
    build: () => ({ agent: new Agent({ name: 'a', model: model([{ output: [think('rs1', 'hmm'), msg('m1', 'Done.')], responseId: 'r1' }]) }), input: 'hi' }),
    expect: { finalOutput: 'Done.' },
  },
  {
    name: 'two concurrent tool calls, then text',
    build: (log) => ({
      agent: new Agent({
        name: 'a',
        tools: [weather],
        hooks: agentHooks(log, 'a'),
        model: model([
          { output: [call('c1', 'weather', { city: 'Paris' }), call('c2', 'weather', { city: 'Oslo' })], responseId: 'r1', usage: { inputTokens: 10, outputTokens: 4 } },
          { output: [msg('m1', 'Paris sunny, Oslo rainy.')], responseId: 'r2', usage: { inputTokens: 20, outputTokens: 6 } },
        ]),
      }),
      input: 'weather?',
    }),
    expect: { finalOutput: 'Paris sunny, Oslo rainy.' },
  },
  {
    name: 'a throwing tool: the failure text goes to the model',
    build: () => ({
      agent: new Agent({ name: 'a', tools: [broken], model: model([{ output: [call('c1', 'broken', {})], responseId: 'r1' }, { output: [msg('m1', 'Sorry.')], responseId: 'r2' }]) }),
      input: 'x',
    }),
    expect: { finalOutput: 'Sorry.' },
  },
  {
    name: 'stop_on_first_tool',
    build: () => ({
      agent: new Agent({ name: 'a', tools: [weather], toolUseBehavior: 'stop_on_first_tool', model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }]) }),
      input: 'x',
    }),
    expect: { finalOutput: { city: 'Oslo', sky: 'rainy' } },
  },
  {
    name: 'handoff with agent hooks on both sides',
    build: (log) => {
      const billing = new Agent({ name: 'billing', hooks: agentHooks(log, 'billing'), model: model([{ output: [msg('m2', 'Refunded.')], responseId: 'r2' }]) });
      const triage = new Agent({ name: 'triage', hooks: agentHooks(log, 'triage'), handoffs: [billing], model: model([{ output: [msg('m1', 'Passing you on.'), call('h1', 'transfer_to_billing', {})], responseId: 'r1' }]) });
      return { agent: triage, input: 'refund' };
    },
    expect: { finalOutput: 'Refunded.' },
  },
  {
    name: 'structured output',
    build: () => ({
      agent: new Agent({ name: 'a', outputType: z.object({ answer: z.number() }), model: model([{ output: [msg('m1', '{"answer":42}')], responseId: 'r1' }]) }) as Agent<unknown, unknown>,
      input: 'x',
    }),
    expect: { finalOutput: { answer: 42 } },
  },
  {
    name: 'input guardrails (blocking and parallel) and output guardrails pass',
    build: (log) => ({
      agent: new Agent({
        name: 'a',
        model: model([{ output: [msg('m1', 'Fine.')], responseId: 'r1' }]),
        inputGuardrails: [
          inputGuardrail(() => (log.push('guard:blocking'), { tripwireTriggered: false, outputInfo: 'ok' }), { name: 'blocking', runInParallel: false }),
          inputGuardrail(() => ({ tripwireTriggered: false, outputInfo: 'ok' }), { name: 'parallel' }),
        ],
        outputGuardrails: [outputGuardrail((_c, _a, out) => (log.push(`guard:output:${String(out)}`), { tripwireTriggered: false }), { name: 'out' })],
      }),
      input: 'x',
    }),
    expect: { finalOutput: 'Fine.' },
  },
  {
    name: 'session: history loaded, new input and every turn saved',
    build: () => {
      const session = new MemorySession('parity');
      return {
        session,
        agent: new Agent({ name: 'a', tools: [weather], model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }, { output: [msg('m1', 'Rainy.')], responseId: 'r2' }]) }),
        input: 'weather in Oslo?',
        options: { session },
      };
    },
    expect: { finalOutput: 'Rainy.' },
  },
  {
    name: 'tool guardrails: input rejected with a message, output rewritten',
    build: () => {
      const guarded = tool({
        name: 'lookup',
        description: 'Lookup',
        parameters: z.object({ q: z.string() }),
        execute: ({ q }) => `result for ${q}`,
        inputGuardrails: [toolInputGuardrail(({ toolArguments }) => ((toolArguments as { q: string }).q === 'secret' ? ToolGuardrailFunctionOutput.rejectContent('not allowed') : ToolGuardrailFunctionOutput.allow()), { name: 'no_secret' })],
        outputGuardrails: [toolOutputGuardrail(({ output }) => (String(output).includes('public') ? ToolGuardrailFunctionOutput.rejectContent('redacted') : ToolGuardrailFunctionOutput.allow()), { name: 'redact' })],
      });
      return {
        agent: new Agent({ name: 'a', tools: [guarded], model: model([{ output: [call('c1', 'lookup', { q: 'secret' }), call('c2', 'lookup', { q: 'public' }), call('c3', 'lookup', { q: 'ok' })], responseId: 'r1' }, { output: [msg('m1', 'Done.')], responseId: 'r2' }]) }),
        input: 'x',
      };
    },
    expect: { finalOutput: 'Done.' },
  },
  {
    name: 'callModelInputFilter and dynamic instructions',
    build: () => ({
      agent: new Agent({
        name: 'a',
        instructions: (ctx) => `You have used ${ctx.usage.requests} requests.`,
        tools: [weather],
        model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1', usage: { inputTokens: 1 } }, { output: [msg('m1', 'Ok.')], responseId: 'r2' }]),
      }),
      input: 'x',
      options: { runConfig: { callModelInputFilter: ({ modelData }) => ({ input: modelData.input.slice(-2), instructions: `${modelData.instructions} (filtered)` }) } },
    }),
    expect: { finalOutput: 'Ok.' },
  },
  {
    name: 'nested handoff history',
    build: () => {
      const b = new Agent({ name: 'b', model: model([{ output: [msg('m2', 'B here.')], responseId: 'r2' }]) });
      const a = new Agent({ name: 'a', handoffs: [b], model: model([{ output: [msg('m1', 'Handing off.'), call('h1', 'transfer_to_b', {})], responseId: 'r1' }]) });
      return { agent: a, input: 'x', options: { runConfig: { nestHandoffHistory: true } } };
    },
    expect: { finalOutput: 'B here.' },
  },
  {
    name: 'server-managed conversation: autoPreviousResponseId chains response ids',
    build: () => ({
      agent: new Agent({ name: 'a', tools: [weather], model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }, { output: [msg('m1', 'Rainy.')], responseId: 'r2' }]) }),
      input: 'x',
      options: { autoPreviousResponseId: true },
    }),
    expect: { finalOutput: 'Rainy.' },
  },
  {
    name: 'a tool needing approval interrupts the run',
    build: () => {
      const pay = tool({ name: 'pay', description: 'Pay', parameters: z.object({ amount: z.number() }), needsApproval: true, execute: () => 'paid' });
      return { agent: new Agent({ name: 'a', tools: [pay, weather], model: model([{ output: [call('c1', 'pay', { amount: 3 }), call('c2', 'weather', { city: 'Oslo' })], responseId: 'r1' }]) }), input: 'x' };
    },
    expect: { finalOutput: undefined },
  },
  {
    name: 'a throwing hook fails the run after the tool ran',
    build: (log) => ({
      agent: new Agent({
        name: 'a',
        tools: [weather],
        hooks: { ...agentHooks(log, 'a'), onToolEnd: () => { throw new Error('hook failed'); } },
        model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }, { output: [msg('m1', 'never')], responseId: 'r2' }]),
      }),
      input: 'x',
    }),
    expect: { error: 'Error' },
  },
  {
    name: 'max turns exceeded',
    build: () => ({ agent: new Agent({ name: 'a', tools: [weather], model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }]) }), input: 'x', options: { maxTurns: 1 } }),
    expect: { error: 'MaxTurnsExceeded' },
  },
  {
    name: 'max turns handled by an error handler',
    build: () => ({
      agent: new Agent({ name: 'a', tools: [weather], model: model([{ output: [call('c1', 'weather', { city: 'Oslo' })], responseId: 'r1' }]) }),
      input: 'x',
      options: { maxTurns: 1, errorHandlers: { maxTurns: () => new RunErrorHandlerResult({ finalOutput: 'Gave up.' }) } },
    }),
    expect: { finalOutput: 'Gave up.' },
  },
  {
    name: 'input guardrail trip',
    build: () => ({
      agent: new Agent({ name: 'a', model: model([]), inputGuardrails: [inputGuardrail(() => ({ tripwireTriggered: true }), { name: 'nope', runInParallel: false })] }),
      input: 'x',
    }),
    expect: { error: 'InputGuardrailTripwireTriggered' },
  },
  {
    name: 'output guardrail trip after a handoff',
    build: () => {
      const b = new Agent({ name: 'b', model: model([{ output: [msg('m2', 'secret')], responseId: 'r2' }]), outputGuardrails: [outputGuardrail(() => ({ tripwireTriggered: true }), { name: 'no_secrets' })] });
      return { agent: new Agent({ name: 'a', handoffs: [b], model: model([{ output: [call('h1', 'transfer_to_b', {})], responseId: 'r1' }]) }), input: 'x' };
    },
    expect: { error: 'OutputGuardrailTripwireTriggered' },
  },
];

/** What both modes must agree on. */
function observe(result: RunResult<unknown, unknown> | undefined, error: unknown, log: string[], session: MemorySession | undefined) {
  // Errors that are not AgentsExceptions (a user's hook throwing) carry no runData.
  const data = result ?? (error as Partial<AgentsException>).runData;
  return {
    error: error === undefined ? undefined : `${(error as Error).name}: ${(error as Error).message}`,
    finalOutput: result?.finalOutput,
    input: data?.input,
    lastResponseId: result?.lastResponseId,
    inputList: result?.toInputList(),
    items: data?.newItems.map((i) => ({ type: i.type, agent: i.agent.name, rawItem: i.rawItem })),
    rawResponses: data?.rawResponses.map((r) => ({ responseId: r.responseId, usage: r.usage, output: r.output })),
    lastAgent: data?.lastAgent.name,
    usage: data?.contextWrapper.usage,
    inputGuardrails: data?.inputGuardrailResults.map((r) => [r.guardrail.name, r.output]),
    outputGuardrails: data?.outputGuardrailResults.map((r) => [r.guardrail.name, r.output, r.agentOutput]),
    hooks: [...log],
    spans: spanTree(),
    traces: recorder.traces.map((t) => t.name),
    session,
    modelCalls: modelCalls(),
    interruptions: result?.interruptions.map((i) => i.rawItem) ?? [],
  };
}

async function runBlocking(s: Scenario) {
  models = [];
  const log: string[] = [];
  const { agent, input, options = {}, session } = s.build(log);
  let result: RunResult<unknown, unknown> | undefined;
  let error: unknown;
  try {
    result = await Runner.run(agent, input, { ...options, hooks: recordingHooks(log) });
  } catch (e) {
    error = e;
  }
  return { observed: observe(result, error, log, session), stored: await session?.getItems() };
}

async function runStreamed(s: Scenario) {
  models = [];
  const log: string[] = [];
  const { agent, input, options = {}, session } = s.build(log);
  const result = Runner.runStreamed(agent, input, { ...options, hooks: recordingHooks(log) });
  const { error } = await drain(result);
  return { observed: observe(error === undefined ? result : undefined, error, log, session), stored: await session?.getItems() };
}

for (const scenario of SCENARIOS) {
  test(`parity: ${scenario.name}`, async () => {
    const blocking = await runBlocking(scenario);
    recorder.spans = [];
    recorder.traces = [];
    const streamed = await runStreamed(scenario);

    if ('error' in scenario.expect) assert.match(blocking.observed.error ?? '', new RegExp(`^${scenario.expect.error}:`));
    else {
      assert.equal(blocking.observed.error, undefined, blocking.observed.error);
      assert.deepEqual(blocking.observed.finalOutput, scenario.expect.finalOutput);
    }
    assert.ok(blocking.observed.hooks.length > 0, 'hooks were called');
    assert.ok(blocking.observed.spans.length > 0, 'spans were recorded');

    const { session: _a, ...b } = blocking.observed;
    const { session: _b, ...s } = streamed.observed;
    assert.deepEqual(s, b);
    assert.deepEqual(streamed.stored, blocking.stored, 'the session holds the same items');
  });
}

test('parity sanity: the hook sequence of a tool turn is the documented one', async () => {
  const { observed } = await runStreamed(SCENARIOS[2]!);
  assert.deepEqual(observed.hooks, [
    'agentStart:a', 'a.onStart',
    'llmStart:a:1', 'a.onLlmStart', 'llmEnd:a:2', 'a.onLlmEnd',
    // The two calls run concurrently: their start hooks interleave, their ends follow completion order.
    'toolStart:a:weather', 'toolStart:a:weather', 'a.onToolStart:weather', 'a.onToolStart:weather',
    'toolEnd:a:weather:{"city":"Oslo","sky":"rainy"}', 'a.onToolEnd:weather', 'toolEnd:a:weather:{"city":"Paris","sky":"sunny"}', 'a.onToolEnd:weather',
    'llmStart:a:5', 'a.onLlmStart', 'llmEnd:a:1', 'a.onLlmEnd',
    'agentEnd:a:"Paris sunny, Oslo rainy."', 'a.onEnd:"Paris sunny, Oslo rainy."',
  ]);
});

test('parity sanity: the streamed server-managed run sends only new items with the previous response id', async () => {
  const scenario = SCENARIOS.find((s) => s.name.startsWith('server-managed'))!;
  const { observed } = await runStreamed(scenario);
  const [calls] = observed.modelCalls as Array<Array<{ input: Array<{ type?: string; role?: string }>; previousResponseId?: string }>>;
  assert.equal(calls!.length, 2);
  assert.equal(calls![0]!.previousResponseId, undefined);
  assert.equal(calls![1]!.previousResponseId, 'r1');
  assert.deepEqual(calls![1]!.input.map((i) => i.type ?? i.role), ['function_call_output']);
});

test('parity sanity: the streamed approval run stops with the interruption and runs no tool', async () => {
  const scenario = SCENARIOS.find((s) => s.name.startsWith('a tool needing approval'))!;
  const { observed } = await runStreamed(scenario);
  assert.deepEqual(observed.interruptions.map((i) => (i as { call_id: string }).call_id), ['c1']);
  assert.deepEqual(observed.items!.map((i) => i.type), ['tool_call_item', 'tool_call_item'], 'approval items are in interruptions, not newItems');
  assert.ok(!observed.hooks.some((h) => h.startsWith('toolStart')));
});
