// Every RunConfig field of API.md, through ScriptedModel: models and providers, settings overlay,
// limits, error handlers, handoff options (presence only), guardrails, session input callback,
// model input filter, unknown tools, tool error formatting and key validation. Tracing fields are
// in run-config-tracing.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, MaxTurnsExceeded, MemorySession, ModelBehaviorError, UserError, handoff, inputGuardrail, outputGuardrail,
  tool, type ModelProvider, type RunConfig, type RunOptions,
} from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { namedProvider, outputFor, scriptedAgent } from './helpers.js';

const noop = tool({ name: 'noop', description: 'does nothing', parameters: z.object({}), execute: () => 'ok' });

test('model (a name) overrides the agent\'s model and is resolved through modelProvider', async () => {
  const chosen = new ScriptedModel([{ output: [textMessage('from run config')] }]);
  const agentModel = new ScriptedModel([{ output: [textMessage('from agent')] }]);
  const provider = namedProvider({ 'cfg-model': chosen, 'agent-model': agentModel });
  const agent = new Agent({ name: 'a', model: 'agent-model' });
  const result = await Runner.run(agent, 'hi', { runConfig: { model: 'cfg-model', modelProvider: provider } });
  assert.equal(result.finalOutput, 'from run config');
  assert.deepEqual(provider.asked, ['cfg-model']);
  assert.equal(agentModel.calls.length, 0);
});

test('model (a Model instance) overrides the agent\'s model, for every agent of the run', async () => {
  const chosen = new ScriptedModel([{ output: [functionCall('transfer_to_b', {}, 'h1')] }, { output: [textMessage('b answered')] }]);
  const agentModel = new ScriptedModel([]);
  const b = new Agent({ name: 'b', model: agentModel });
  const a = new Agent({ name: 'a', model: agentModel, handoffs: [b] });
  const result = await Runner.run(a, 'hi', { runConfig: { model: chosen } });
  assert.equal(result.finalOutput, 'b answered');
  assert.equal(result.lastAgent, b);
  assert.equal(chosen.calls.length, 2);
  assert.equal(agentModel.calls.length, 0);
});

test('modelProvider resolves the agent\'s model name, and no name at all', async () => {
  const named = new ScriptedModel([{ output: [textMessage('named')] }]);
  const fallback = new ScriptedModel([{ output: [textMessage('default')] }]);
  const provider = namedProvider({ 'my-model': named, default: fallback });
  const r1 = await Runner.run(new Agent({ name: 'a', model: 'my-model' }), 'hi', { runConfig: { modelProvider: provider } });
  const r2 = await Runner.run(new Agent({ name: 'b' }), 'hi', { runConfig: { modelProvider: provider } });
  assert.equal(r1.finalOutput, 'named');
  assert.equal(r2.finalOutput, 'default');
  assert.deepEqual(provider.asked, ['my-model', undefined]);
});

test('modelProvider may resolve asynchronously', async () => {
  const model = new ScriptedModel([{ output: [textMessage('async provider')] }]);
  const provider: ModelProvider = { getModel: async () => model };
  const result = await Runner.run(new Agent({ name: 'a', model: 'x' }), 'hi', { runConfig: { modelProvider: provider } });
  assert.equal(result.finalOutput, 'async provider');
});

test('modelSettings overlays the agent\'s settings: only defined fields win', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }], {
    modelSettings: { temperature: 0.2, topP: 0.5, maxTokens: 100, toolChoice: 'auto', metadata: { from: 'agent' } },
  });
  await Runner.run(agent, 'hi', {
    runConfig: { modelSettings: { temperature: 0.9, topP: undefined, parallelToolCalls: false, metadata: { from: 'run' } } },
  });
  assert.deepEqual(model.calls[0]!.modelSettings, {
    temperature: 0.9, topP: 0.5, maxTokens: 100, toolChoice: 'auto', parallelToolCalls: false, metadata: { from: 'run' },
  });
  assert.equal(agent.modelSettings.temperature, 0.2, 'the agent itself is unchanged');
});

