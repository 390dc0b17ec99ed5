/**
 * The runner's side of sessions (MemorySession and SQLiteSession, blocking and streamed) and of
 * server-managed conversations (previousResponseId, autoPreviousResponseId, conversationId).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  Agent, InputGuardrailTripwireTriggered, MemorySession, OutputGuardrailTripwireTriggered, SQLiteSession, UserError,
  inputGuardrail, outputGuardrail, tool,
} from '../../src/index.js';
import type { AgentInputItem, ModelRequest, Session } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, runFails, runIn, type Mode } from '../handoffs/run-modes.js';

const dir = mkdtempSync(join(tmpdir(), 'agentrun-runner-sessions-'));
const opened: SQLiteSession[] = [];
after(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const BACKENDS: Array<{ name: string; make(): Session }> = [
  { name: 'MemorySession', make: () => new MemorySession() },
  {
    name: 'SQLiteSession',
    make: () => {
      const s = new SQLiteSession(`s${++counter}`, join(dir, 'sessions.db'));
      opened.push(s);
      return s;
    },
  },
];

const user = (content: string): AgentInputItem => ({ role: 'user', content });
const assistant = (text: string): AgentInputItem => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

/** A compact label per stored item, to compare what a session holds. */
function labels(items: readonly AgentInputItem[]): string[] {
  return items.map((i) => {
    if (i.type === 'function_call') return `call:${i.name}`;
    if (i.type === 'function_call_output') return `output:${i.output}`;
    if (i.type === 'reasoning') return 'reasoning';
    if (!('role' in i)) return i.type;
    const content = typeof i.content === 'string' ? i.content : i.content.map((c) => ('text' in c ? c.text : '')).join('');
    return `${i.role}:${content}`;
  });
}

const echo = tool({ name: 'echo', description: 'echo', parameters: z.object({ text: z.string() }), execute: ({ text }) => `echo ${text}` });

