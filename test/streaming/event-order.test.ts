// Event order of streamed runs: text, tool calls, reasoning, handoffs, max turns and guardrail
// trips, plus the result's fields once the stream is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, tool, inputGuardrail, outputGuardrail, InputGuardrailTripwireTriggered, MaxTurnsExceeded,
  OutputGuardrailTripwireTriggered, RunResultStreaming, UserError, type StreamEvent,
} from '../../src/index.js';
import { ScriptedModel, functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { deltaText, drain, labels, squash } from './helpers.js';

const TEXT_RESPONSE = [
  'raw:response.created',
  'raw:response.in_progress',
  'raw:response.output_item.added',
  'raw:response.content_part.added',
  'raw:response.output_text.delta',
  'raw:response.output_text.done',
  'raw:response.content_part.done',
  'raw:response.output_item.done',
  'raw:response.completed',
];
const CALL_RESPONSE = [
  'raw:response.created',
  'raw:response.in_progress',
  'raw:response.output_item.added',
  'raw:response.function_call_arguments.delta',
  'raw:response.function_call_arguments.done',
  'raw:response.output_item.done',
  'raw:response.completed',
];

const add = tool({
  name: 'add',
  description: 'Add two numbers',
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

/** Item events that describe a model response's output must come right after its response.completed. */
function assertItemsFollowCompleted(events: readonly StreamEvent[]): void {
  let sinceCompleted: 'none' | 'completed' | 'raw' = 'none';
  for (const e of events) {
    if (e.type === 'raw_response_event') sinceCompleted = e.data.type === 'response.completed' ? 'completed' : 'raw';
    else if (e.type === 'run_item_stream_event' && ['message_output_created', 'tool_called', 'reasoning_item_created', 'handoff_requested'].includes(e.name)) {
      assert.equal(sinceCompleted, 'completed', `${e.name} follows its response.completed with no raw event in between`);
    }
  }
}

test('text: agent update first, raw Responses events with the text deltas, then the message item; result filled in', async () => {
  const model = new ScriptedModel([{ output: [textMessage('The quick brown fox jumps.')], usage: { inputTokens: 7, outputTokens: 5 }, responseId: 'resp_text' }]);
  const agent = new Agent({ name: 'writer', model });
  const result = Runner.runStreamed(agent, 'write');
  assert.ok(result instanceof RunResultStreaming);
  assert.equal(result.isComplete, false, 'returned before the run did anything');
  assert.equal(model.calls.length, 0);

  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(squash(labels(events)), ['agent:writer', ...TEXT_RESPONSE, 'message_output_created']);
  assert.ok(events.filter((e) => e.type === 'raw_response_event' && e.data.type === 'response.output_text.delta').length > 1, 'the text arrives as several deltas');
  assert.equal(deltaText(events), 'The quick brown fox jumps.');
  assert.equal(model.calls[0]!.stream, true, 'the model was called in streaming mode');

  // After completion the streamed result carries what a RunResult carries.
  assert.equal(result.isComplete, true);
  assert.equal(result.finalOutput, 'The quick brown fox jumps.');
  assert.equal(result.lastAgent, agent);
  assert.equal(result.currentAgent, agent);
  assert.equal(result.currentTurn, 1);
  assert.equal(result.maxTurns, 10);
  assert.equal(result.lastResponseId, 'resp_text');
  assert.equal(result.rawResponses.length, 1);
  assert.equal(result.rawResponses[0]!.responseId, 'resp_text');
  assert.deepEqual(result.newItems.map((i) => i.type), ['message_output_item']);
  const item = events.at(-1) as Extract<StreamEvent, { type: 'run_item_stream_event' }>;
  assert.equal(item.item, result.newItems[0], 'the streamed item is the result item');
  assert.deepEqual(result.contextWrapper.usage, { requests: 1, inputTokens: 7, outputTokens: 5, totalTokens: 12 });
  assert.deepEqual(result.toInputList().map((i) => ('type' in i ? i.type : i.role)), ['user', 'message']);
  await result.completed;
});

test('tool calls: tool_called after the response, outputs in call order after the tools ran, then the next response', async () => {
  const model = new ScriptedModel([
    { output: [functionCall('add', { a: 1, b: 2 }, 'c1'), functionCall('add', { a: 10, b: 20 }, 'c2')] },
    { output: [textMessage('3 and 30')] },
  ]);
  const slowFirst = tool({
    name: 'add',
    description: 'Add',
    parameters: z.object({ a: z.number(), b: z.number() }),
    // The first call finishes last: outputs must still come in call order.
    execute: async ({ a, b }) => {
      await new Promise((r) => setTimeout(r, a === 1 ? 30 : 1));
      return a + b;
    },
  });
  const result = Runner.runStreamed(new Agent({ name: 'calc', model, tools: [slowFirst] }), 'add');
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(squash(labels(events)), [
    'agent:calc',
    'raw:response.created', 'raw:response.in_progress',
    'raw:response.output_item.added', 'raw:response.function_call_arguments.delta', 'raw:response.function_call_arguments.done', 'raw:response.output_item.done',
    'raw:response.output_item.added', 'raw:response.function_call_arguments.delta', 'raw:response.function_call_arguments.done', 'raw:response.output_item.done',
    'raw:response.completed',
    'tool_called', 'tool_output',
    ...TEXT_RESPONSE,
    'message_output_created',
  ]);
  const items = events.filter((e): e is Extract<StreamEvent, { type: 'run_item_stream_event' }> => e.type === 'run_item_stream_event');
  assert.deepEqual(items.map((e) => [e.name, (e.item.rawItem as { call_id?: string }).call_id]), [
    ['tool_called', 'c1'], ['tool_called', 'c2'], ['tool_output', 'c1'], ['tool_output', 'c2'], ['message_output_created', undefined],
  ]);
  const outputs = items.filter((e) => e.name === 'tool_output').map((e) => (e.item as { output?: unknown }).output);
  assert.deepEqual(outputs, [3, 30]);
  assertItemsFollowCompleted(events);
  assert.equal(result.finalOutput, '3 and 30');
});

test('reasoning: reasoning_item_created precedes the message it came with, both after response.completed', async () => {
  const model = new ScriptedModel([{ output: [reasoning('Think about foxes.'), textMessage('Foxes.')] }]);
  const { events, error } = await drain(Runner.runStreamed(new Agent({ name: 'thinker', model }), 'q'));
  assert.equal(error, undefined);
  const squashed = squash(labels(events));
  assert.deepEqual(squashed.slice(0, 4), ['agent:thinker', 'raw:response.created', 'raw:response.in_progress', 'raw:response.output_item.added']);
  assert.ok(squashed.includes('raw:response.reasoning_summary_text.delta'), 'reasoning summary deltas are streamed');
  assert.deepEqual(squashed.slice(-3), ['raw:response.completed', 'reasoning_item_created', 'message_output_created']);
  assertItemsFollowCompleted(events);
});

test('handoff: handoff_requested and handoff_occurred, then an agent update, then the new agent streams', async () => {
  const billing = new Agent({ name: 'billing', model: new ScriptedModel([{ output: [textMessage('Refunded.')] }]) });
  const triage = new Agent({
    name: 'triage',
    model: new ScriptedModel([{ output: [functionCall('transfer_to_billing', {}, 'h1')] }]),
    handoffs: [billing],
  });
  const result = Runner.runStreamed(triage, 'refund please');
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(squash(labels(events)), [
    'agent:triage', ...CALL_RESPONSE, 'handoff_requested', 'handoff_occurred',
    'agent:billing', ...TEXT_RESPONSE, 'message_output_created',
  ]);
  const occurred = events.find((e) => e.type === 'run_item_stream_event' && e.name === 'handoff_occurred') as Extract<StreamEvent, { type: 'run_item_stream_event' }>;
  assert.equal(occurred.item.type, 'handoff_output_item');
  if (occurred.item.type !== 'handoff_output_item') return;
  assert.equal(occurred.item.sourceAgent, triage);
  assert.equal(occurred.item.targetAgent, billing);
  assert.deepEqual(occurred.item.rawItem, { type: 'function_call_output', call_id: 'h1', output: '{"assistant":"billing"}' });
  const updated = events.filter((e) => e.type === 'agent_updated_stream_event').map((e) => (e as { newAgent: unknown }).newAgent);
  assert.deepEqual(updated, [triage, billing]);
  assert.equal(result.lastAgent, billing);
  assert.equal(result.currentAgent, billing);
  assert.equal(result.finalOutput, 'Refunded.');
  assert.equal(result.currentTurn, 2);
});

test('max turns: the tool output is streamed, then the iterator throws MaxTurnsExceeded; completed rejects with it', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 2, b: 2 }, 'c1')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'loop', model, tools: [add] }), 'go', { maxTurns: 1 });
  const { events, error } = await drain(result);
  assert.ok(error instanceof MaxTurnsExceeded, `got ${String(error)}`);
  assert.equal(error.message, 'Max turns (1) exceeded');
  assert.deepEqual(squash(labels(events)), ['agent:loop', ...CALL_RESPONSE, 'tool_called', 'tool_output']);
  assert.equal(model.calls.length, 1, 'no second model call');
  assert.deepEqual(error.runData?.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item']);
  await assert.rejects(result.completed, (e) => e === error);
  assert.equal(result.isComplete, true);
  assert.equal(result.finalOutput, undefined);
});

