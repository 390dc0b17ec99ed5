// The same behaviours through ScriptedModel in both run modes (blocking and streamed): one
// pipeline, so results must match whichever mode ran them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { MaxTurnsExceeded, ModelRefusalError, RunErrorHandlerResult, tool } from '../../src/index.js';
import { functionCall, reasoning, refusal, textMessage } from '../../src/testing/index.js';
import { MODES, deltaText, eventNames, outputFor, runIn, scriptedAgent } from './helpers.js';

const add = tool({ name: 'add', description: 'add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b });
const Answer = z.object({ answer: z.number() });

for (const mode of MODES) {
  test(`${mode}: tool turn then text; items, raw responses, usage and last response id`, async () => {
    const { agent, model } = scriptedAgent([
      { output: [reasoning('plan'), functionCall('add', { a: 1, b: 2 }, 'c1')], usage: { inputTokens: 5, outputTokens: 3 }, responseId: 'resp_a' },
      { output: [textMessage('1 + 2 = 3')], usage: { inputTokens: 9, outputTokens: 4 }, responseId: 'resp_b' },
    ], { tools: [add] });
    const { result, events, error } = await runIn(mode, agent, 'add');
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, '1 + 2 = 3');
    assert.deepEqual(result!.newItems.map((i) => i.type), ['reasoning_item', 'tool_call_item', 'tool_call_output_item', 'message_output_item']);
    assert.deepEqual(result!.rawResponses.map((r) => r.responseId), ['resp_a', 'resp_b']);
    assert.equal(result!.lastResponseId, 'resp_b');
    assert.deepEqual(result!.contextWrapper.usage, { requests: 2, inputTokens: 14, outputTokens: 7, totalTokens: 21 });
    assert.equal(outputFor(model.calls[1]!.input, 'c1'), '3');
    assert.deepEqual(model.calls.map((c) => c.stream), [mode === 'streamed', mode === 'streamed']);
    if (mode === 'streamed') {
      assert.deepEqual(eventNames(events), ['agent:assistant', 'reasoning_item_created', 'tool_called', 'tool_output', 'message_output_created']);
      assert.equal(deltaText(events), '1 + 2 = 3');
    }
  });

  test(`${mode}: cached and reasoning token details are summed over calls`, async () => {
    const { agent } = scriptedAgent([
      { output: [functionCall('add', { a: 0, b: 1 }, 'c1')], usage: { inputTokens: 10, outputTokens: 6, inputTokensDetails: { cachedTokens: 4 }, outputTokensDetails: { reasoningTokens: 2 } } },
      { output: [textMessage('1')], usage: { inputTokens: 20, outputTokens: 3, inputTokensDetails: { cachedTokens: 8 } } },
    ], { tools: [add] });
    const { result } = await runIn(mode, agent, 'add');
    assert.deepEqual(result!.contextWrapper.usage, {
      requests: 2, inputTokens: 30, outputTokens: 9, totalTokens: 39,
      inputTokensDetails: { cachedTokens: 12 }, outputTokensDetails: { reasoningTokens: 2 },
    });
  });

  test(`${mode}: toolChoice is reset after the agent used a tool`, async () => {
    const { agent, model } = scriptedAgent([{ output: [functionCall('add', { a: 1, b: 1 }, 'c1')] }, { output: [textMessage('2')] }], {
      tools: [add], modelSettings: { toolChoice: 'required' },
    });
    await runIn(mode, agent, 'add');
    assert.deepEqual(model.calls.map((c) => c.modelSettings.toolChoice), ['required', undefined]);
  });

  test(`${mode}: stop_on_first_tool ends with the tool output`, async () => {
    const { agent, model } = scriptedAgent([{ output: [functionCall('add', { a: 2, b: 2 }, 'c1')] }], { tools: [add], toolUseBehavior: 'stop_on_first_tool' });
    const { result, events } = await runIn(mode, agent, 'add');
    assert.equal(result!.finalOutput, 4);
    assert.equal(model.calls.length, 1);
    if (mode === 'streamed') assert.deepEqual(eventNames(events), ['agent:assistant', 'tool_called', 'tool_output']);
  });

  test(`${mode}: structured output, and invalidFinalOutput recovery adding an assistant message`, async () => {
    const ok = scriptedAgent([{ output: [textMessage('{"answer":42}')] }], { outputType: Answer });
    const good = await runIn(mode, ok.agent, 'q');
    assert.deepEqual(good.result!.finalOutput, { answer: 42 });
    assert.ok(ok.model.calls[0]!.outputType);

    const bad = scriptedAgent([{ output: [textMessage('forty-two')] }], { outputType: Answer });
    const recovered = await runIn(mode, bad.agent, 'q', {
      errorHandlers: { invalidFinalOutput: () => new RunErrorHandlerResult({ finalOutput: { answer: -1 } }) },
    });
    assert.deepEqual(recovered.result!.finalOutput, { answer: -1 });
    assert.deepEqual(recovered.result!.newItems.map((i) => i.type), ['message_output_item', 'message_output_item']);
    if (mode === 'streamed') assert.deepEqual(eventNames(recovered.events), ['agent:assistant', 'message_output_created', 'message_output_created']);
  });

  test(`${mode}: a refusal is a ModelRefusalError`, async () => {
    const { agent } = scriptedAgent([{ output: [refusal('no way')] }], { outputType: Answer });
    const { error } = await runIn(mode, agent, 'q');
    assert.ok(error instanceof ModelRefusalError);
    assert.equal(error.refusal, 'no way');
  });

  test(`${mode}: maxTurns raises before the next model call; errorHandlers.maxTurns recovers`, async () => {
    const loop = () => ({ output: [functionCall('add', { a: 0, b: 0 }, `c${Math.random()}`)] });
    const a = scriptedAgent([loop, loop, loop], { tools: [add] });
    const failed = await runIn(mode, a.agent, 'loop', { maxTurns: 2 });
    assert.ok(failed.error instanceof MaxTurnsExceeded);
    assert.equal(a.model.calls.length, 2);
    const b = scriptedAgent([loop, loop], { tools: [add] });
    const handled = await runIn(mode, b.agent, 'loop', { maxTurns: 1, errorHandlers: { maxTurns: () => 'gave up' } });
    assert.equal(handled.result!.finalOutput, 'gave up');
  });

  test(`${mode}: callModelInputFilter edits only what the model receives`, async () => {
    const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }], { instructions: 'base' });
    const { result } = await runIn(mode, agent, 'secret input', {
      runConfig: { callModelInputFilter: ({ modelData }) => ({ input: [{ role: 'user', content: 'redacted' }], instructions: `${modelData.instructions}!` }) },
    });
    assert.deepEqual(model.calls[0]!.input, [{ role: 'user', content: 'redacted' }]);
    assert.equal(model.calls[0]!.instructions, 'base!');
    assert.deepEqual(result!.toInputList()[0], { role: 'user', content: 'secret input' });
  });

  test(`${mode}: a timed-out tool sends an error text naming it and the run continues`, async () => {
    const slow = tool({ name: 'slow', description: 's', parameters: z.object({}), timeoutMs: 10, execute: () => new Promise((r) => setTimeout(() => r('late'), 100)) });
    const { agent, model } = scriptedAgent([{ output: [functionCall('slow', {}, 'c1')] }, { output: [textMessage('moved on')] }], { tools: [slow] });
    const { result } = await runIn(mode, agent, 'go');
    assert.equal(result!.finalOutput, 'moved on');
    assert.match(outputFor(model.calls[1]!.input, 'c1')!, /slow.*timed out/);
  });

  test(`${mode}: approvals interrupt, then the approved run resumes in the same mode`, async () => {
    const guarded = tool({ name: 'guarded', description: 'g', parameters: z.object({}), needsApproval: true, execute: () => 'did it' });
    const { agent, model } = scriptedAgent([{ output: [functionCall('guarded', {}, 'c1')] }, { output: [textMessage('finished')] }], { tools: [guarded] });
    const first = await runIn(mode, agent, 'do it');
    assert.equal(first.result!.interruptions.length, 1);
    const state = first.result!.toState();
    state.approve(first.result!.interruptions[0]!);
    const second = await runIn(mode, agent, state);
    assert.equal(second.result!.finalOutput, 'finished');
    assert.equal(outputFor(model.calls[1]!.input, 'c1'), 'did it');
    if (mode === 'streamed') assert.deepEqual(eventNames(second.events), ['agent:assistant', 'tool_output', 'message_output_created']);
  });
}
