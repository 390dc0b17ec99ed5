// More of the loop over HTTP with both OpenAI models, blocking and streamed: several tool calls
// in one response, tool failures on the wire, approvals with a serialised resume, maxTurns,
// reasoning items carried back, and aborting a slow request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MaxTurnsExceeded, Runner, RunState, UserError, tool, type ToolCallOutputItem } from '../../src/index.js';
import { functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { APIS, MODES, deferred, eventNames, providerFor, runIn, scriptedServer, sentToolOutputs, within } from './helpers.js';

for (const { label, useResponses } of APIS) {
  for (const mode of MODES) {
    const name = `${label}, ${mode}`;

    test(`${name}: several tool calls in one response run concurrently; outputs go back in call order`, async () => {
      const server = await scriptedServer([
        { output: [functionCall('slow_lookup', { key: 'a' }, 'call_1'), functionCall('fast_lookup', { key: 'b' }, 'call_2')] },
        { output: [textMessage('both found')] },
      ]);
      const fastStarted = deferred();
      const order: string[] = [];
      const slow = tool({
        name: 'slow_lookup', description: 's', parameters: z.object({ key: z.string() }),
        execute: async ({ key }) => { await within(fastStarted.promise, 2000, 'fast_lookup to start'); order.push('slow'); return `slow ${key}`; },
      });
      const fast = tool({
        name: 'fast_lookup', description: 'f', parameters: z.object({ key: z.string() }),
        execute: ({ key }) => { fastStarted.resolve(); order.push('fast'); return `fast ${key}`; },
      });
      const agent = new Agent({ name: 'multi', model: 'gpt-test', tools: [slow, fast] });
      const { result, events, error } = await runIn(mode, agent, 'find both', { runConfig: { modelProvider: providerFor(server, useResponses) } });
      assert.equal(error, undefined);
      assert.equal(result!.finalOutput, 'both found');
      assert.deepEqual(order, ['fast', 'slow']);
      assert.deepEqual(sentToolOutputs(server, 1), [{ call_id: 'call_1', output: 'slow a' }, { call_id: 'call_2', output: 'fast b' }]);
      if (mode === 'streamed') {
        assert.deepEqual(eventNames(events), ['agent:multi', 'tool_called', 'tool_called', 'tool_output', 'tool_output', 'message_output_created']);
      }
    });

    test(`${name}: a throwing tool sends the default failure text over the wire and the run continues`, async () => {
      const server = await scriptedServer([{ output: [functionCall('broken', {}, 'call_b')] }, { output: [textMessage('I could not check.')] }]);
      const broken = tool({ name: 'broken', description: 'b', parameters: z.object({}), execute: () => { throw new Error('service unavailable'); } });
      const agent = new Agent({ name: 'resilient', model: 'gpt-test', tools: [broken] });
      const { result, error } = await runIn(mode, agent, 'check', { runConfig: { modelProvider: providerFor(server, useResponses) } });
      assert.equal(error, undefined);
      assert.equal(result!.finalOutput, 'I could not check.');
      assert.deepEqual(sentToolOutputs(server, 1), [
        { call_id: 'call_b', output: 'An error occurred while running the tool. Please try again. Error: service unavailable' },
      ]);
    });

    test(`${name}: an approval interrupts the run; the serialised state resumes it after approve()`, async () => {
      const server = await scriptedServer([
        { output: [functionCall('delete_file', { path: '/tmp/x' }, 'call_del')] },
        { output: [textMessage('Deleted.')] },
      ]);
      const deleted: string[] = [];
      const del = tool({
        name: 'delete_file', description: 'd', parameters: z.object({ path: z.string() }), needsApproval: true,
        execute: ({ path }) => { deleted.push(path); return 'ok'; },
      });
      const agent = new Agent({ name: 'files', model: 'gpt-test', tools: [del] });
      const options = { runConfig: { modelProvider: providerFor(server, useResponses) } };
      const first = await runIn(mode, agent, 'delete /tmp/x', options);
      assert.equal(first.error, undefined);
      assert.equal(first.result!.interruptions.length, 1);
      if (mode === 'streamed') assert.deepEqual(eventNames(first.events), ['agent:files', 'tool_called', 'tool_approval_requested']);
      assert.deepEqual(deleted, []);
      assert.equal(server.requests.length, 1);

      const state = await RunState.fromString(agent, first.result!.toState().toString());
      state.approve(state.interruptions[0]!);
      const second = await runIn(mode, agent, state, options);
      assert.equal(second.error, undefined);
      assert.equal(second.result!.finalOutput, 'Deleted.');
      assert.deepEqual(deleted, ['/tmp/x']);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(sentToolOutputs(server, 1), [{ call_id: 'call_del', output: 'ok' }]);
      const out = second.result!.newItems.find((i): i is ToolCallOutputItem => i.type === 'tool_call_output_item');
      assert.equal(out?.output, 'ok');
    });

    test(`${name}: maxTurns stops the run before a request beyond the limit is sent`, async () => {
      const loop = () => ({ output: [functionCall('again', {}, `call_${Math.random().toString(36).slice(2)}`)] });
      const server = await scriptedServer([loop, loop, loop]);
      const again = tool({ name: 'again', description: 'a', parameters: z.object({}), execute: () => 'more' });
      const agent = new Agent({ name: 'looper', model: 'gpt-test', tools: [again] });
      const { error } = await runIn(mode, agent, 'go', { maxTurns: 2, runConfig: { modelProvider: providerFor(server, useResponses) } });
      assert.ok(error instanceof MaxTurnsExceeded, String(error));
      assert.equal(error.message, 'Max turns (2) exceeded');
      assert.equal(server.requests.length, 2);
      assert.equal(error.runData?.rawResponses.length, 2);
    });
  }
}

for (const mode of MODES) {
  test(`Responses, ${mode}: reasoning items are kept in newItems and sent back verbatim on the next turn`, async () => {
    const server = await scriptedServer([
      { output: [reasoning('I should look it up.'), functionCall('lookup', {}, 'call_r')] },
      { output: [textMessage('Found it.')] },
    ]);
    const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => 'data' });
    const agent = new Agent({ name: 'thinker', model: 'gpt-test', tools: [lookup] });
    const { result, error } = await runIn(mode, agent, 'q', { runConfig: { modelProvider: providerFor(server, true) } });
    assert.equal(error, undefined);
    assert.deepEqual(result!.newItems.map((i) => i.type), ['reasoning_item', 'tool_call_item', 'tool_call_output_item', 'message_output_item']);
    const input = server.requests[1]!.body.input as Array<{ type?: string; id?: string; summary?: unknown }>;
    assert.deepEqual(input.map((i) => i.type ?? 'message'), ['message', 'reasoning', 'function_call', 'function_call_output']);
    const reasoningItem = result!.newItems[0]!.rawItem as { id?: string; summary: unknown };
    assert.equal(input[1]!.id, reasoningItem.id);
    assert.deepEqual(input[1]!.summary, [{ type: 'summary_text', text: 'I should look it up.' }]);
  });
}