for (const backend of BACKENDS) {
  for (const mode of MODES) {
    describe(`[${mode}] ${backend.name} with the runner`, () => {
      test('history is loaded and merged before the new input; the new input is saved before the first model call', async () => {
        const session = backend.make();
        await session.addItems([user('My name is Ann.'), assistant('Hi Ann!')]);
        const storedAtCall: string[][] = [];
        const model = new ScriptedModel([
          async () => (storedAtCall.push(labels(await session.getItems())), { output: [textMessage('You are Ann.')] }),
        ]);
        const { result } = await runIn(mode, new Agent({ name: 'A', model }), 'What is my name?', { session });
        assert.deepEqual(labels(model.calls[0]!.input), ['user:My name is Ann.', 'assistant:Hi Ann!', 'user:What is my name?']);
        assert.deepEqual(storedAtCall, [['user:My name is Ann.', 'assistant:Hi Ann!', 'user:What is my name?']]);
        assert.deepEqual(labels(await session.getItems()), ['user:My name is Ann.', 'assistant:Hi Ann!', 'user:What is my name?', 'assistant:You are Ann.']);
        assert.deepEqual(labels(result.input as AgentInputItem[]), ['user:My name is Ann.', 'assistant:Hi Ann!', 'user:What is my name?']);
      });

      test("each turn's items are saved after that turn; a handoff turn too", async () => {
        const session = backend.make();
        const snapshots: string[][] = [];
        const snap = async () => snapshots.push(labels(await session.getItems()));
        const target = new Agent({ name: 'Target', model: new ScriptedModel([async () => (await snap(), { output: [textMessage('done')] })]) });
        const agent = new Agent({
          name: 'A',
          tools: [echo],
          handoffs: [target],
          model: new ScriptedModel([
            async () => (await snap(), { output: [functionCall('echo', { text: 'x' })] }),
            async () => (await snap(), { output: [functionCall('transfer_to_target')] }),
          ]),
        });
        await runIn(mode, agent, 'go', { session });
        assert.deepEqual(snapshots, [
          ['user:go'],
          ['user:go', 'call:echo', 'output:echo x'],
          ['user:go', 'call:echo', 'output:echo x', 'call:transfer_to_target', 'output:{"assistant":"Target"}'],
        ]);
        assert.deepEqual((await session.getItems()).length, 6);
      });

      test('the final turn is saved only after the output guardrails pass', async () => {
        const session = backend.make();
        const seenByGuardrail: string[][] = [];
        const guard = outputGuardrail(async () => (seenByGuardrail.push(labels(await session.getItems())), { tripwireTriggered: false }), { name: 'g' });
        const model = new ScriptedModel([{ output: [textMessage('final')] }]);
        await runIn(mode, new Agent({ name: 'A', model, outputGuardrails: [guard] }), 'q', { session });
        assert.deepEqual(seenByGuardrail, [['user:q']]);
        assert.deepEqual(labels(await session.getItems()), ['user:q', 'assistant:final']);
      });

      test('an output tripwire saves no final turn (earlier turns stay)', async () => {
        const session = backend.make();
        const model = new ScriptedModel([{ output: [functionCall('echo', { text: 'a' })] }, { output: [textMessage('leak')] }]);
        const guard = outputGuardrail(() => ({ tripwireTriggered: true }), { name: 'no_leaks' });
        const { error } = await runFails(mode, new Agent({ name: 'A', model, tools: [echo], outputGuardrails: [guard] }), 'q', { session });
        assert.ok(error instanceof OutputGuardrailTripwireTriggered);
        assert.deepEqual(labels(await session.getItems()), ['user:q', 'call:echo', 'output:echo a']);
      });

      test('an input tripwire saves only the input', async () => {
        for (const runInParallel of [false, true]) {
          const session = backend.make();
          const model = new ScriptedModel([{ output: [textMessage('answer')] }], { latencyMs: runInParallel ? 50 : 0 });
          const guard = inputGuardrail(() => ({ tripwireTriggered: true }), { name: 'no', runInParallel });
          const { error } = await runFails(mode, new Agent({ name: 'A', model, inputGuardrails: [guard] }), 'bad', { session });
          assert.ok(error instanceof InputGuardrailTripwireTriggered);
          assert.deepEqual(labels(await session.getItems()), ['user:bad'], `runInParallel: ${runInParallel}`);
        }
      });

      test('sessionInputCallback combines history and input; what it takes from the history is not stored twice', async () => {
        const session = backend.make();
        await session.addItems([user('one'), assistant('1'), user('two'), assistant('2')]);
        let args: { history: string[]; input: string[] } | undefined;
        const model = new ScriptedModel([{ output: [textMessage('3')] }]);
        const { result } = await runIn(mode, new Agent({ name: 'A', model }), [user('three')], {
          session,
          runConfig: {
            sessionInputCallback: async (history, newInput) => {
              args = { history: labels(history), input: labels(newInput) };
              return [...history.slice(-1), ...newInput];
            },
          },
        });
        assert.deepEqual(args, { history: ['user:one', 'assistant:1', 'user:two', 'assistant:2'], input: ['user:three'] });
        assert.deepEqual(labels(model.calls[0]!.input), ['assistant:2', 'user:three']);
        assert.deepEqual(labels(await session.getItems()), ['user:one', 'assistant:1', 'user:two', 'assistant:2', 'user:three', 'assistant:3']);
        assert.equal(result.finalOutput, '3');
      });

      test('a sessionInputCallback not returning an array is a UserError before any model call', async () => {
        const session = backend.make();
        const model = new ScriptedModel([{ output: [textMessage('x')] }]);
        const { error } = await runFails(mode, new Agent({ name: 'A', model }), 'hi', { session, runConfig: { sessionInputCallback: () => 'nope' as never } });
        assert.ok(error instanceof UserError);
        assert.match(error.message, /sessionInputCallback must return an array/);
        assert.equal(model.calls.length, 0);
      });

      test('a second run continues the conversation from the session', async () => {
        const session = backend.make();
        const model = new ScriptedModel([{ output: [textMessage('first answer')] }, { output: [textMessage('second answer')] }]);
        const agent = new Agent({ name: 'A', model });
        await runIn(mode, agent, 'first', { session });
        await runIn(mode, agent, 'second', { session });
        assert.deepEqual(labels(model.calls[1]!.input), ['user:first', 'assistant:first answer', 'user:second']);
      });

      test('a session combined with previousResponseId, autoPreviousResponseId or conversationId is a UserError', async () => {
        for (const server of [{ previousResponseId: 'resp_1' }, { autoPreviousResponseId: true }, { conversationId: 'conv_1' }]) {
          const session = backend.make();
          const model = new ScriptedModel([{ output: [textMessage('x')] }]);
          const { error } = await runFails(mode, new Agent({ name: 'A', model }), 'hi', { session, ...server });
          assert.ok(error instanceof UserError, JSON.stringify(server));
          assert.match(error.message, new RegExp(`session cannot be combined with ${Object.keys(server)[0]}`));
          assert.equal(model.calls.length, 0);
          assert.deepEqual(await session.getItems(), []);
        }
      });
    });
  }
}

