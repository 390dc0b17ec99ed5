// The step seam (src/run/steps/step-executor.ts): every model call, tool call, guardrail,
// handoff callback and session write of a run goes through the run's step executor under a
// stable key, with a JSON result; an executor that answers from a journal replays a run without
// calling the model or the tools again, blocking and streamed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MemorySession, Runner, inputGuardrail, outputGuardrail, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import type { StepExecutor, StepKind } from '../../src/run/steps/step-executor.js';
import type { RunState } from '../../src/run/run-state.js';
import type { MaybePromise } from '../../src/utils/types.js';
import { collectEvents } from './helpers.js';

/** Records every step (calling it), or answers from `journal` when the key is there. */
class JournalExecutor implements StepExecutor {
  readonly steps: Array<{ kind: StepKind; key: string }> = [];
  readonly called: string[] = [];
  readonly checkpoints: Array<{ turn: number; next: string | undefined; items: number }> = [];
  begun = 0;
  constructor(readonly journal = new Map<string, string>()) {}

  async run<T>(kind: StepKind, key: string, fn: () => MaybePromise<T>): Promise<T> {
    this.steps.push({ kind, key });
    const saved = this.journal.get(key);
    if (saved !== undefined) return JSON.parse(saved) as T;
    this.called.push(key);
    const result = await fn();
    const json = JSON.stringify(result);
    assert.notEqual(json, undefined, `step ${key} has no JSON form`);
    this.journal.set(key, json);
    return result;
  }

  begin(state: RunState<unknown>): void {
    assert.equal(state.currentTurn, 0);
    this.begun++;
  }

  checkpoint(state: RunState<unknown>): void {
    this.checkpoints.push({ turn: state.currentTurn, next: state.nextStep?.type, items: state.generatedItems.length });
  }
}

function setup(): { agent: Agent; executions: string[]; session: MemorySession } {
  const executions: string[] = [];
  const weather = tool({
    name: 'weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => (executions.push(city), `Sunny in ${city}`),
  });
  const model = new ScriptedModel([
    { output: [functionCall('weather', { city: 'Paris' }, 'c1'), functionCall('weather', { city: 'Oslo' }, 'c2')] },
    { output: [textMessage('Both sunny.')], usage: { inputTokens: 10, outputTokens: 3 } },
  ]);
  const agent = new Agent({
    name: 'assistant',
    model,
    tools: [weather],
    inputGuardrails: [inputGuardrail(() => (executions.push('input guardrail'), { tripwireTriggered: false, outputInfo: 'ok' }), { name: 'in' })],
    outputGuardrails: [outputGuardrail(() => (executions.push('output guardrail'), { tripwireTriggered: false }), { name: 'out' })],
  });
  return { agent, executions, session: new MemorySession() };
}

const EXPECTED_KEYS = [
  'session-input',
  'input_guardrail:1:0:in',
  'model:1',
  'tool:1:c1',
  'tool:1:c2',
  'session:1',
  'model:2',
  'output_guardrail:2:0:out',
  'session:2',
];

for (const streamed of [false, true]) {
  const mode = streamed ? 'streamed' : 'blocking';

  test(`${mode}: every step goes through the executor under a stable key, with a JSON result; a journal replays the run`, async () => {
    const first = setup();
    const recorder = new JournalExecutor();
    const runner = new Runner();
    const run = async (agent: Agent, executor: JournalExecutor, session: MemorySession) => {
      if (!streamed) return runner.runWith(agent, 'weather?', { session }, { steps: executor });
      const result = runner.runStreamedWith(agent, 'weather?', { session }, { steps: executor });
      const { events, error } = await collectEvents(result);
      assert.equal(error, undefined);
      return Object.assign(result, { events });
    };
    const result = await run(first.agent, recorder, first.session);
    assert.equal(result.finalOutput, 'Both sunny.');
    assert.deepEqual(recorder.steps.map((s) => s.key), EXPECTED_KEYS);
    assert.deepEqual(recorder.steps.map((s) => s.kind), ['session', 'input_guardrail', 'model', 'tool', 'tool', 'session', 'model', 'output_guardrail', 'session']);
    assert.deepEqual(first.executions, ['input guardrail', 'Paris', 'Oslo', 'output guardrail']);
    assert.equal(recorder.begun, 1);
    assert.deepEqual(recorder.checkpoints, [
      { turn: 1, next: 'run_again', items: 4 },
      { turn: 2, next: 'final_output', items: 5 },
    ]);

    // A second run of a fresh agent answered from the journal: nothing is called again, and the
    // run's state (items, usage, guardrail results, output) comes out the same.
    const second = setup();
    const replayer = new JournalExecutor(new Map(recorder.journal));
    const replayed = await run(second.agent, replayer, second.session);
    assert.deepEqual(replayer.called, []);
    assert.deepEqual(second.executions, []);
    assert.deepEqual(replayer.steps.map((s) => s.key), EXPECTED_KEYS);
    assert.equal(replayed.finalOutput, 'Both sunny.');
    assert.deepEqual(replayed.newItems.map((i) => i.type), result.newItems.map((i) => i.type));
    assert.deepEqual(replayed.toInputList(), result.toInputList());
    assert.deepEqual(replayed.contextWrapper.usage, result.contextWrapper.usage);
    assert.equal(result.contextWrapper.usage.outputTokens > 0, true);
    assert.equal(replayed.inputGuardrailResults[0]?.output.outputInfo, 'ok');
    assert.equal(replayed.outputGuardrailResults.length, 1);
    // The journaled session steps were not written again.
    assert.deepEqual(await second.session.getItems(), []);
    assert.equal((await first.session.getItems()).length, 6);
    if (streamed) {
      // A replayed model call streams no raw events, but every item event is there.
      const names = (r: { events: Array<{ type: string; name?: string }> }) => r.events.filter((e) => e.type === 'run_item_stream_event').map((e) => e.name);
      const firstEvents = (result as unknown as { events: Array<{ type: string; name?: string }> }).events;
      const replayEvents = (replayed as unknown as { events: Array<{ type: string; name?: string }> }).events;
      assert.ok(firstEvents.some((e) => e.type === 'raw_response_event'));
      assert.ok(!replayEvents.some((e) => e.type === 'raw_response_event'));
      assert.deepEqual(names({ events: replayEvents }), names({ events: firstEvents }));
    }
  });
}

test('a failing step fails the run with its error; the default executor is used when none is given', async () => {
  const boom = new Error('model down');
  const agent = new Agent({ name: 'a', model: new ScriptedModel([boom]) });
  const executor = new JournalExecutor();
  await assert.rejects(new Runner().runWith(agent, 'hi', {}, { steps: executor }), (e: unknown) => e === boom);
  assert.deepEqual(executor.steps.map((s) => s.key), ['model:1']);
  assert.equal(executor.journal.size, 0);
  const ok = new Agent({ name: 'b', model: new ScriptedModel([{ output: [textMessage('hi')] }]) });
  assert.equal((await Runner.run(ok, 'hi')).finalOutput, 'hi');
});