test('modelSettings alone (agent without settings) is sent as given', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }]);
  await Runner.run(agent, 'hi', { runConfig: { modelSettings: { maxTokens: 7, store: false } } });
  assert.deepEqual(model.calls[0]!.modelSettings, { maxTokens: 7, store: false });
});

test('maxTurns in RunConfig limits the run; the run option wins over it', async () => {
  const loop = () => ({ output: [functionCall('noop', {}, `c${Math.random()}`)] });
  const { agent, model } = scriptedAgent([loop, loop, loop, loop], { tools: [noop] });
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { maxTurns: 2 } }), (e: unknown) => e instanceof MaxTurnsExceeded && e.message === 'Max turns (2) exceeded');
  assert.equal(model.calls.length, 2);
  await assert.rejects(Runner.run(agent, 'hi', { maxTurns: 1, runConfig: { maxTurns: 5 } }), /Max turns \(1\) exceeded/);
  assert.equal(model.calls.length, 3);
});

test('errorHandlers in RunConfig are used; errorHandlers in the run options win', async () => {
  const loop = () => ({ output: [functionCall('noop', {}, `c${Math.random()}`)] });
  const { agent } = scriptedAgent([loop, loop], { tools: [noop] });
  const fromConfig = await Runner.run(agent, 'hi', { maxTurns: 1, runConfig: { errorHandlers: { maxTurns: () => 'config handler' } } });
  assert.equal(fromConfig.finalOutput, 'config handler');
  const fromOptions = await Runner.run(agent, 'hi', {
    maxTurns: 1,
    errorHandlers: { maxTurns: () => 'option handler' },
    runConfig: { errorHandlers: { maxTurns: () => 'config handler' } },
  });
  assert.equal(fromOptions.finalOutput, 'option handler');
});

test('errorHandlers with an unknown kind or a non-function handler is a UserError before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  const cases: Array<[RunOptions, RegExp]> = [
    [{ errorHandlers: { max_turns: () => 'x' } as never }, /'max_turns'.*maxTurns/],
    [{ runConfig: { errorHandlers: { refusal: () => 'x' } as never } }, /'refusal'/],
    [{ errorHandlers: { maxTurns: 'stop' } as never }, /errorHandlers\.maxTurns must be a function/],
    [{ runConfig: { errorHandlers: 'x' as never } }, /RunConfig\.errorHandlers must be an object/],
  ];
  for (const [options, pattern] of cases) {
    await assert.rejects(Runner.run(agent, 'hi', options), (e: unknown) => e instanceof UserError && pattern.test(e.message), JSON.stringify(options));
  }
  assert.equal(model.calls.length, 0);
});

test('handoffInputFilter is applied to handoffs without their own filter', async () => {
  const seen: string[] = [];
  const model = new ScriptedModel([
    { output: [textMessage('handing off'), functionCall('transfer_to_b', {}, 'h1')] },
    { output: [textMessage('b done')] },
  ]);
  const b = new Agent({ name: 'b', model });
  const a = new Agent({ name: 'a', model, handoffs: [b] });
  const result = await Runner.run(a, 'hi', {
    runConfig: {
      handoffInputFilter: (data) => {
        seen.push(...data.newItems.map((i) => i.type));
        return data.clone({ newItems: [] });
      },
    },
  });
  assert.equal(result.finalOutput, 'b done');
  assert.deepEqual(seen, ['message_output_item', 'handoff_call_item', 'handoff_output_item']);
  assert.deepEqual(model.calls[1]!.input, [{ role: 'user', content: 'hi' }], 'the filtered history reaches b');
});

