import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, UserError, handoff, tool, defaultHandoffToolName, defaultHandoffToolDescription } from '../../src/index.js';
import { ScriptedModel, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from './run-modes.js';

const noop = tool({ name: 'noop', description: 'does nothing', parameters: z.object({}), execute: () => 'ok' });

test('default handoff tool name: lower-cased, non-alphanumerics become _', () => {
  assert.equal(defaultHandoffToolName('Billing Agent'), 'transfer_to_billing_agent');
  assert.equal(defaultHandoffToolName('Süd-Ost.v2'), 'transfer_to_s_d_ost_v2');
  assert.equal(defaultHandoffToolName('ABC123'), 'transfer_to_abc123');
});

test('default description names the agent and appends its handoffDescription', () => {
  const withDesc = new Agent({ name: 'Billing', handoffDescription: 'Handles invoices.' });
  assert.equal(defaultHandoffToolDescription(withDesc), 'Handoff to the Billing agent to handle the request. Handles invoices.');
  const without = new Agent({ name: 'Billing' });
  assert.equal(defaultHandoffToolDescription(without), 'Handoff to the Billing agent to handle the request.');
});

test('handoff() overrides name and description; parameters are strict JSON schema', () => {
  const target = new Agent({ name: 'Refunds' });
  const h = handoff(target, { toolNameOverride: 'go_refunds', toolDescriptionOverride: 'Send refund questions here' });
  assert.equal(h.toolName, 'go_refunds');
  assert.deepEqual(h.serialized, {
    type: 'function',
    name: 'go_refunds',
    description: 'Send refund questions here',
    parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
    strict: true,
  });
  const typed = handoff(target, { inputType: z.object({ reason: z.string() }), onHandoff: () => {} });
  assert.deepEqual((typed.serialized.parameters as { required: string[] }).required, ['reason']);
  assert.equal((typed.serialized.parameters as { additionalProperties: boolean }).additionalProperties, false);
});

test('inputType without onHandoff is a UserError at definition time', () => {
  assert.throws(() => handoff(new Agent({ name: 'X' }), { inputType: z.object({ a: z.string() }) }), (e) => e instanceof UserError && /onHandoff/.test(e.message));
});

test('an invalid or too long handoff tool name is a UserError at definition time, naming it', () => {
  assert.throws(() => handoff(new Agent({ name: 'X' }), { toolNameOverride: 'go to sales' }), (e) => e instanceof UserError && /"go to sales" is invalid/.test(e.message));
  const long = new Agent({ name: 'A'.repeat(60) });
  assert.throws(() => handoff(long), (e) => e instanceof UserError && /toolNameOverride/.test(e.message));
  assert.equal(handoff(long, { toolNameOverride: 'to_long' }).toolName, 'to_long');
  // An agent listed directly in `handoffs` is checked when a run starts, before any model call.
  const model = new ScriptedModel([]);
  assert.throws(() => Runner.runStreamed(new Agent({ name: 'S', model, handoffs: [long] }), 'x'), UserError);
  assert.equal(model.calls.length, 0);
});

test('handoff() option types are checked: onHandoff, inputFilter, isEnabled', () => {
  const agent = new Agent({ name: 'X' });
  assert.throws(() => handoff(agent, { onHandoff: 'yes' as never }), (e) => e instanceof UserError && /onHandoff must be a function/.test(e.message));
  assert.throws(() => handoff(agent, { inputFilter: {} as never }), (e) => e instanceof UserError && /inputFilter must be a function/.test(e.message));
  assert.throws(() => handoff(agent, { isEnabled: 'sometimes' as never }), (e) => e instanceof UserError && /isEnabled must be a boolean or a function/.test(e.message));
});

test('handoff() without an agent is a UserError', () => {
  assert.throws(() => handoff(undefined as unknown as Agent), UserError);
});

runScenarios([
  {
    name: 'handoffs are sent to the model after the tools, with default and overridden names',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('hi')] }]);
      const billing = new Agent({ name: 'Billing Team', handoffDescription: 'Money questions.' });
      const refunds = new Agent({ name: 'Refunds' });
      const triage = new Agent({ name: 'Triage', model, tools: [noop], handoffs: [billing, handoff(refunds, { toolNameOverride: 'refund_desk', toolDescriptionOverride: 'Refund desk' })] });
      await runIn(mode, triage, 'hello');
      const tools = model.calls[0]!.tools;
      assert.deepEqual(tools.map((t) => t.name), ['noop', 'transfer_to_billing_team', 'refund_desk']);
      assert.equal(tools[1]!.description, 'Handoff to the Billing Team agent to handle the request. Money questions.');
      assert.equal(tools[2]!.description, 'Refund desk');
      assert.equal(model.calls[0]!.stream, mode === 'streamed');
    },
  },
  {
    name: 'isEnabled false hides a handoff; an isEnabled function is asked with the context and the holding agent',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('a')] }, { output: [textMessage('b')] }]);
      const seen: Array<{ ctx: unknown; agent: string }> = [];
      const hidden = new Agent<{ vip: boolean }>({ name: 'Hidden' });
      const dynamic = new Agent<{ vip: boolean }>({ name: 'Dynamic' });
      const triage = new Agent<{ vip: boolean }>({
        name: 'Triage',
        model,
        handoffs: [
          handoff(hidden, { isEnabled: false }),
          handoff(dynamic, {
            isEnabled: async (ctx, agent) => {
              seen.push({ ctx: ctx.context, agent: agent.name });
              return ctx.context.vip;
            },
          }),
        ],
      });
      await runIn(mode, triage, 'x', { context: { vip: false } });
      await runIn(mode, triage, 'y', { context: { vip: true } });
      assert.deepEqual(model.calls[0]!.tools.map((t) => t.name), []);
      assert.deepEqual(model.calls[1]!.tools.map((t) => t.name), ['transfer_to_dynamic']);
      assert.deepEqual(seen, [{ ctx: { vip: false }, agent: 'Triage' }, { ctx: { vip: true }, agent: 'Triage' }]);
    },
  },
  {
    name: 'a handoff name colliding with a tool is a UserError before the first model call',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('never')] }]);
      const clash = tool({ name: 'transfer_to_sales', description: 'a tool', parameters: z.object({}), execute: () => '' });
      const agent = new Agent({ name: 'Front', model, tools: [clash], handoffs: [new Agent({ name: 'Sales' })] });
      const { error } = await runFails(mode, agent, 'hi');
      assert.ok(error instanceof UserError);
      assert.match(error.message, /transfer_to_sales/);
      assert.equal(model.calls.length, 0);
    },
  },
  {
    name: 'two handoffs with the same tool name, deep in the agent graph, are a UserError before any call',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('never')] }]);
      const deep = new Agent({ name: 'Deep', model, handoffs: [new Agent({ name: 'A b' }), new Agent({ name: 'A-b' })] });
      const start = new Agent({ name: 'Start', model, handoffs: [deep] });
      const { error } = await runFails(mode, start, 'hi');
      assert.ok(error instanceof UserError);
      assert.match(error.message, /'Deep'.*transfer_to_a_b/);
      assert.equal(model.calls.length, 0);
    },
  },
]);

test('Runner.runStreamed throws a collision synchronously (no stream is returned)', () => {
  const model = new ScriptedModel([]);
  const agent = new Agent({ name: 'Front', model, handoffs: [handoff(new Agent({ name: 'X' }), { toolNameOverride: 'dup' }), handoff(new Agent({ name: 'Y' }), { toolNameOverride: 'dup' })] });
  assert.throws(() => Runner.runStreamed(agent, 'hi'), (e) => e instanceof UserError && /'dup'/.test(e.message));
});
