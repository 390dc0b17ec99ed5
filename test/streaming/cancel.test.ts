// cancel('immediate') and cancel('after_turn') before, during and after a tool, through
// ScriptedModel and through the real Responses model; with tracing, sessions and resuming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, MemorySession, Runner, UserError, setTraceProcessors, setTracingDisabled, type StreamEvent } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { gatedTool, hangingEntry } from './gated.js';
import { deferred, drain, labels, providerFor, recordingHooks, scriptedServer, within } from './helpers.js';

test("cancel('immediate') before the run starts: no model call, an empty stream, completed resolves", async () => {
  const model = new ScriptedModel([{ output: [textMessage('never')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi');
  result.cancel();
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(events, []);
  await within(result.completed, 1_000, 'completed');
  assert.equal(result.isComplete, true);
  assert.equal(model.calls.length, 0);
  assert.equal(result.finalOutput, undefined);
});

test("cancel('immediate') during the model stream: no event after the cancel, no item, the stream ends quietly", async () => {
  const model = new ScriptedModel([{ output: [textMessage('one two three four five six seven eight')] }]);
  const log: string[] = [];
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi', { hooks: recordingHooks(log) });
  const seen: string[] = [];
  for await (const event of result.streamEvents()) {
    seen.push(labels([event])[0]!);
    if (event.type === 'raw_response_event' && event.data.type === 'response.output_text.delta') result.cancel('immediate');
  }
  assert.deepEqual(seen.slice(-1), ['raw:response.output_text.delta'], 'the delta that triggered the cancel is the last event');
  assert.ok(!seen.includes('message_output_created'));
  await within(result.completed, 1_000, 'completed');
  assert.equal(model.calls.length, 1);
  assert.deepEqual(log, ['agentStart:a', 'llmStart:a:1'], 'the model call started and never ended');
  assert.deepEqual(result.newItems, []);
});

test("cancel('immediate') during the Responses HTTP stream: the transport's abort is not reported as a failure", async () => {
  const server = await scriptedServer({ script: [{ output: [textMessage('a b c d e f g h i j')] }], eventDelayMs: 20 });
  const agent = new Agent({ name: 'remote', model: 'gpt-test' });
  const result = Runner.runStreamed(agent, 'hi', { runConfig: { modelProvider: providerFor(server) } });
  const seen: StreamEvent[] = [];
  for await (const event of result.streamEvents()) {
    seen.push(event);
    if (event.type === 'raw_response_event' && event.data.type === 'response.output_item.added') result.cancel();
  }
  await within(result.completed, 2_000, 'completed');
  assert.equal(seen.at(-1)?.type, 'raw_response_event');
  assert.equal(result.isComplete, true);
  assert.equal(server.requests.length, 1);
});

test("cancel('immediate') during a tool: the tool's signal aborts, no tool output, no further model call", async () => {
  const gated = gatedTool();
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const log: string[] = [];
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi', { hooks: recordingHooks(log) });
  const names: string[] = [];
  const reading = (async () => {
    for await (const event of result.streamEvents()) if (event.type === 'run_item_stream_event') names.push(event.name);
  })();
  await within(gated.started, 1_000, 'the tool to start');
  assert.equal(result.isComplete, false);
  result.cancel('immediate');
  assert.equal(result.isComplete, true, 'complete from the moment of the cancel');
  await within(reading, 1_000, 'the stream to end');
  await within(result.completed, 1_000, 'completed');
  assert.deepEqual(names, ['tool_called']);
  assert.deepEqual({ started: gated.record.started, aborted: gated.record.aborted, finished: gated.record.finished }, { started: 1, aborted: 1, finished: 0 });
  assert.equal(gated.record.signals[0]!.aborted, true);
  assert.equal(model.calls.length, 1);
  assert.equal(model.remaining, 1);
  assert.ok(log.includes('toolStart:a:work'));
  assert.ok(!log.some((l) => l.startsWith('toolEnd')), 'no onToolEnd for an aborted tool');
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item']);
});

test("cancel('immediate') does not wait for a tool that ignores its signal", async () => {
  const release = deferred();
  const gated = gatedTool({ ignoreSignal: true, release: release.promise });
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const log: string[] = [];
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi', { hooks: recordingHooks(log) });
  await within(gated.started, 1_000, 'the tool to start');
  result.cancel();
  await within(result.completed, 1_000, 'completed while the tool still runs');
  assert.equal(gated.record.finished, 0);
  release.resolve();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(gated.record.finished, 1, 'the tool itself ran on');
  assert.equal(model.calls.length, 1, 'but its late result started nothing');
  assert.ok(!log.some((l) => l.startsWith('toolEnd') || l.startsWith('agentEnd')));
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item']);
});

test("cancel('immediate') after a tool, during the next model call: that call is aborted, its output never streamed", async () => {
  const gated = gatedTool({ release: Promise.resolve() });
  const next = hangingEntry();
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, next.entry, { output: [textMessage('unused')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi');
  const names: string[] = [];
  for await (const event of result.streamEvents()) {
    if (event.type !== 'run_item_stream_event') continue;
    names.push(event.name);
    if (event.name === 'tool_output') {
      await within(next.called, 1_000, 'the second model call');
      result.cancel();
    }
  }
  await within(next.aborted, 1_000, 'the second call to be aborted');
  await within(result.completed, 1_000, 'completed');
  assert.deepEqual(names, ['tool_called', 'tool_output']);
  assert.equal(gated.record.finished, 1);
  assert.equal(model.calls.length, 2);
  assert.equal(model.remaining, 1);
  assert.equal(result.finalOutput, undefined);
});

test("cancel('after_turn') before the run starts: no model call at all", async () => {
  const model = new ScriptedModel([{ output: [textMessage('never')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi');
  result.cancel('after_turn');
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(events, []);
  assert.equal(model.calls.length, 0);
});

test("cancel('after_turn') during the model stream: the turn finishes with its tools, then no further model call", async () => {
  const gated = gatedTool({ release: Promise.resolve() });
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const log: string[] = [];
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi', { hooks: recordingHooks(log) });
  const names: string[] = [];
  for await (const event of result.streamEvents()) {
    if (event.type === 'raw_response_event' && event.data.type === 'response.created') result.cancel('after_turn');
    if (event.type === 'run_item_stream_event') names.push(event.name);
  }
  await result.completed;
  assert.deepEqual(names, ['tool_called', 'tool_output'], 'the whole turn was streamed');
  assert.equal(gated.record.finished, 1);
  assert.equal(gated.record.signals[0]!.aborted, false, 'the tool was not aborted');
  assert.equal(model.calls.length, 1);
  assert.deepEqual(log, ['agentStart:a', 'llmStart:a:1', 'llmEnd:a:1', 'toolStart:a:work', 'toolEnd:a:work:"worked"']);
  assert.equal(result.finalOutput, undefined);
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item']);
});

test("cancel('after_turn') during a tool: the tool completes and its output is streamed; no further model call", async () => {
  const release = deferred();
  const gated = gatedTool({ release: release.promise });
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi');
  const reading = drain(result);
  await within(gated.started, 1_000, 'the tool to start');
  result.cancel('after_turn');
  release.resolve();
  const { events, error } = await within(reading, 1_000, 'the stream to end');
  assert.equal(error, undefined);
  assert.deepEqual(labels(events, { raw: false }), ['agent:a', 'tool_called', 'tool_output']);
  assert.deepEqual(gated.record, { ...gated.record, started: 1, finished: 1, aborted: 0 });
  assert.equal(model.calls.length, 1);
});

test("cancel('after_turn') after a tool, during the next turn: that turn runs to its end (its tool included), no third call", async () => {
  const gated = gatedTool({ release: Promise.resolve() });
  const secondCalled = deferred();
  const model = new ScriptedModel([
    { output: [functionCall('work', {}, 'c1')] },
    () => {
      secondCalled.resolve();
      return { output: [functionCall('work', {}, 'c2')] };
    },
    { output: [textMessage('never')] },
  ]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi');
  const names: string[] = [];
  for await (const event of result.streamEvents()) {
    if (event.type !== 'run_item_stream_event') continue;
    names.push(`${event.name}:${(event.item.rawItem as { call_id: string }).call_id}`);
    if (names.length === 2) {
      await within(secondCalled.promise, 1_000, 'the second model call');
      result.cancel('after_turn');
    }
  }
  await result.completed;
  assert.deepEqual(names, ['tool_called:c1', 'tool_output:c1', 'tool_called:c2', 'tool_output:c2']);
  assert.equal(gated.record.finished, 2);
  assert.equal(model.calls.length, 2);
  assert.equal(model.remaining, 1);
});

test('cancel is idempotent; after_turn can be escalated to immediate; cancelling a finished run changes nothing', async () => {
  const gated = gatedTool();
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi');
  await within(gated.started, 1_000, 'the tool to start');
  result.cancel('after_turn');
  result.cancel('after_turn');
  assert.equal(gated.record.aborted, 0, 'after_turn leaves the tool running');
  result.cancel('immediate');
  result.cancel('immediate');
  result.cancel('after_turn');
  await within(result.completed, 1_000, 'completed');
  assert.equal(gated.record.aborted, 1, 'aborted exactly once');
  assert.equal(model.calls.length, 1);

  assert.throws(() => result.cancel('later' as never), (e) => e instanceof UserError && /'immediate' or 'after_turn', got "later"/.test(e.message));

  const done = Runner.runStreamed(new Agent({ name: 'b', model: new ScriptedModel([{ output: [textMessage('fine')] }]) }), 'hi');
  await done.completed;
  done.cancel();
  done.cancel('after_turn');
  const { events, error } = await drain(done);
  assert.equal(error, undefined);
  assert.deepEqual(labels(events, { raw: false }), ['agent:b', 'message_output_created'], 'events are still there');
  assert.equal(done.finalOutput, 'fine');
});

test("cancel('immediate') with tracing on: every span and the trace end; the tool's span and signal carry an AbortError", async () => {
  const events: string[] = [];
  setTraceProcessors([{
    onTraceStart: () => void events.push('trace_start'),
    onTraceEnd: () => void events.push('trace_end'),
    onSpanStart: (s) => void events.push(`start:${s.spanData.type}`),
    onSpanEnd: (s) => void events.push(`end:${s.spanData.type}${s.error ? ` (${s.error.message})` : ''}`),
    shutdown: () => {},
    forceFlush: () => {},
  }]);
  setTracingDisabled(false);
  try {
    const gated = gatedTool();
    const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
    const result = Runner.runStreamed(new Agent({ name: 'traced', model, tools: [gated.tool] }), 'hi');
    await within(gated.started, 1_000, 'the tool to start');
    result.cancel();
    await within(result.completed, 1_000, 'completed');
    const reason = gated.record.signals[0]!.reason as Error;
    assert.equal(reason.name, 'AbortError');
    assert.deepEqual(events, [
      'trace_start', 'start:agent', 'start:generation', 'end:generation', 'start:function',
      `end:function (AbortError: ${reason.message})`, 'end:agent', 'trace_end',
    ]);
  } finally {
    setTraceProcessors([]);
  }
});

test("sessions: cancel('after_turn') saves the finished turn; cancel('immediate') mid-tool saves nothing of the interrupted turn", async () => {
  const kinds = async (session: MemorySession) => (await session.getItems()).map((i) => ('type' in i && i.type ? i.type : `role:${(i as { role: string }).role}`));

  const afterTurn = new MemorySession('after-turn');
  const release = deferred();
  const slow = gatedTool({ release: release.promise });
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const first = Runner.runStreamed(new Agent({ name: 'a', model, tools: [slow.tool] }), 'hi', { session: afterTurn });
  await within(slow.started, 1_000, 'the tool to start');
  first.cancel('after_turn');
  release.resolve();
  await first.completed;
  assert.deepEqual(await kinds(afterTurn), ['role:user', 'function_call', 'function_call_output']);

  const immediate = new MemorySession('immediate');
  const gated = gatedTool();
  const second = Runner.runStreamed(new Agent({ name: 'a', model: new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }]), tools: [gated.tool] }), 'hi', { session: immediate });
  await within(gated.started, 1_000, 'the tool to start');
  second.cancel();
  await second.completed;
  assert.deepEqual(await kinds(immediate), ['role:user']);
});

test("a run stopped with cancel('after_turn') resumes from its state where it stopped", async () => {
  const gated = gatedTool({ release: Promise.resolve() });
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('All done.')] }]);
  const agent = new Agent({ name: 'a', model, tools: [gated.tool] });
  const second = Runner.runStreamed(agent, 'hi');
  for await (const event of second.streamEvents()) if (event.type === 'raw_response_event' && event.data.type === 'response.created') second.cancel('after_turn');
  assert.equal(model.calls.length, 1);
  assert.equal(second.finalOutput, undefined);

  const resumed = Runner.runStreamed(agent, second.toState());
  const { events, error } = await drain(resumed);
  assert.equal(error, undefined);
  assert.deepEqual(labels(events, { raw: false }), ['agent:a', 'message_output_created']);
  assert.equal(resumed.finalOutput, 'All done.');
  assert.equal(model.calls.length, 2);
  assert.deepEqual(model.calls[1]!.input.map((i) => ('type' in i && i.type ? i.type : 'role' in i ? i.role : '?')), ['user', 'function_call', 'function_call_output']);
  assert.equal(gated.record.finished, 1, 'the tool did not run again');
});
