import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, HandoffOutputItem, MaxTurnsExceeded, RunState, Runner, handoff, tool } from '../../src/index.js';
import type { RunContextWrapper } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { eventLabels, runFails, runIn, runScenarios } from './run-modes.js';

function lookupTool(log: string[]) {
  return tool({
    name: 'lookup',
    description: 'Look up an order',
    parameters: z.object({ id: z.string() }),
    execute: async ({ id }) => {
      log.push(`lookup:${id}`);
      return `order ${id}: shipped`;
    },
  });
}

runScenarios([
  {
    name: 'a handoff switches the agent; the target answers with the whole history',
    async run(mode) {
      const triageModel = new ScriptedModel([{ output: [functionCall('transfer_to_billing', {}, 'call_h')] }]);
      const billingModel = new ScriptedModel([{ output: [textMessage('Your invoice is paid.')] }]);
      const billing = new Agent({ name: 'Billing', instructions: 'You do billing.', model: billingModel });
      const triage = new Agent({ name: 'Triage', instructions: 'Route.', model: triageModel, handoffs: [billing] });
      const { result, events } = await runIn(mode, triage, 'Is my invoice paid?');

      assert.equal(result.finalOutput, 'Your invoice is paid.');
      assert.equal(result.lastAgent, billing);
      assert.deepEqual(result.newItems.map((i) => [i.type, i.agent.name]), [
        ['handoff_call_item', 'Triage'],
        ['handoff_output_item', 'Triage'],
        ['message_output_item', 'Billing'],
      ]);
      const out = result.newItems[1] as HandoffOutputItem;
      assert.ok(out instanceof HandoffOutputItem);
      assert.equal(out.sourceAgent, triage);
      assert.equal(out.targetAgent, billing);
      assert.deepEqual(out.rawItem, { type: 'function_call_output', call_id: 'call_h', output: '{"assistant":"Billing"}' });
      assert.deepEqual(JSON.parse(out.rawItem.output), { assistant: 'Billing' });

      assert.equal(triageModel.calls.length, 1);
      assert.equal(billingModel.calls.length, 1);
      const second = billingModel.calls[0]!;
      assert.equal(second.instructions, 'You do billing.');
      assert.deepEqual(second.input.map((i) => ('type' in i && i.type) || `role:${(i as { role: string }).role}`), ['role:user', 'function_call', 'function_call_output']);
      assert.deepEqual(second.input[2], { type: 'function_call_output', call_id: 'call_h', output: '{"assistant":"Billing"}' });
      assert.equal(result.rawResponses.length, 2);
      assert.equal(result.contextWrapper.usage.requests, 2);
      if (mode === 'streamed') {
        assert.deepEqual(eventLabels(events), ['agent:Triage', 'handoff_requested', 'handoff_occurred', 'agent:Billing', 'message_output_created']);
      }
    },
  },
  {
    name: 'one response with a message, a tool call and a handoff: items in that order, the tool still runs',
    async run(mode) {
      const log: string[] = [];
      const triageModel = new ScriptedModel([
        { output: [textMessage('Let me check and pass you on.'), functionCall('lookup', { id: '42' }, 'call_t'), functionCall('transfer_to_shipping', {}, 'call_h')] },
      ]);
      const shippingModel = new ScriptedModel([{ output: [textMessage('Order 42 arrives Monday.')] }]);
      const shipping = new Agent({ name: 'Shipping', model: shippingModel });
      const triage = new Agent({ name: 'Triage', model: triageModel, tools: [lookupTool(log)], handoffs: [shipping] });
      const { result, events } = await runIn(mode, triage, 'Where is order 42?');

      assert.deepEqual(log, ['lookup:42']);
      assert.deepEqual(result.newItems.map((i) => i.type), [
        'message_output_item', 'tool_call_item', 'handoff_call_item', 'tool_call_output_item', 'handoff_output_item', 'message_output_item',
      ]);
      assert.equal(result.finalOutput, 'Order 42 arrives Monday.');
      assert.equal(result.lastAgent, shipping);
      // The target sees every call answered, in the same order.
      const input = shippingModel.calls[0]!.input;
      assert.deepEqual(input.slice(2).map((i) => [(i as { type: string }).type, (i as { call_id: string }).call_id]), [
        ['function_call', 'call_t'], ['function_call', 'call_h'], ['function_call_output', 'call_t'], ['function_call_output', 'call_h'],
      ]);
      assert.equal((input[4] as { output: string }).output, 'order 42: shipped');
      if (mode === 'streamed') {
        assert.deepEqual(eventLabels(events), [
          'agent:Triage', 'message_output_created', 'tool_called', 'handoff_requested', 'tool_output', 'handoff_occurred', 'agent:Shipping', 'message_output_created',
        ]);
      }
    },
  },
  {
    name: 'only the first handoff call switches; later ones get an "ignored" output',
    async run(mode) {
      const model = new ScriptedModel([
        { output: [functionCall('transfer_to_b', {}, 'call_b'), functionCall('transfer_to_c', {}, 'call_c')] },
      ]);
      const bModel = new ScriptedModel([{ output: [textMessage('B here')] }]);
      const b = new Agent({ name: 'B', model: bModel });
      const c = new Agent({ name: 'C', model: new ScriptedModel([]) });
      const a = new Agent({ name: 'A', model, handoffs: [b, c] });
      const { result } = await runIn(mode, a, 'go');
      assert.equal(result.lastAgent, b);
      assert.deepEqual(result.newItems.map((i) => i.type), ['handoff_call_item', 'handoff_call_item', 'handoff_output_item', 'tool_call_output_item', 'message_output_item']);
      const ignored = result.newItems[3]!;
      assert.deepEqual(ignored.rawItem, { type: 'function_call_output', call_id: 'call_c', output: 'Multiple handoffs detected, ignoring this one.' });
      assert.equal((result.newItems[2]!.rawItem as { output: string }).output, '{"assistant":"B"}');
    },
  },
  {
    name: 'onHandoff gets the run context and the parsed, validated input (zod transforms applied)',
    async run(mode) {
      const received: Array<{ ctx: unknown; input: unknown }> = [];
      const model = new ScriptedModel([{ output: [functionCall('escalate', { reason: '  refund  ', priority: 2 })] }]);
      const target = new Agent({ name: 'Escalations', model: new ScriptedModel([{ output: [textMessage('ok')] }]) });
      const start = new Agent<{ user: string }>({
        name: 'Start',
        model,
        handoffs: [
          handoff(target, {
            toolNameOverride: 'escalate',
            inputType: z.object({ reason: z.string().transform((s) => s.trim()), priority: z.number().int() }),
            onHandoff: async (ctx: RunContextWrapper<{ user: string }>, input) => {
              received.push({ ctx: ctx.context, input });
            },
          }),
        ],
      });
      const { result } = await runIn(mode, start, 'help', { context: { user: 'ann' } });
      assert.equal(result.finalOutput, 'ok');
      assert.deepEqual(received, [{ ctx: { user: 'ann' }, input: { reason: 'refund', priority: 2 } }]);
    },
  },
  {
    name: 'onHandoff with a JSON-schema inputType gets the parsed object; without inputType it gets no input',
    async run(mode) {
      const got: unknown[] = [];
      const model = new ScriptedModel([{ output: [functionCall('transfer_to_x', { topic: 'tax' })] }, { output: [functionCall('transfer_to_y', {})] }]);
      const y = new Agent({ name: 'Y', model: new ScriptedModel([{ output: [textMessage('done')] }]) });
      const x = new Agent({ name: 'X', model, handoffs: [handoff(y, { onHandoff: (_ctx, input) => void got.push(['y', input]) })] });
      const start = new Agent({
        name: 'S',
        model,
        handoffs: [handoff(x, { inputType: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] }, onHandoff: (_ctx, input) => void got.push(['x', input]) })],
      });
      const { result } = await runIn(mode, start, 'q');
      assert.equal(result.lastAgent, y);
      assert.deepEqual(got, [['x', { topic: 'tax' }], ['y', undefined]]);
    },
  },
  {
    name: 'a chain A -> B -> C: each agent uses its own model, tools and instructions',
    async run(mode) {
      const log: string[] = [];
      const cModel = new ScriptedModel([{ output: [textMessage('C final')] }]);
      const c = new Agent({ name: 'C', instructions: 'I am C', model: cModel });
      const bModel = new ScriptedModel([{ output: [functionCall('lookup', { id: '7' })] }, { output: [functionCall('transfer_to_c')] }]);
      const b = new Agent({ name: 'B', instructions: (_ctx, agent) => `I am ${agent.name}`, model: bModel, tools: [lookupTool(log)], handoffs: [c] });
      const aModel = new ScriptedModel([{ output: [functionCall('transfer_to_b')] }]);
      const a = new Agent({ name: 'A', model: aModel, handoffs: [b] });
      const { result, events } = await runIn(mode, a, 'start');
      assert.equal(result.finalOutput, 'C final');
      assert.equal(result.lastAgent, c);
      assert.deepEqual(log, ['lookup:7']);
      assert.deepEqual(bModel.calls.map((call) => call.instructions), ['I am B', 'I am B']);
      assert.deepEqual(bModel.calls[0]!.tools.map((t) => t.name), ['lookup', 'transfer_to_c']);
      assert.deepEqual(cModel.calls[0]!.tools, []);
      assert.equal(cModel.calls[0]!.input.length, 1 + 2 + 2 + 2);
      assert.deepEqual(result.newItems.filter((i) => i.type === 'handoff_output_item').map((i) => `${(i as HandoffOutputItem).sourceAgent.name}->${(i as HandoffOutputItem).targetAgent.name}`), ['A->B', 'B->C']);
      if (mode === 'streamed') {
        assert.deepEqual(eventLabels(events).filter((l) => l.startsWith('agent:')), ['agent:A', 'agent:B', 'agent:C']);
      }
    },
  },
  {
    name: 'handoff turns count against maxTurns',
    async run(mode) {
      const ping: Agent = new Agent({ name: 'Ping', model: new ScriptedModel([{ output: [functionCall('transfer_to_pong')] }, { output: [functionCall('transfer_to_pong')] }]) });
      const pong = new Agent({ name: 'Pong', model: new ScriptedModel([{ output: [functionCall('transfer_to_ping')] }]), handoffs: [ping] });
      (ping.handoffs as Agent[]).push(pong);
      const { error } = await runFails(mode, ping, 'loop', { maxTurns: 3 });
      assert.ok(error instanceof MaxTurnsExceeded);
      assert.equal(error.message, 'Max turns (3) exceeded');
      assert.equal(error.runData?.lastAgent.name, 'Pong'); // Ping -> Pong -> Ping -> Pong, then the 4th call is refused
      assert.equal(error.runData?.newItems.filter((i) => i.type === 'handoff_output_item').length, 3);
    },
  },
  {
    name: 'a tool needing approval next to a handoff: the run stops; once approved the tool runs, then the handoff happens',
    async run(mode) {
      const ran: string[] = [];
      const refund = tool({ name: 'refund', description: 'r', parameters: z.object({}), needsApproval: true, execute: () => (ran.push('refund'), 'refunded') });
      const targetModel = new ScriptedModel([{ output: [textMessage('Refund done, anything else?')] }]);
      const target = new Agent({ name: 'Followup', model: targetModel });
      const source = new Agent({ name: 'Desk', model: new ScriptedModel([{ output: [functionCall('refund', {}, 'call_r'), functionCall('transfer_to_followup', {}, 'call_h')] }]), tools: [refund], handoffs: [target] });
      const first = await runIn(mode, source, 'refund me');
      assert.deepEqual(first.result.interruptions.map((i) => i.toolName), ['refund']);
      assert.equal(first.result.lastAgent, source);
      assert.deepEqual(ran, []);
      const state = await RunState.fromString(source, first.result.toState().toString());
      state.approve(state.interruptions[0]!);
      const { result } = await runIn(mode, source, state);
      assert.deepEqual(ran, ['refund']);
      assert.equal(result.lastAgent, target);
      assert.equal(result.finalOutput, 'Refund done, anything else?');
      assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'handoff_call_item', 'tool_call_output_item', 'handoff_output_item', 'message_output_item']);
      assert.deepEqual(targetModel.calls[0]!.input.slice(3).map((i) => (i as { output: string }).output), ['refunded', '{"assistant":"Followup"}']);
    },
  },
]);

test('streamed: currentAgent follows the agent_updated events', async () => {
  const b = new Agent({ name: 'B', model: new ScriptedModel([{ output: [textMessage('from B')] }]) });
  const a = new Agent({ name: 'A', model: new ScriptedModel([{ output: [functionCall('transfer_to_b')] }]), handoffs: [b] });
  const streamed = Runner.runStreamed(a, 'go');
  assert.equal(streamed.currentAgent, a);
  const seen: Array<[string, string]> = [];
  for await (const e of streamed.streamEvents()) {
    if (e.type === 'agent_updated_stream_event') seen.push([e.newAgent.name, streamed.currentAgent.name]);
  }
  assert.deepEqual(seen, [['A', 'A'], ['B', 'B']]);
  assert.equal(streamed.currentAgent, b);
  assert.equal(streamed.finalOutput, 'from B');
});