test('blocking input guardrail trip: only the agent update, no model call, the tripwire error at the end', async () => {
  const model = new ScriptedModel([{ output: [textMessage('never')] }]);
  const guard = inputGuardrail(() => ({ tripwireTriggered: true, outputInfo: 'blocked' }), { name: 'no_homework', runInParallel: false });
  const result = Runner.runStreamed(new Agent({ name: 'tutor', model, inputGuardrails: [guard] }), 'do my homework');
  const { events, error } = await drain(result);
  assert.ok(error instanceof InputGuardrailTripwireTriggered);
  assert.equal(error.guardrailResult.guardrail.name, 'no_homework');
  assert.deepEqual(labels(events), ['agent:tutor']);
  assert.equal(model.calls.length, 0);
  assert.deepEqual(result.inputGuardrailResults.map((r) => r.output.tripwireTriggered), [true]);
});

test('parallel input guardrail trip: the concurrent model call is aborted and no item event is produced', async () => {
  let aborted = false;
  const model = new ScriptedModel([
    async (request) => {
      // A slow model: the guardrail trips while the call is in flight.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        request.signal?.addEventListener('abort', () => {
          aborted = true;
          clearTimeout(timer);
          resolve();
        });
      });
      return { output: [textMessage('too late')] };
    },
  ]);
  const guard = inputGuardrail(async () => {
    await new Promise((r) => setTimeout(r, 10));
    return { tripwireTriggered: true };
  }, { name: 'parallel_check' });
  const started = Date.now();
  const { events, error } = await drain(Runner.runStreamed(new Agent({ name: 'tutor', model, inputGuardrails: [guard] }), 'x'));
  assert.ok(error instanceof InputGuardrailTripwireTriggered);
  assert.equal(model.calls.length, 1, 'the model call had started alongside the guardrail');
  assert.equal(aborted, true, 'the model call was aborted');
  assert.ok(Date.now() - started < 1_000, 'the run did not wait for the model');
  assert.deepEqual(labels(events, { raw: false }), ['agent:tutor']);
});

