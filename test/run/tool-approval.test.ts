// Human in the loop: needsApproval interrupts the run, approve()/reject() decide, Runner.run(agent,
// state) resumes, and RunState toString()/fromString() round-trips an interrupted run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, RunState, UserError, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { outputFor, scriptedAgent } from './helpers.js';

function approvalSetup() {
  const ran: string[] = [];
  const refund = tool({
    name: 'refund', description: 'Refund an order', parameters: z.object({ amount: z.number() }),
    needsApproval: (_ctx, args) => args.amount > 100,
    execute: ({ amount }) => { ran.push(`refund ${amount}`); return `refunded ${amount}`; },
  });
  const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => { ran.push('lookup'); return 'order 1'; } });
  const model = new ScriptedModel([
    { output: [functionCall('lookup', {}, 'c_look'), functionCall('refund', { amount: 500 }, 'c_big')] },
    { output: [textMessage('all done')] },
  ]);
  const agent = new Agent({ name: 'support', model, tools: [lookup, refund] });
  return { ran, model, agent };
}

test('needsApproval stops the run with interruptions; nothing of that turn runs yet', async () => {
  const { ran, model, agent } = approvalSetup();
  const result = await Runner.run(agent, 'refund me');
  assert.equal(result.finalOutput, undefined);
  assert.equal(result.interruptions.length, 1);
  const item = result.interruptions[0]!;
  assert.equal(item.type, 'tool_approval_item');
  assert.equal(item.toolName, 'refund');
  assert.equal(item.arguments, '{"amount":500}');
  assert.equal(item.callId, 'c_big');
  assert.deepEqual(ran, []);
  assert.equal(model.calls.length, 1);
});

test('approve() then Runner.run(agent, state) runs the calls and finishes the run', async () => {
  const { ran, model, agent } = approvalSetup();
  const first = await Runner.run(agent, 'refund me');
  const state = first.toState();
  state.approve(first.interruptions[0]!);
  const resumed = await Runner.run(agent, state);
  assert.equal(resumed.finalOutput, 'all done');
  assert.deepEqual(ran.sort(), ['lookup', 'refund 500']);
  assert.equal(resumed.interruptions.length, 0);
  assert.equal(model.calls.length, 2);
  assert.equal(outputFor(model.calls[1]!.input, 'c_big'), 'refunded 500');
  assert.equal(outputFor(model.calls[1]!.input, 'c_look'), 'order 1');
  // The approval item is in newItems but never sent to the model.
  assert.ok(model.calls[1]!.input.every((i) => (i as { type?: string }).type !== 'tool_approval_item'));
  assert.equal(resumed.contextWrapper.usage.requests, 2);
});

test('reject() tells the model the call was not approved; the tool never runs', async () => {
  const { ran, model, agent } = approvalSetup();
  const first = await Runner.run(agent, 'refund me');
  const state = first.toState();
  state.reject(first.interruptions[0]!);
  const resumed = await Runner.run(agent, state);
  assert.equal(resumed.finalOutput, 'all done');
  assert.deepEqual(ran, ['lookup']);
  assert.equal(outputFor(model.calls[1]!.input, 'c_big'), 'Tool execution was not approved.');
});

test('needsApproval: true always asks; approve() takes only approval items', async () => {
  const always = tool({ name: 'always', description: 'a', parameters: z.object({}), needsApproval: true, execute: () => 'ran' });
  const { agent } = scriptedAgent([{ output: [functionCall('always', {}, 'c1')] }, { output: [textMessage('ok')] }], { tools: [always] });
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.interruptions.length, 1);
  assert.throws(() => result.toState().approve(result.newItems[0] as never), UserError);
});

