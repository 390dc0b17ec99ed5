import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, RunState, UserError, handoff, tool } from '../../src/index.js';
import type { AgentInputItem, HandoffInputData } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from './run-modes.js';

const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({ id: z.string() }), execute: ({ id }) => `order ${id}: shipped` });

const PREAMBLE = 'For context, here is the conversation so far between the user and the previous agent:';
const summary = (lines: string[]): AgentInputItem => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text: `${PREAMBLE}\n<CONVERSATION HISTORY>\n${lines.map((l, i) => `${i + 1}. ${l}`).join('\n')}\n</CONVERSATION HISTORY>` }],
});

/** Triage looks an order up (turn 1), then hands off to Shipping (turn 2). */
function lookupThenHandoff(options: { shippingReplies?: number; wrap?: (a: Agent) => Agent | ReturnType<typeof handoff> } = {}) {
  const shippingModel = new ScriptedModel([
    ...(options.shippingReplies === 2 ? [{ output: [functionCall('lookup', { id: '2' }, 'call_t2')] }] : []),
    { output: [textMessage('It ships Monday.')] },
  ]);
  const shipping = new Agent({ name: 'Shipping', model: shippingModel, tools: [lookup] });
  const triageModel = new ScriptedModel([
    { output: [functionCall('lookup', { id: '1' }, 'call_t')] },
    { output: [textMessage('Passing you on.'), functionCall('transfer_to_shipping', {}, 'call_h')] },
  ]);
  const triage = new Agent({ name: 'Triage', model: triageModel, tools: [lookup], handoffs: [options.wrap ? options.wrap(shipping) : shipping] });
  return { triage, shipping, shippingModel, triageModel };
}

/**
 * What Shipping sees with nestHandoffHistory (the Python SDK's ordered segments): the history
 * before the handing-off turn summarised, Triage's own words as it handed off kept as a message,
 * then the handoff call and output summarised.
 */
/** Items as sent, without the ids and statuses the scripted model adds to its output. */
const plain = (items: readonly AgentInputItem[]): unknown[] => items.map((i) => {
  const { id: _id, status: _status, ...rest } = i as AgentInputItem & { status?: string };
  return rest;
});

const NESTED: AgentInputItem[] = [
  summary(['user: Where is order 1?', 'function_call lookup({"id":"1"})', 'function_call_output call_t: order 1: shipped']),
  textMessage('Passing you on.'),
  summary(['function_call transfer_to_shipping({})', 'function_call_output call_h: {"assistant":"Shipping"}']),
];

test('nestHandoffHistory with previousResponseId is ignored with a warning (history stays on the server)', async () => {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const { triage, shippingModel } = lookupThenHandoff();
    const { result } = await runIn('blocking', triage, 'Where is order 1?', { previousResponseId: 'resp_0', runConfig: { nestHandoffHistory: true } });
    assert.equal(result.finalOutput, 'It ships Monday.');
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]!.arguments[0]), /nestHandoffHistory is ignored with previousResponseId/);
    // Only the unsent handoff output goes to the server, chained to the previous response.
    assert.deepEqual(shippingModel.calls[0]!.input, [{ type: 'function_call_output', call_id: 'call_h', output: '{"assistant":"Shipping"}' }]);
    assert.match(String(shippingModel.calls[0]!.previousResponseId), /^resp_/);
  } finally {
    warn.mock.restore();
  }
});