test('nestHandoffHistory folds the history into one message; handoffHistoryMapper replaces the default', async () => {
  const model = new ScriptedModel([
    { output: [functionCall('transfer_to_b', {}, 'h1')] }, { output: [textMessage('b done')] },
    { output: [functionCall('transfer_to_b', {}, 'h2')] }, { output: [textMessage('b again')] },
  ]);
  const b = new Agent({ name: 'b', model });
  const a = new Agent({ name: 'a', model, handoffs: [b] });
  await Runner.run(a, 'question', { runConfig: { nestHandoffHistory: true } });
  const nested = model.calls[1]!.input;
  assert.equal(nested.length, 1);
  const text = JSON.stringify(nested[0]);
  assert.match(text, /CONVERSATION HISTORY/);
  assert.match(text, /user: question/);

  const transcripts: number[] = [];
  await Runner.run(a, 'question', {
    runConfig: {
      nestHandoffHistory: true,
      handoffHistoryMapper: (transcript) => {
        transcripts.push(transcript.length);
        return [{ role: 'user', content: 'mapped history' }];
      },
    },
  });
  assert.deepEqual(transcripts, [3]);
  assert.deepEqual(model.calls[3]!.input, [{ role: 'user', content: 'mapped history' }]);
});

test('without nestHandoffHistory the next agent sees the whole transcript', async () => {
  const model = new ScriptedModel([{ output: [functionCall('transfer_to_b', {}, 'h1')] }, { output: [textMessage('b done')] }]);
  const b = new Agent({ name: 'b', model });
  const a = new Agent({ name: 'a', model, handoffs: [handoff(b)] });
  await Runner.run(a, 'question');
  assert.equal(model.calls[1]!.input.length, 3);
});

test('inputGuardrails and outputGuardrails of RunConfig run after the agent\'s', async () => {
  const order: string[] = [];
  const guardIn = (name: string, runInParallel: boolean) =>
    inputGuardrail(() => { order.push(name); return { tripwireTriggered: false, outputInfo: name }; }, { name, runInParallel });
  const guardOut = (name: string) => outputGuardrail(() => { order.push(name); return { tripwireTriggered: false }; }, { name });
  const { agent } = scriptedAgent([{ output: [textMessage('ok')] }], {
    inputGuardrails: [guardIn('agent_in', false)],
    outputGuardrails: [guardOut('agent_out')],
  });
  const result = await Runner.run(agent, 'hi', {
    runConfig: { inputGuardrails: [guardIn('run_in', false)], outputGuardrails: [guardOut('run_out')] },
  });
  assert.deepEqual(order, ['agent_in', 'run_in', 'agent_out', 'run_out']);
  assert.deepEqual(result.inputGuardrailResults.map((r) => r.guardrail.name).sort(), ['agent_in', 'run_in']);
  assert.deepEqual(result.outputGuardrailResults.map((r) => r.guardrail.name).sort(), ['agent_out', 'run_out']);
  const runOut = result.outputGuardrailResults.find((r) => r.guardrail.name === 'run_out')!;
  assert.equal(runOut.agent, agent);
  assert.equal(runOut.agentOutput, 'ok');
});

// ---- sessions and model input ------------------------------------------------------------------

test('sessionInputCallback decides how history and new input combine; only the new input is saved', async () => {
  const session = new MemorySession('cfg');
  await session.addItems([{ role: 'user', content: 'old 1' }, { role: 'user', content: 'old 2' }]);
  const { agent, model } = scriptedAgent([{ output: [textMessage('answer')] }]);
  const seen: unknown[] = [];
  await Runner.run(agent, 'new', {
    session,
    runConfig: {
      sessionInputCallback: async (history, newInput) => {
        seen.push(structuredClone({ history, newInput }));
        return [history[history.length - 1]!, ...newInput];
      },
    },
  });
  assert.deepEqual(seen, [{ history: [{ role: 'user', content: 'old 1' }, { role: 'user', content: 'old 2' }], newInput: [{ role: 'user', content: 'new' }] }]);
  assert.deepEqual(model.calls[0]!.input, [{ role: 'user', content: 'old 2' }, { role: 'user', content: 'new' }]);
  const stored = await session.getItems();
  assert.deepEqual(stored.slice(0, 3), [{ role: 'user', content: 'old 1' }, { role: 'user', content: 'old 2' }, { role: 'user', content: 'new' }]);
  assert.equal(stored.length, 4);
  assert.equal((stored[3] as { role: string }).role, 'assistant');
});