/** A model that answers a tool call, then the final text, with fixed response ids. */
function toolThenAnswer(): ScriptedModel {
  return new ScriptedModel([
    { output: [functionCall('echo', { text: 'a' }, 'call_1')], responseId: 'resp_A' },
    { output: [textMessage('done')], responseId: 'resp_B' },
  ]);
}

function serverManagedSuite(mode: Mode): void {
  describe(`[${mode}] server-managed conversations`, () => {
    test('previousResponseId: the first call chains it; later calls send only new items and chain the last response', async () => {
      const model = toolThenAnswer();
      const { result } = await runIn(mode, new Agent({ name: 'A', model, tools: [echo] }), 'hi', { previousResponseId: 'resp_0' });
      assert.deepEqual(model.calls.map((c) => [c.previousResponseId, c.conversationId, labels(c.input)]), [
        ['resp_0', undefined, ['user:hi']],
        ['resp_A', undefined, ['output:echo a']],
      ]);
      assert.equal(result.lastResponseId, 'resp_B');
      assert.equal(result.finalOutput, 'done');
      // The result still holds the whole run locally.
      assert.deepEqual(labels(result.toInputList()), ['user:hi', 'call:echo', 'output:echo a', 'assistant:done']);
    });

    test('autoPreviousResponseId: no id on the first call, then each call chains the previous response', async () => {
      const model = toolThenAnswer();
      await runIn(mode, new Agent({ name: 'A', model, tools: [echo] }), 'hi', { autoPreviousResponseId: true });
      assert.deepEqual(model.calls.map((c) => [c.previousResponseId, labels(c.input)]), [
        [undefined, ['user:hi']],
        ['resp_A', ['output:echo a']],
      ]);
    });

    test('conversationId: every call carries it, without previousResponseId, and sends only unsent items', async () => {
      const model = toolThenAnswer();
      await runIn(mode, new Agent({ name: 'A', model, tools: [echo] }), [user('hi')], { conversationId: 'conv_9' });
      assert.deepEqual(model.calls.map((c) => [c.conversationId, c.previousResponseId, labels(c.input)]), [
        ['conv_9', undefined, ['user:hi']],
        ['conv_9', undefined, ['output:echo a']],
      ]);
    });

    test('after a handoff the target sends only the handoff output, chained', async () => {
      const targetModel = new ScriptedModel([{ output: [textMessage('target')] }]);
      const target = new Agent({ name: 'T', model: targetModel });
      const model = new ScriptedModel([{ output: [functionCall('transfer_to_t', {}, 'call_h')], responseId: 'resp_H' }]);
      await runIn(mode, new Agent({ name: 'A', model, handoffs: [target] }), 'hi', { autoPreviousResponseId: true });
      assert.deepEqual([targetModel.calls[0]!.previousResponseId, labels(targetModel.calls[0]!.input)], ['resp_H', ['output:{"assistant":"T"}']]);
    });

    test('conversationId together with previousResponseId, or with output guardrails, is a UserError before any call', async () => {
      const model = new ScriptedModel([{ output: [textMessage('x')] }]);
      const both = await runFails(mode, new Agent({ name: 'A', model }), 'hi', { conversationId: 'c', previousResponseId: 'r' });
      assert.ok(both.error instanceof UserError);
      const guarded = new Agent({ name: 'G', model, outputGuardrails: [outputGuardrail(() => ({ tripwireTriggered: false }))] });
      const withGuard = await runFails(mode, guarded, 'hi', { conversationId: 'c' });
      assert.ok(withGuard.error instanceof UserError);
      assert.match(withGuard.error.message, /Output guardrails cannot be combined with conversationId/);
      assert.equal(model.calls.length, 0);
    });

    test('the request the model gets carries the ids (ModelRequest fields)', async () => {
      const requests: ModelRequest[] = [];
      const model = new ScriptedModel([(r) => (requests.push(r), { output: [textMessage('ok')] })]);
      await runIn(mode, new Agent({ name: 'A', model }), 'hi', { conversationId: 'conv_x' });
      assert.equal(requests[0]!.conversationId, 'conv_x');
      assert.equal(requests[0]!.previousResponseId, undefined);
    });
  });
}

for (const mode of MODES) serverManagedSuite(mode);
