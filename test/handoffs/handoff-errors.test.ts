import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, AgentsException, ModelBehaviorError, UserError, handoff, tool } from '../../src/index.js';
import type { HandoffInputData, RunHooksLike } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { eventLabels, runFails, runScenarios, type Mode } from './run-modes.js';

/**
 * Every failure while handing off must leave the run on the handing-off agent: the error's
 * runData.lastAgent is the source, no handoff output was recorded, the target never started.
 */
interface Setup {
  source: Agent;
  target: Agent;
  targetModel: ScriptedModel;
  targetStarted: string[];
}

function setup(options: { call: ReturnType<typeof functionCall>; wrap?: (target: Agent) => Agent | ReturnType<typeof handoff>; extraTools?: boolean }): Setup {
  const targetStarted: string[] = [];
  const targetModel = new ScriptedModel([{ output: [textMessage('target answered')] }]);
  const target = new Agent({ name: 'Target', model: targetModel, hooks: { onStart: (_ctx, agent) => void targetStarted.push(agent.name) } });
  const ran: string[] = [];
  const tools = options.extraTools
    ? [tool({ name: 'note', description: 'n', parameters: z.object({}), execute: () => (ran.push('note'), 'noted') })]
    : [];
  const source = new Agent({
    name: 'Source',
    model: new ScriptedModel([{ output: options.extraTools ? [functionCall('note', {}, 'call_n'), options.call] : [options.call] }]),
    tools,
    handoffs: [options.wrap ? options.wrap(target) : target],
  });
  return { source, target, targetModel, targetStarted };
}

async function expectNoSwitch(mode: Mode, s: Setup, options: Parameters<typeof runFails>[3], check: (error: AgentsException) => void): Promise<void> {
  const hooks: RunHooksLike = { onHandoff: () => assert.fail('run-level onHandoff must not fire') };
  const { error, events } = await runFails(mode, s.source, 'hello', { hooks, ...options });
  assert.ok(error instanceof AgentsException, `expected an AgentsException, got ${String(error)}`);
  check(error);
  const data = error.runData!;
  assert.ok(data, 'runData is attached');
  assert.equal(data.lastAgent, s.source);
  assert.equal(data.newItems.some((i) => i.type === 'handoff_output_item'), false);
  assert.equal(s.targetModel.calls.length, 0);
  assert.deepEqual(s.targetStarted, []);
  if (mode === 'streamed') {
    assert.equal(eventLabels(events).includes('agent:Target'), false);
    assert.equal(eventLabels(events).includes('handoff_occurred'), false);
  }
}

runScenarios([
  {
    name: 'the model calls an unknown transfer_to_x: ModelBehaviorError naming it',
    async run(mode) {
      const s = setup({ call: functionCall('transfer_to_nobody', {}) });
      await expectNoSwitch(mode, s, {}, (error) => {
        assert.ok(error instanceof ModelBehaviorError);
        assert.match(error.message, /transfer_to_nobody/);
        assert.match(error.message, /Source/);
      });
    },
  },
  {
    name: 'invalid JSON arguments for a handoff with inputType: ModelBehaviorError, onHandoff not called',
    async run(mode) {
      let called = false;
      const s = setup({
        call: functionCall('transfer_to_target', '{"reason": ', 'call_bad'),
        wrap: (t) => handoff(t, { inputType: z.object({ reason: z.string() }), onHandoff: () => void (called = true) }),
      });
      await expectNoSwitch(mode, s, {}, (error) => {
        assert.ok(error instanceof ModelBehaviorError);
        assert.match(error.message, /Invalid JSON for handoff 'transfer_to_target'/);
        assert.equal(error.runData!.newItems.at(-1)!.type, 'handoff_call_item');
      });
      assert.equal(called, false);
    },
  },
  {
    name: 'handoff arguments not matching inputType: ModelBehaviorError naming the field',
    async run(mode) {
      const s = setup({
        call: functionCall('transfer_to_target', { reason: 5 }),
        wrap: (t) => handoff(t, { inputType: z.object({ reason: z.string() }), onHandoff: () => {} }),
      });
      await expectNoSwitch(mode, s, {}, (error) => {
        assert.ok(error instanceof ModelBehaviorError);
        assert.match(error.message, /Invalid arguments for handoff 'transfer_to_target'.*reason/s);
      });
    },
  },
  {
    name: 'an input filter returning the wrong shape: UserError; tools of the same turn did run',
    async run(mode) {
      const s = setup({
        call: functionCall('transfer_to_target', {}),
        extraTools: true,
        wrap: (t) => handoff(t, { inputFilter: (data) => ({ inputHistory: data.inputHistory, newItems: data.newItems }) as unknown as HandoffInputData }),
      });
      await expectNoSwitch(mode, s, {}, (error) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /Handoff input filter must return/);
        assert.deepEqual(error.runData!.newItems.map((i) => i.type), ['tool_call_item', 'handoff_call_item', 'tool_call_output_item']);
      });
    },
  },
  {
    name: 'a run-level filter returning plain items instead of RunItems: UserError',
    async run(mode) {
      const s = setup({ call: functionCall('transfer_to_target', {}) });
      const handoffInputFilter = (data: HandoffInputData) => data.clone({ newItems: [{ type: 'message', role: 'assistant', content: [] }] as never });
      await expectNoSwitch(mode, s, { runConfig: { handoffInputFilter } }, (error) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /RunItem/);
      });
    },
  },
  {
    name: 'a filter that throws fails the run with its own error',
    async run(mode) {
      const boom = new UserError('filter exploded');
      const s = setup({ call: functionCall('transfer_to_target', {}), wrap: (t) => handoff(t, { inputFilter: () => { throw boom; } }) });
      await expectNoSwitch(mode, s, {}, (error) => assert.equal(error, boom));
    },
  },
  {
    name: 'onHandoff throwing fails the run with its error',
    async run(mode) {
      const boom = new UserError('no transfers today');
      const s = setup({ call: functionCall('transfer_to_target', {}), wrap: (t) => handoff(t, { onHandoff: async () => { throw boom; } }) });
      await expectNoSwitch(mode, s, {}, (error) => assert.equal(error, boom));
    },
  },
  {
    name: 'a handoffHistoryMapper returning a non-array: UserError',
    async run(mode) {
      const s = setup({ call: functionCall('transfer_to_target', {}) });
      await expectNoSwitch(mode, s, { runConfig: { nestHandoffHistory: true, handoffHistoryMapper: () => 'summary' as never } }, (error) => {
        assert.ok(error instanceof UserError);
        assert.match(error.message, /handoffHistoryMapper must return an array/);
      });
    },
  },
]);