runScenarios([
  {
    name: 'a run-level filter gets {inputHistory, preHandoffItems, newItems}; its result is what the target sees',
    async run(mode) {
      const { triage, shippingModel } = lookupThenHandoff();
      const seen: HandoffInputData[] = [];
      const handoffInputFilter = async (data: HandoffInputData) => {
        seen.push(data);
        return data.clone({ preHandoffItems: [], newItems: data.newItems.filter((i) => i.type !== 'message_output_item') });
      };
      const { result } = await runIn(mode, triage, 'Where is order 1?', { runConfig: { handoffInputFilter } });
      assert.equal(seen.length, 1);
      const data = seen[0]!;
      assert.equal(data.inputHistory, 'Where is order 1?');
      assert.deepEqual(data.preHandoffItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item']);
      assert.deepEqual(data.newItems.map((i) => i.type), ['message_output_item', 'handoff_call_item', 'handoff_output_item']);
      assert.deepEqual(shippingModel.calls[0]!.input, [
        { role: 'user', content: 'Where is order 1?' },
        { ...shippingModel.calls[0]!.input[1]!, type: 'function_call', call_id: 'call_h', name: 'transfer_to_shipping', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_h', output: '{"assistant":"Shipping"}' },
      ]);
      // The filtered items are the run's items from then on.
      assert.deepEqual(result.newItems.map((i) => i.type), ['handoff_call_item', 'handoff_output_item', 'message_output_item']);
      assert.equal(result.finalOutput, 'It ships Monday.');
    },
  },
  {
    name: "a handoff's own inputFilter beats RunConfig.handoffInputFilter",
    async run(mode) {
      const calls: string[] = [];
      const { triage, shippingModel } = lookupThenHandoff({
        wrap: (a) => handoff(a, { inputFilter: (data) => (calls.push('handoff'), data.clone({ inputHistory: 'Summary: order 1 shipped.', preHandoffItems: [], newItems: [] })) }),
      });
      const handoffInputFilter = (data: HandoffInputData) => (calls.push('run'), data);
      const { result } = await runIn(mode, triage, 'Where is order 1?', { runConfig: { handoffInputFilter } });
      assert.deepEqual(calls, ['handoff']);
      assert.deepEqual(shippingModel.calls[0]!.input, [{ role: 'user', content: 'Summary: order 1 shipped.' }]);
      assert.equal(result.input, 'Summary: order 1 shipped.');
      assert.deepEqual(result.newItems.map((i) => i.type), ['message_output_item']);
    },
  },
  {
    name: "nestHandoffHistory folds the transcript into summaries around the handing-off turn's messages; the run keeps every item",
    async run(mode) {
      const { triage, shippingModel } = lookupThenHandoff({ shippingReplies: 2 });
      const { result } = await runIn(mode, triage, 'Where is order 1?', { runConfig: { nestHandoffHistory: true } });
      assert.deepEqual(plain(shippingModel.calls[0]!.input), NESTED);
      // The target's own later turns follow the nested history.
      assert.deepEqual(shippingModel.calls[1]!.input.slice(3).map((i) => (i as { type: string }).type), ['function_call', 'function_call_output']);
      assert.deepEqual(plain(shippingModel.calls[1]!.input.slice(0, 3)), NESTED);
      assert.deepEqual(result.newItems.map((i) => i.type), [
        'tool_call_item', 'tool_call_output_item', 'message_output_item', 'handoff_call_item', 'handoff_output_item',
        'tool_call_item', 'tool_call_output_item', 'message_output_item',
      ]);
      assert.equal(result.toInputList().length, 1 + 8);
    },
  },
  {
    name: 'repeated handoffs flatten the earlier summaries (and messages) into one continuously numbered summary',
    async run(mode) {
      const cModel = new ScriptedModel([{ output: [textMessage('C here')] }]);
      const c = new Agent({ name: 'C', model: cModel });
      const bModel = new ScriptedModel([{ output: [textMessage('B hands on'), functionCall('transfer_to_c', {}, 'call_c')] }]);
      const b = new Agent({ name: 'B', model: bModel, handoffs: [c] });
      const a = new Agent({ name: 'A', model: new ScriptedModel([{ output: [textMessage('A hands on'), functionCall('transfer_to_b', {}, 'call_b')] }]), handoffs: [b] });
      await runIn(mode, a, 'hi', { runConfig: { nestHandoffHistory: true } });
      assert.deepEqual(plain(bModel.calls[0]!.input), [
        summary(['user: hi']),
        textMessage('A hands on'),
        summary(['function_call transfer_to_b({})', 'function_call_output call_b: {"assistant":"B"}']),
      ]);
      assert.deepEqual(plain(cModel.calls[0]!.input), [
        summary([
          'user: hi',
          'assistant: A hands on',
          'function_call transfer_to_b({})',
          'function_call_output call_b: {"assistant":"B"}',
        ]),
        textMessage('B hands on'),
        summary(['function_call transfer_to_c({})', 'function_call_output call_c: {"assistant":"C"}']),
      ]);
    },
  },
  {
    name: "a handoff's nestHandoffHistory overrides the run's, both ways",
    async run(mode) {
      const on = lookupThenHandoff({ wrap: (a) => handoff(a, { nestHandoffHistory: true }) });
      await runIn(mode, on.triage, 'Where is order 1?');
      assert.deepEqual(plain(on.shippingModel.calls[0]!.input), NESTED);
      const off = lookupThenHandoff({ wrap: (a) => handoff(a, { nestHandoffHistory: false }) });
      await runIn(mode, off.triage, 'Where is order 1?', { runConfig: { nestHandoffHistory: true } });
      assert.equal(off.shippingModel.calls[0]!.input.length, 6);
    },
  },
  {
    name: 'handoffHistoryMapper replaces the default summary and gets the full transcript',
    async run(mode) {
      const { triage, shippingModel } = lookupThenHandoff();
      let got: AgentInputItem[] = [];
      const handoffHistoryMapper = async (transcript: AgentInputItem[]) => {
        got = transcript;
        return [{ role: 'user' as const, content: `(${transcript.length} items elided) Where is order 1?` }];
      };
      await runIn(mode, triage, 'Where is order 1?', { runConfig: { nestHandoffHistory: true, handoffHistoryMapper } });
      assert.equal(got.length, 6);
      assert.deepEqual(got[0], { role: 'user', content: 'Where is order 1?' });
      assert.deepEqual(got[5], { type: 'function_call_output', call_id: 'call_h', output: '{"assistant":"Shipping"}' });
      assert.deepEqual(shippingModel.calls[0]!.input, [{ role: 'user', content: '(6 items elided) Where is order 1?' }]);
    },
  },
  {
    name: 'an input filter takes precedence over nesting',
    async run(mode) {
      const { triage, shippingModel } = lookupThenHandoff({ wrap: (a) => handoff(a, { nestHandoffHistory: true, inputFilter: (d) => d.clone({ preHandoffItems: [], newItems: [] }) }) });
      await runIn(mode, triage, 'Where is order 1?');
      assert.deepEqual(shippingModel.calls[0]!.input, [{ role: 'user', content: 'Where is order 1?' }]);
    },
  },
  {
    name: 'server-managed conversations refuse handoff input filters before the first model call',
    async run(mode) {
      for (const server of [{ previousResponseId: 'resp_1' }, { conversationId: 'conv_1' }, { autoPreviousResponseId: true }]) {
        const perHandoff = lookupThenHandoff({ wrap: (a) => handoff(a, { inputFilter: (d) => d }) });
        const first = await runFails(mode, perHandoff.triage, 'x', server);
        assert.ok(first.error instanceof UserError);
        assert.match(first.error.message, new RegExp(`handoff input filter cannot be combined with ${Object.keys(server)[0]}`));
        assert.equal(perHandoff.triageModel.calls.length, 0);
        const runLevel = lookupThenHandoff();
        const second = await runFails(mode, runLevel.triage, 'x', { ...server, runConfig: { handoffInputFilter: (d) => d } });
        assert.ok(second.error instanceof UserError);
        assert.equal(runLevel.triageModel.calls.length, 0);
      }
    },
  },
  {
    name: 'the folded history survives a RunState round trip (interruption after the handoff)',
    async run(mode) {
      const danger = tool({ name: 'danger', description: 'd', parameters: z.object({}), needsApproval: true, execute: () => 'did it' });
      const targetModel = new ScriptedModel([{ output: [functionCall('danger', {}, 'call_d')] }, { output: [textMessage('target done')] }]);
      const target = new Agent({ name: 'Target', model: targetModel, tools: [danger] });
      const start = new Agent({ name: 'A', model: new ScriptedModel([{ output: [functionCall('transfer_to_target', {}, 'call_h')] }]), handoffs: [target] });
      const first = await runIn(mode, start, 'hi', { runConfig: { nestHandoffHistory: true } });
      const state = await RunState.fromString(start, first.result.toState().toString());
      state.approve(state.interruptions[0]!);
      const { result } = await runIn(mode, start, state, { runConfig: { nestHandoffHistory: true } });
      assert.equal(result.finalOutput, 'target done');
      const folded = summary(['user: hi', 'function_call transfer_to_target({})', 'function_call_output call_h: {"assistant":"Target"}']);
      assert.deepEqual(targetModel.calls[0]!.input, [folded]);
      assert.deepEqual(targetModel.calls[1]!.input[0], folded);
      assert.deepEqual(targetModel.calls[1]!.input.slice(1).map((i) => (i as { type: string }).type), ['function_call', 'function_call_output']);
    },
  },
]);