test('sessionInputCallback returning a non-array is a UserError before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('answer')] }]);
  await assert.rejects(
    Runner.run(agent, 'new', { session: new MemorySession(), runConfig: { sessionInputCallback: (() => 'nope') as unknown as RunConfig['sessionInputCallback'] } }),
    (e: unknown) => e instanceof UserError && /sessionInputCallback/.test(e.message),
  );
  assert.equal(model.calls.length, 0);
});

test('callModelInputFilter changes what the model receives but not the run\'s history', async () => {
  const { agent, model } = scriptedAgent([{ output: [functionCall('noop', {}, 'c1')] }, { output: [textMessage('done')] }], { tools: [noop], instructions: 'original' });
  const seen: Array<{ n: number; instructions: string | undefined; agent: string; context: unknown }> = [];
  const context = { id: 1 };
  const result = await Runner.run(agent, 'hi', {
    context,
    runConfig: {
      callModelInputFilter: ({ modelData, agent: a, context: c }) => {
        seen.push({ n: modelData.input.length, instructions: modelData.instructions, agent: a.name, context: c });
        // Mutating the given list must not reach the run's history either.
        modelData.input.push({ role: 'user', content: 'injected' });
        return { input: modelData.input.slice(-1), instructions: `${modelData.instructions} + filtered` };
      },
    },
  });
  assert.deepEqual(seen, [
    { n: 1, instructions: 'original', agent: 'assistant', context },
    { n: 3, instructions: 'original', agent: 'assistant', context },
  ]);
  assert.deepEqual(model.calls.map((c) => c.input), [[{ role: 'user', content: 'injected' }], [{ role: 'user', content: 'injected' }]]);
  assert.deepEqual(model.calls.map((c) => c.instructions), ['original + filtered', 'original + filtered']);
  assert.equal(result.finalOutput, 'done');
  assert.equal(result.toInputList().length, 4);
  assert.ok(result.toInputList().every((i) => JSON.stringify(i).indexOf('injected') === -1));
});

test('callModelInputFilter returning something else than { input, instructions } is a UserError', async () => {
  for (const bad of [undefined, 'text', { input: 'not an array' }, { input: [], instructions: 5 }]) {
    const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
    await assert.rejects(
      Runner.run(agent, 'hi', { runConfig: { callModelInputFilter: () => bad as never } }),
      (e: unknown) => e instanceof UserError && /callModelInputFilter/.test(e.message),
      `return value ${JSON.stringify(bad)}`,
    );
    assert.equal(model.calls.length, 0);
  }
});

// ---- tools ----------------------------------------------------------------------------------------

test('toolNotFoundBehavior raise_error (default): a call to an unknown tool is a ModelBehaviorError', async () => {
  for (const runConfig of [{}, { toolNotFoundBehavior: 'raise_error' as const }]) {
    const { agent } = scriptedAgent([{ output: [functionCall('missing_tool', {}, 'c1')] }], { tools: [noop] });
    await assert.rejects(Runner.run(agent, 'hi', { runConfig }), (e: unknown) => e instanceof ModelBehaviorError && /missing_tool/.test(e.message));
  }
});

test('toolNotFoundBehavior return_error_to_model: the model is told and the run continues', async () => {
  const { agent, model } = scriptedAgent([
    { output: [functionCall('missing_tool', {}, 'c1'), functionCall('noop', {}, 'c2')] },
    { output: [textMessage('recovered')] },
  ], { tools: [noop] });
  const result = await Runner.run(agent, 'hi', { runConfig: { toolNotFoundBehavior: 'return_error_to_model' } });
  assert.equal(result.finalOutput, 'recovered');
  const text = outputFor(model.calls[1]!.input, 'c1');
  assert.ok(text && /missing_tool/.test(text) && /not found/.test(text), text);
  assert.equal(outputFor(model.calls[1]!.input, 'c2'), 'ok');
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_item', 'tool_call_output_item', 'tool_call_output_item', 'message_output_item']);
});

