// The run's `signal` option in streamed runs: aborting during the model stream or a tool, an
// already-aborted signal, and models that ignore their signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, Runner, type Model, type ResponseStreamEvent } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { gatedTool } from './gated.js';
import { drain, labels, recordingHooks, within } from './helpers.js';

test('aborting during the model stream fails the stream with the abort reason', async () => {
  const controller = new AbortController();
  const model = new ScriptedModel([{ output: [textMessage('one two three four five six')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi', { signal: controller.signal });
  const reason = new Error('user pressed stop');
  const seen: string[] = [];
  let caught: unknown;
  try {
    for await (const event of result.streamEvents()) {
      seen.push(labels([event])[0]!);
      if (seen.length === 3) controller.abort(reason);
    }
  } catch (error) {
    caught = error;
  }
  assert.equal(caught, reason);
  assert.ok(!seen.includes('message_output_created'));
  await assert.rejects(result.completed, (e) => e === reason);
});

test('aborting during a tool aborts ctx.signal and fails the run with the reason', async () => {
  const controller = new AbortController();
  const gated = gatedTool();
  const model = new ScriptedModel([{ output: [functionCall('work', {}, 'c1')] }, { output: [textMessage('never')] }]);
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [gated.tool] }), 'hi', { signal: controller.signal });
  const reading = drain(result);
  await within(gated.started, 1_000, 'the tool to start');
  const reason = new Error('shutdown');
  controller.abort(reason);
  const { events, error } = await within(reading, 1_000, 'the stream to end');
  assert.equal(error, reason);
  assert.deepEqual(labels(events, { raw: false }), ['agent:a', 'tool_called']);
  assert.equal(gated.record.aborted, 1);
  assert.equal(gated.record.signals[0]!.reason, reason);
  assert.equal(model.calls.length, 1);
});

test('an already-aborted signal is reported through the stream, not thrown by runStreamed', async () => {
  const model = new ScriptedModel([{ output: [textMessage('never')] }]);
  const reason = new Error('too late');
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'hi', { signal: AbortSignal.abort(reason) });
  const { events, error } = await drain(result);
  assert.equal(error, reason);
  assert.deepEqual(events, []);
  assert.equal(model.calls.length, 0);
});

/** A model that ignores its abort signal: it streams (or answers) to the end regardless. */
function deafModel(): Model & { served: number } {
  const model = {
    served: 0,
    async getResponse() {
      await new Promise((r) => setTimeout(r, 30));
      model.served++;
      return { output: [textMessage('answered anyway')], usage: { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
    },
    async *streamResponse(): AsyncIterable<ResponseStreamEvent> {
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 2));
        model.served++;
        yield { type: 'response.output_text.delta', delta: 'x' };
      }
      yield { type: 'response.completed', response: { id: 'resp_deaf', output: [textMessage('x'.repeat(20))] } };
    },
  };
  return model;
}

test('a model that ignores its signal: an aborted run stops reading it and never finishes with its answer', async () => {
  const log: string[] = [];
  const streamedModel = deafModel();
  const controller = new AbortController();
  const streamed = Runner.runStreamed(new Agent({ name: 'deaf', model: streamedModel }), 'hi', { signal: controller.signal, hooks: recordingHooks(log) });
  const names: string[] = [];
  let caught: unknown;
  try {
    for await (const event of streamed.streamEvents()) {
      names.push(labels([event])[0]!);
      if (names.length === 3) controller.abort(new Error('stop streaming'));
    }
  } catch (error) {
    caught = error;
  }
  assert.equal((caught as Error).message, 'stop streaming');
  assert.ok(streamedModel.served < 20, `read ${streamedModel.served} of 20 events after the abort`);
  assert.ok(!names.includes('message_output_created'));
  assert.equal(streamed.finalOutput, undefined);

  const blockingController = new AbortController();
  const blocking = Runner.run(new Agent({ name: 'deaf', model: deafModel() }), 'hi', { signal: blockingController.signal, hooks: recordingHooks(log) });
  setTimeout(() => blockingController.abort(new Error('stop waiting')), 5);
  await assert.rejects(blocking, /stop waiting/);
  assert.ok(!log.some((l) => l.startsWith('agentEnd') || l.startsWith('llmEnd')), 'no llm end, no agent end after the abort');
});
