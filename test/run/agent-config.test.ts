// Agent definition checks: a misspelt or wrongly typed AgentConfig field is a UserError naming it
// when the agent is created, not a silent no-op or a TypeError at the first model call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, UserError, inputGuardrail, outputGuardrail, tool } from '../../src/index.js';
import { ScriptedModel, textMessage } from '../../src/testing/index.js';

const make = (config: Record<string, unknown>) => () => new Agent({ name: 'checked', ...config } as never);

test('an unknown AgentConfig key is a UserError naming it (with a hint for near misses)', () => {
  assert.throws(make({ tool: [] }), (e: unknown) => e instanceof UserError && /'tool'/.test(e.message) && /'tools'/.test(e.message));
  assert.throws(make({ output_type: z.string() }), (e: unknown) => e instanceof UserError && /'output_type'/.test(e.message) && /'outputType'/.test(e.message));
  assert.throws(make({ temperature: 0.2 }), (e: unknown) => e instanceof UserError && /'temperature'/.test(e.message));
});

test('wrongly typed AgentConfig fields are UserErrors naming the field', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ instructions: 42 }, /instructions/],
    [{ handoffDescription: 7 }, /handoffDescription/],
    [{ model: 5 }, /model/],
    [{ model: {} }, /model/],
    [{ tools: 'search' }, /tools/],
    [{ handoffs: {} }, /handoffs/],
    [{ inputGuardrails: () => undefined }, /inputGuardrails/],
    [{ outputGuardrails: 'g' }, /outputGuardrails/],
    [{ modelSettings: 'fast' }, /modelSettings/],
    [{ hooks: [] }, /hooks/],
    [{ resetToolChoice: 'no' }, /resetToolChoice/],
  ];
  for (const [config, pattern] of cases) {
    assert.throws(make(config), (e: unknown) => e instanceof UserError && pattern.test(e.message) && /checked/.test(e.message), JSON.stringify(config));
  }
});

test('a complete valid AgentConfig is accepted, and clone() of it too', async () => {
  const noop = tool({ name: 'noop', description: 'n', parameters: z.object({}), execute: () => 'ok' });
  const model = new ScriptedModel([{ output: [textMessage('fine')] }]);
  const helper = new Agent({ name: 'helper' });
  const agent = new Agent({
    name: 'full', instructions: () => 'dynamic', handoffDescription: 'does everything', tools: [noop], handoffs: [helper],
    model, modelSettings: { temperature: 0 }, inputGuardrails: [], outputGuardrails: [], outputType: undefined,
    hooks: {}, toolUseBehavior: 'run_llm_again', resetToolChoice: false,
  });
  const copy = agent.clone({ name: 'copy' });
  const result = await Runner.run(copy, 'hi');
  assert.equal(result.finalOutput, 'fine');
  assert.equal(copy.resetToolChoice, false);
});

test('a bare function or the wrong kind of guardrail in an agent or RunConfig is a UserError', async () => {
  const check = () => ({ tripwireTriggered: false });
  assert.throws(make({ inputGuardrails: [check] }), (e: unknown) => e instanceof UserError && /inputGuardrails/.test(e.message) && /inputGuardrail\(fn\)/.test(e.message));
  assert.throws(make({ outputGuardrails: [inputGuardrail(check)] }), (e: unknown) => e instanceof UserError && /outputGuardrails/.test(e.message));
  assert.doesNotThrow(make({ inputGuardrails: [inputGuardrail(check)], outputGuardrails: [outputGuardrail(check)] }));
  const model = new ScriptedModel([{ output: [textMessage('never')] }]);
  const agent = new Agent({ name: 'a', model });
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { inputGuardrails: [check as never] } }), (e: unknown) => e instanceof UserError && /RunConfig\.inputGuardrails/.test(e.message));
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { outputGuardrails: [inputGuardrail(check) as never] } }), (e: unknown) => e instanceof UserError && /RunConfig\.outputGuardrails/.test(e.message));
  assert.equal(model.calls.length, 0);
});