test('output guardrail trip: the message item is streamed, then the tripwire error', async () => {
  const model = new ScriptedModel([{ output: [textMessage('secret: 42')] }]);
  const guard = outputGuardrail((_ctx, _agent, output) => ({ tripwireTriggered: String(output).includes('secret') }), { name: 'no_secrets' });
  const result = Runner.runStreamed(new Agent({ name: 'leaky', model, outputGuardrails: [guard] }), 'x');
  const { events, error } = await drain(result);
  assert.ok(error instanceof OutputGuardrailTripwireTriggered);
  assert.deepEqual(squash(labels(events)), ['agent:leaky', ...TEXT_RESPONSE, 'message_output_created']);
  assert.equal(result.finalOutput, undefined);
});

test('the stream can be read after the run finished: every event is kept until read', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 }, 'c1')] }, { output: [textMessage('2')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'late', model, tools: [add] }), 'x');
  await result.completed;
  assert.equal(result.isComplete, true);
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.deepEqual(labels(events, { raw: false }), ['agent:late', 'tool_called', 'tool_output', 'message_output_created']);
});

test('one reader at a time: a concurrent second reader gets a UserError; a later reader continues where the first stopped', async () => {
  const model = new ScriptedModel([{ output: [functionCall('add', { a: 1, b: 1 }, 'c1')] }, { output: [textMessage('2')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'shared', model, tools: [add] }), 'x');
  const first = result.streamEvents()[Symbol.asyncIterator]();
  const head = await first.next();
  assert.equal(head.done, false);
  assert.equal((head.value as StreamEvent).type, 'agent_updated_stream_event');
  await assert.rejects(result.streamEvents()[Symbol.asyncIterator]().next(), (e) => e instanceof UserError && /one reader at a time/.test(e.message));
  await first.return?.(undefined);
  const { events, error } = await drain(result);
  assert.equal(error, undefined);
  assert.equal(labels(events)[0], 'raw:response.created', 'the second reader starts right after the first one stopped');
  assert.deepEqual(labels(events, { raw: false }), ['tool_called', 'tool_output', 'message_output_created']);
});

test('bad options are a UserError thrown by runStreamed itself, before any event', () => {
  const agent = new Agent({ name: 'a', model: new ScriptedModel([]) });
  assert.throws(() => Runner.runStreamed(agent, 'x', { maxTurns: -1 }), UserError);
  assert.throws(() => Runner.runStreamed(agent, 'x', { runConfig: { maxTurn: 3 } as never }), UserError);
  assert.throws(() => Runner.runStreamed({ name: 'not an agent' } as never, 'x'), UserError);
});

test('resuming an interrupted run streamed: the stream opens with the agent, then the approved tool runs', async () => {
  const guarded = tool({ name: 'pay', description: 'Pay', parameters: z.object({ amount: z.number() }), needsApproval: true, execute: ({ amount }) => `paid ${amount}` });
  const model = new ScriptedModel([{ output: [functionCall('pay', { amount: 5 }, 'p1')] }, { output: [textMessage('Paid.')] }]);
  const agent = new Agent({ name: 'cashier', model, tools: [guarded] });
  const first = Runner.runStreamed(agent, 'pay 5');
  const firstEvents = await drain(first);
  assert.equal(firstEvents.error, undefined);
  assert.deepEqual(labels(firstEvents.events, { raw: false }), ['agent:cashier', 'tool_called', 'tool_approval_requested']);
  assert.equal(first.interruptions.length, 1);
  assert.equal(first.finalOutput, undefined);

  const state = first.toState();
  state.approve(first.interruptions[0]!);
  const resumed = Runner.runStreamed(agent, state);
  const { events, error } = await drain(resumed);
  assert.equal(error, undefined);
  assert.deepEqual(labels(events, { raw: false }), ['agent:cashier', 'tool_output', 'message_output_created']);
  assert.equal(resumed.finalOutput, 'Paid.');
  assert.equal(model.calls.length, 2);
});