for (const { label, useResponses } of APIS) {
  test(`${label}: an AbortSignal aborts a slow HTTP model call with the signal's reason`, async () => {
    const server = await scriptedServer([{ output: [textMessage('too late')] }], { latencyMs: 400 });
    const agent = new Agent({ name: 'slow_remote', model: 'gpt-test' });
    const controller = new AbortController();
    const reason = new Error('stop waiting');
    const run = Runner.run(agent, 'hi', { signal: controller.signal, runConfig: { modelProvider: providerFor(server, useResponses) } });
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    await assert.rejects(within(run, 2000, 'the aborted run'), (e: unknown) => e === reason);
    assert.ok(Date.now() - started < 300, 'the run did not wait for the reply');
  });
}

test('Chat Completions + autoPreviousResponseId: a second turn is a UserError instead of a request missing its history', async () => {
  // Chat Completions returns no response id, so the server holds nothing to continue from.
  const server = await scriptedServer();
  const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => 'data' });
  const agent = new Agent({ name: 'chatty', model: 'gpt-test', tools: [lookup] });
  for (const mode of MODES) {
    const before = server.requests.length;
    server.push({ output: [functionCall('lookup', {}, 'call_1')] });
    const { error } = await runIn(mode, agent, 'hi', { autoPreviousResponseId: true, runConfig: { modelProvider: providerFor(server, false) } });
    assert.ok(error instanceof UserError, `${mode}: ${String(error)}`);
    assert.match(error.message, /response id|Responses API/);
    assert.equal(server.requests.length, before + 1, `${mode}: only the first request was sent`);
  }
});

test('Responses + autoPreviousResponseId: the second turn sends only the new items with previous_response_id', async () => {
  const server = await scriptedServer([
    { output: [functionCall('lookup', {}, 'call_1')], responseId: 'resp_first' },
    { output: [textMessage('done')], responseId: 'resp_second' },
  ]);
  const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => 'data' });
  const agent = new Agent({ name: 'chained', model: 'gpt-test', tools: [lookup] });
  const result = await Runner.run(agent, 'hi', { autoPreviousResponseId: true, runConfig: { modelProvider: providerFor(server, true) } });
  assert.equal(result.finalOutput, 'done');
  const second = server.requests[1]!.body;
  assert.equal(second.previous_response_id, 'resp_first');
  assert.deepEqual(second.input, [{ type: 'function_call_output', call_id: 'call_1', output: 'data' }]);
});