test('toolErrorFormatter is for missing tools and rejected approvals: a tool error uses the default failure text', async () => {
  const failing = tool({ name: 'failing', description: 'f', parameters: z.object({}), execute: () => { throw new Error('disk full'); } });
  let calls = 0;
  const { agent, model } = scriptedAgent([{ output: [functionCall('failing', {}, 'c1')] }, { output: [textMessage('ok')] }], { tools: [failing] });
  await Runner.run(agent, 'hi', { runConfig: { toolErrorFormatter: () => (calls++, 'formatted') } });
  assert.equal(calls, 0);
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), 'An error occurred while running the tool. Please try again. Error: disk full');
});

// ---- validation ---------------------------------------------------------------------------------

test('an unknown RunConfig key is a UserError naming the key, before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  await assert.rejects(
    Runner.run(agent, 'hi', { runConfig: { max_turns: 3 } as unknown as RunConfig }),
    (e: unknown) => e instanceof UserError && e.message.includes("'max_turns'") && e.message.includes('maxTurns'),
  );
  await assert.rejects(
    Runner.run(agent, 'hi', { runConfig: { tracingDisable: true } as unknown as RunConfig }),
    (e: unknown) => e instanceof UserError && e.message.includes("'tracingDisable'"),
  );
  assert.throws(() => Runner.runStreamed(agent, 'hi', { runConfig: { bogus: 1 } as unknown as RunConfig }), (e: unknown) => e instanceof UserError && e.message.includes("'bogus'"));
  assert.throws(() => new Runner({ modelSetings: {} } as unknown as RunConfig), (e: unknown) => e instanceof UserError && e.message.includes("'modelSetings'"));
  assert.equal(model.calls.length, 0);
});

test('wrongly typed RunConfig values are UserErrors naming the field, before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ maxTurns: -1 }, /maxTurns/],
    [{ maxTurns: 1.5 }, /maxTurns/],
    [{ sessionSettings: { limit: -1 } }, /sessionSettings\.limit/],
    [{ sessionSettings: 5 }, /sessionSettings/],
    [{ tracingDisabled: 'yes' }, /tracingDisabled/],
    [{ toolNotFoundBehavior: 'ignore' }, /toolNotFoundBehavior/],
    [{ callModelInputFilter: 'x' }, /callModelInputFilter/],
    [{ inputGuardrails: {} }, /inputGuardrails/],
    [{ modelProvider: {} }, /modelProvider/],
    [{ model: 42 }, /model/],
  ];
  for (const [runConfig, pattern] of cases) {
    await assert.rejects(Runner.run(agent, 'hi', { runConfig: runConfig as RunConfig }), (e: unknown) => e instanceof UserError && pattern.test(e.message), JSON.stringify(runConfig));
  }
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: 'x' as unknown as RunConfig }), UserError);
  assert.equal(model.calls.length, 0);
});

test('new Runner(defaults): its RunConfig applies to every run; a call\'s runConfig fields win over it', async () => {
  const loop = () => ({ output: [functionCall('noop', {}, `c${Math.random()}`)] });
  const { agent, model } = scriptedAgent([loop, loop, loop, loop], { tools: [noop] });
  const runner = new Runner({ maxTurns: 1, errorHandlers: { maxTurns: () => 'default handler' }, modelSettings: { temperature: 0.1 } });
  const first = await runner.run(agent, 'hi');
  assert.equal(first.finalOutput, 'default handler');
  assert.equal(model.calls.length, 1);
  assert.equal(model.calls[0]!.modelSettings.temperature, 0.1);
  const second = await runner.run(agent, 'hi', { runConfig: { maxTurns: 2, modelSettings: { temperature: 0.8 } } });
  assert.equal(second.finalOutput, 'default handler');
  assert.equal(model.calls.length, 3);
  assert.equal(model.calls[2]!.modelSettings.temperature, 0.8);
});