test('RunState toString / fromString round-trips an interrupted run, which then resumes', async () => {
  const { ran, model, agent } = approvalSetup();
  const first = await Runner.run(agent, 'refund me', { context: { user: 'ada' } });
  const text = first.toState().toString();
  assert.equal(typeof text, 'string');
  JSON.parse(text);

  const restored = await RunState.fromString(agent, text);
  assert.equal(restored.currentAgent, agent);
  assert.deepEqual(restored.context.context, { user: 'ada' });
  assert.equal(restored.context.usage.requests, 1);
  assert.equal(restored.interruptions.length, 1);
  assert.equal(restored.interruptions[0]!.callId, 'c_big');
  assert.deepEqual(restored.generatedItems.map((i) => i.type), first.newItems.map((i) => i.type));
  assert.equal(restored.toString(), text, 'a second round trip is identical');

  restored.approve(restored.interruptions[0]!);
  const resumed = await Runner.run(agent, restored);
  assert.equal(resumed.finalOutput, 'all done');
  assert.deepEqual(ran.sort(), ['lookup', 'refund 500']);
  assert.deepEqual(resumed.contextWrapper.context, { user: 'ada' });
  assert.equal(resumed.contextWrapper.usage.requests, 2);
  assert.equal(model.calls[1]!.input.length, 5);
});

test('RunState.fromString rejects bad JSON and unknown agents with a UserError', async () => {
  const { agent } = approvalSetup();
  await assert.rejects(RunState.fromString(agent, '{not json'), UserError);
  const first = await Runner.run(agent, 'refund me');
  const other = new Agent({ name: 'someone_else' });
  await assert.rejects(RunState.fromString(other, first.toState().toString()), UserError);
});

test('resuming: an explicit maxTurns and context given to the resumed run apply to it', async () => {
  const seenContexts: unknown[] = [];
  const guarded = tool({
    name: 'guarded', description: 'g', parameters: z.object({}), needsApproval: true,
    execute: (_args, ctx) => { seenContexts.push(ctx.context); return 'ran'; },
  });
  const model = new ScriptedModel([{ output: [functionCall('guarded', {}, 'c1')] }, { output: [textMessage('done')] }]);
  const agent = new Agent({ name: 'resumable', model, tools: [guarded] });
  const first = await Runner.run(agent, 'go', { maxTurns: 1, context: { db: 'serialised copy' } });
  const restored = await RunState.fromString(agent, first.toState().toString());
  restored.approve(restored.interruptions[0]!);
  const live = { db: 'live handle' };
  // maxTurns 1 was used up by the first call: without the new limit the resumed run could not call the model.
  const resumed = await Runner.run(agent, restored, { maxTurns: 2, context: live });
  assert.equal(resumed.finalOutput, 'done');
  assert.deepEqual(seenContexts, [live]);
  assert.equal(resumed.contextWrapper.context, live);
  assert.equal(resumed.contextWrapper.usage.requests, 2, 'usage carries over');
});

test('resuming without maxTurns keeps the state\'s limit', async () => {
  const guarded = tool({ name: 'guarded', description: 'g', parameters: z.object({}), needsApproval: true, execute: () => 'ran' });
  const model = new ScriptedModel([{ output: [functionCall('guarded', {}, 'c1')] }, { output: [textMessage('done')] }]);
  const agent = new Agent({ name: 'limited', model, tools: [guarded] });
  const first = await Runner.run(agent, 'go', { maxTurns: 1 });
  const state = first.toState();
  state.approve(first.interruptions[0]!);
  await assert.rejects(Runner.run(agent, state), /Max turns \(1\) exceeded/);
  assert.equal(model.calls.length, 1);
});

test('a RunState whose run already finished cannot be run again (UserError, no model call)', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('finished')] }, { output: [textMessage('never')] }]);
  const result = await Runner.run(agent, 'hi');
  await assert.rejects(Runner.run(agent, result.toState()), (e: unknown) => e instanceof UserError && /finished|final output/.test(e.message));
  assert.equal(model.calls.length, 1);
  assert.equal(result.finalOutput, 'finished', 'the result is untouched');
});
