// Failure paths of the loop: maxTurns (default, custom, unlimited, handler), the exception
// classes, unknown tools, model errors (thrown and HTTP), early validation, and aborting a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import * as api from '../../src/index.js';
import {
  Agent, Runner, AgentsException, DEFAULT_MAX_TURNS, MaxTurnsExceeded, ModelBehaviorError, ModelHttpError,
  RunContextWrapper, UserError, inputGuardrail, tool, type RunErrorHandlerInput, type RunOptions,
} from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage, type ScriptedModelEntry } from '../../src/testing/index.js';
import { APIS, deferred, outputFor, providerFor, scriptedAgent, scriptedServer, within } from './helpers.js';

const ping = tool({ name: 'ping', description: 'p', parameters: z.object({}), execute: () => 'pong' });
let callNo = 0;
/** A script entry that always calls the ping tool (a model that never stops). */
const loopEntry: ScriptedModelEntry = () => ({ output: [functionCall('ping', {}, `call_${++callNo}`)], usage: { inputTokens: 2, outputTokens: 1 } });

test('maxTurns defaults to 10: the 11th model call is never made', async () => {
  assert.equal(DEFAULT_MAX_TURNS, 10);
  const { agent, model } = scriptedAgent(Array.from({ length: 12 }, () => loopEntry), { tools: [ping] });
  await assert.rejects(Runner.run(agent, 'loop'), (e: unknown) => e instanceof MaxTurnsExceeded && e.message === 'Max turns (10) exceeded');
  assert.equal(model.calls.length, 10);
  assert.equal(model.remaining, 2);
});

test('a custom maxTurns is checked before each model call, after the tools of the last turn ran', async () => {
  let pings = 0;
  const counted = tool({ name: 'ping', description: 'p', parameters: z.object({}), execute: () => { pings++; return 'pong'; } });
  const { agent, model } = scriptedAgent([loopEntry, loopEntry, loopEntry], { tools: [counted] });
  await assert.rejects(Runner.run(agent, 'loop', { maxTurns: 2 }), (e: unknown) => e instanceof MaxTurnsExceeded && e.message === 'Max turns (2) exceeded');
  assert.equal(model.calls.length, 2);
  assert.equal(pings, 2, 'the tools of turn 2 ran before the limit hit');
});

test('a final answer on the last allowed turn succeeds (maxTurns 2, two calls)', async () => {
  const { agent, model } = scriptedAgent([loopEntry, { output: [textMessage('just in time')] }], { tools: [ping] });
  const result = await Runner.run(agent, 'go', { maxTurns: 2 });
  assert.equal(result.finalOutput, 'just in time');
  assert.equal(model.calls.length, 2);
});

test('maxTurns: null is unlimited', async () => {
  const entries: ScriptedModelEntry[] = Array.from({ length: 15 }, () => loopEntry);
  entries.push({ output: [textMessage('finally')] });
  const { agent, model } = scriptedAgent(entries, { tools: [ping] });
  const result = await Runner.run(agent, 'loop', { maxTurns: null });
  assert.equal(result.finalOutput, 'finally');
  assert.equal(model.calls.length, 16);
});

test('MaxTurnsExceeded carries runData: input, newItems, rawResponses, lastAgent, contextWrapper, guardrail results', async () => {
  const guard = inputGuardrail(() => ({ tripwireTriggered: false, outputInfo: 'fine' }), { name: 'in_guard' });
  const { agent } = scriptedAgent([loopEntry, loopEntry, loopEntry], { tools: [ping], inputGuardrails: [guard] });
  const context = { who: 'me' };
  await assert.rejects(Runner.run(agent, 'loop', { maxTurns: 2, context }), (e: unknown) => {
    assert.ok(e instanceof MaxTurnsExceeded);
    assert.ok(e instanceof AgentsException);
    const data = e.runData!;
    assert.equal(data.input, 'loop');
    assert.deepEqual(data.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item', 'tool_call_item', 'tool_call_output_item']);
    assert.equal(data.rawResponses.length, 2);
    assert.equal(data.lastAgent, agent);
    assert.ok(data.contextWrapper instanceof RunContextWrapper);
    assert.equal(data.contextWrapper.context, context);
    assert.deepEqual(data.contextWrapper.usage, { requests: 2, inputTokens: 4, outputTokens: 2, totalTokens: 6 });
    assert.deepEqual(data.inputGuardrailResults.map((r) => r.guardrail.name), ['in_guard']);
    assert.deepEqual(data.outputGuardrailResults, []);
    return true;
  });
});

test('errorHandlers.maxTurns turns the error into a final output (and gets an empty output list)', async () => {
  const seen: RunErrorHandlerInput[] = [];
  const { agent, model } = scriptedAgent([loopEntry, loopEntry], { tools: [ping] });
  const result = await Runner.run(agent, 'loop', {
    maxTurns: 1,
    errorHandlers: { maxTurns: (input) => { seen.push(input); return 'Stopped after too many turns.'; } },
  });
  assert.equal(result.finalOutput, 'Stopped after too many turns.');
  assert.equal(model.calls.length, 1);
  assert.ok(seen[0]!.error instanceof MaxTurnsExceeded);
  assert.deepEqual(seen[0]!.runData.output, []);
  assert.equal(seen[0]!.runData.history.length, 3);
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item', 'message_output_item']);
});

test('every exception class of API.md is exported, extends AgentsException (extends Error), and has its name', () => {
  const names = [
    'MaxTurnsExceeded', 'ModelBehaviorError', 'UserError', 'InputGuardrailTripwireTriggered', 'OutputGuardrailTripwireTriggered',
    'ModelRefusalError', 'ToolTimeoutError', 'ToolInputGuardrailTripwireTriggered', 'ToolOutputGuardrailTripwireTriggered',
  ] as const;
  assert.ok(new AgentsException('x') instanceof Error);
  assert.equal(new AgentsException('x').name, 'AgentsException');
  const guardrailResult = { guardrail: { name: 'g' }, output: { tripwireTriggered: true }, agent: { name: 'a' }, agentOutput: 'o' };
  const args: Record<(typeof names)[number], unknown[]> = {
    MaxTurnsExceeded: ['m'], ModelBehaviorError: ['m'], UserError: ['m'],
    InputGuardrailTripwireTriggered: [guardrailResult], OutputGuardrailTripwireTriggered: [guardrailResult],
    ModelRefusalError: ['no'], ToolTimeoutError: ['t', 5],
    ToolInputGuardrailTripwireTriggered: ['g', 't', null], ToolOutputGuardrailTripwireTriggered: ['g', 't', null],
  };
  for (const name of names) {
    const Cls = (api as unknown as Record<string, new (...a: unknown[]) => Error>)[name];
    assert.equal(typeof Cls, 'function', `${name} is exported`);
    const error = new Cls(...args[name]);
    assert.ok(error instanceof AgentsException, `${name} extends AgentsException`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, name);
    assert.equal(Object.getPrototypeOf(Cls.prototype), AgentsException.prototype, `${name} extends AgentsException directly`);
  }
});

test('a call to an unknown tool: ModelBehaviorError by default (with runData), error text with return_error_to_model', async () => {
  const raising = scriptedAgent([{ output: [functionCall('nope', {}, 'c1')] }], { tools: [ping] });
  await assert.rejects(Runner.run(raising.agent, 'hi'), (e: unknown) => {
    assert.ok(e instanceof ModelBehaviorError);
    assert.match(e.message, /nope/);
    assert.equal(e.runData?.rawResponses.length, 1);
    return true;
  });
  const telling = scriptedAgent([{ output: [functionCall('nope', {}, 'c1')] }, { output: [textMessage('ok')] }], { tools: [ping] });
  const result = await Runner.run(telling.agent, 'hi', { runConfig: { toolNotFoundBehavior: 'return_error_to_model' } });
  assert.equal(result.finalOutput, 'ok');
  assert.match(outputFor(telling.model.calls[1]!.input, 'c1')!, /nope/);
});

test('a model that throws: the same error propagates; an AgentsException gets the run data', async () => {
  const plain = new Error('model exploded');
  const a = scriptedAgent([loopEntry, plain], { tools: [ping] });
  await assert.rejects(Runner.run(a.agent, 'hi'), (e: unknown) => e === plain);

  const typed = new ModelBehaviorError('bad model');
  const b = scriptedAgent([loopEntry, typed], { tools: [ping] });
  await assert.rejects(Runner.run(b.agent, 'hi'), (e: unknown) => {
    assert.equal(e, typed);
    assert.equal(typed.runData?.rawResponses.length, 1);
    assert.deepEqual(typed.runData?.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item']);
    assert.equal(typed.runData?.lastAgent, b.agent);
    return true;
  });
});

test('a model returning something without an output array is a ModelBehaviorError', async () => {
  const broken = { getResponse: async () => ({ usage: {} }) as never, streamResponse: async function* () {} };
  const agent = new Agent({ name: 'b', model: broken });
  await assert.rejects(Runner.run(agent, 'hi'), ModelBehaviorError);
});

for (const { label, useResponses } of APIS) {
  test(`${label}: an HTTP error from the model endpoint is a ModelHttpError with status and body, and run data`, async () => {
    const server = await scriptedServer([{ httpStatus: 429, body: { error: { message: 'Rate limit reached', type: 'rate_limit' } } }]);
    const agent = new Agent({ name: 'remote', model: 'gpt-test' });
    const modelSettings = { retry: { maxRetries: 0 } }; // not retried here (retries: test/reliability)
    await assert.rejects(Runner.run(agent, 'hi', { runConfig: { modelProvider: providerFor(server, useResponses), modelSettings } }), (e: unknown) => {
      assert.ok(e instanceof ModelHttpError, String(e));
      assert.equal(e.status, 429);
      assert.match(e.body, /Rate limit reached/);
      assert.equal(e.runData?.lastAgent, agent);
      assert.equal(e.runData?.rawResponses.length, 0);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });
}

test('invalid maxTurns or a misconfigured run fails before the first model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  for (const maxTurns of [-1, 1.5, Number.NaN, '3' as unknown as number]) {
    await assert.rejects(Runner.run(agent, 'hi', { maxTurns }), (e: unknown) => e instanceof UserError && /maxTurns/.test(e.message), String(maxTurns));
  }
  await assert.rejects(Runner.run(agent, 'hi', { runConfig: { maxTurn: 3 } as never }), UserError);
  await assert.rejects(Runner.run(agent, 'hi', null as unknown as RunOptions), UserError);
  await assert.rejects(Runner.run({ name: 'not an agent' } as never, 'hi'), UserError);
  assert.equal(model.calls.length, 0);
});

test('duplicate tool names are a UserError at agent creation', () => {
  assert.throws(() => new Agent({ name: 'dup', tools: [ping, ping] }), (e: unknown) => e instanceof UserError && /ping/.test(e.message));
});

// ---- abort -----------------------------------------------------------------------------------
// An aborted run rejects with the signal's reason (the default reason is a DOMException 'AbortError').

test('an AbortSignal aborts a slow model call: the run rejects at once with the signal\'s reason', async () => {
  const model = new ScriptedModel([{ output: [textMessage('too late')] }], { latencyMs: 5000 });
  const agent = new Agent({ name: 'slow', model });
  const controller = new AbortController();
  const started = Date.now();
  const run = Runner.run(agent, 'hi', { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(within(run, 2000, 'the aborted run to settle'), (e: unknown) => {
    assert.equal(e, controller.signal.reason);
    assert.equal((e as Error).name, 'AbortError');
    return true;
  });
  assert.ok(Date.now() - started < 1000);
  assert.equal(model.calls.length, 1);
});

test('an AbortSignal aborts a running tool: its ctx.signal fires and the run ends without waiting for it', async () => {
  const toolStarted = deferred();
  let toolSignal: AbortSignal | undefined;
  const stubborn = tool({
    name: 'stubborn', description: 's', parameters: z.object({}),
    // Ignores its signal on purpose: the run must not wait for it.
    execute: (_args, ctx) => { toolSignal = ctx.signal; toolStarted.resolve(); return new Promise((r) => setTimeout(() => r('late'), 300)); },
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('stubborn', {}, 'c1')] }, { output: [textMessage('never')] }], { tools: [stubborn] });
  const controller = new AbortController();
  const run = Runner.run(agent, 'hi', { signal: controller.signal });
  await toolStarted.promise;
  const reason = new UserError('user pressed stop');
  const started = Date.now();
  controller.abort(reason);
  await assert.rejects(within(run, 2000, 'the aborted run to settle'), (e: unknown) => {
    assert.equal(e, reason);
    assert.deepEqual(reason.runData?.newItems.map((i) => i.type), ['tool_call_item'], 'an AgentsException reason gets the run data');
    return true;
  });
  assert.ok(Date.now() - started < 200, 'the run did not wait for the tool');
  assert.equal(toolSignal?.aborted, true);
  assert.equal(toolSignal?.reason, reason);
  assert.equal(model.calls.length, 1);
});

test('a tool with timeoutMs is aborted by the run signal too', async () => {
  let toolSignal: AbortSignal | undefined;
  const started = deferred();
  const slow = tool({
    name: 'slow', description: 's', parameters: z.object({}), timeoutMs: 5000,
    execute: (_args, ctx) => { toolSignal = ctx.signal; started.resolve(); return new Promise((r) => setTimeout(() => r('late'), 300)); },
  });
  const { agent } = scriptedAgent([{ output: [functionCall('slow', {}, 'c1')] }], { tools: [slow] });
  const controller = new AbortController();
  const run = Runner.run(agent, 'hi', { signal: controller.signal });
  await started.promise;
  controller.abort();
  await assert.rejects(within(run, 200, 'the aborted run to settle'), (e: unknown) => e === controller.signal.reason);
  assert.equal(toolSignal?.aborted, true);
});

test('an already aborted signal fails the run before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  const signal = AbortSignal.abort();
  await assert.rejects(Runner.run(agent, 'hi', { signal }), (e: unknown) => e === signal.reason);
  assert.equal(model.calls.length, 0);
});

test('an AbortSignal that never fires changes nothing, and aborting after the run reaches nothing', async () => {
  const { agent } = scriptedAgent([{ output: [textMessage('fine')] }]);
  const controller = new AbortController();
  const result = await Runner.run(agent, 'hi', { signal: controller.signal });
  assert.equal(result.finalOutput, 'fine');
  controller.abort();
});

test('when one tool fails the run, the other tools of that turn get their signal aborted with the run\'s error', async () => {
  const siblingStarted = deferred();
  let siblingSignal: AbortSignal | undefined;
  const failing = tool({
    name: 'failing', description: 'f', parameters: z.object({}), failureErrorFunction: null,
    execute: async () => { await siblingStarted.promise; throw new Error('fatal tool error'); },
  });
  const sibling = tool({
    name: 'sibling', description: 's', parameters: z.object({}),
    execute: (_args, ctx) => {
      siblingSignal = ctx.signal;
      siblingStarted.resolve();
      return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('stopped')));
    },
  });
  const { agent } = scriptedAgent([{ output: [functionCall('failing', {}, 'c1'), functionCall('sibling', {}, 'c2')] }], { tools: [failing, sibling] });
  let thrown: unknown;
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => { thrown = e; return e instanceof UserError && /fatal tool error/.test(e.message); });
  assert.equal(siblingSignal?.aborted, true, 'the sibling was told the run is over');
  assert.equal(siblingSignal?.reason, thrown);
});

test('an unknown or wrongly typed run option is a UserError naming it, before any model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('never')] }]);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ max_turns: 3 }, /'max_turns'.*'maxTurns'/],
    [{ runconfig: {} }, /'runconfig'.*'runConfig'/],
    [{ contexts: {} }, /'contexts'/],
    [{ hooks: 'verbose' }, /hooks/],
    [{ session: {} }, /session/],
    [{ signal: { aborted: false } }, /signal/],
    [{ previousResponseId: 42 }, /previousResponseId/],
    [{ autoPreviousResponseId: 'yes' }, /autoPreviousResponseId/],
  ];
  for (const [options, pattern] of cases) {
    await assert.rejects(Runner.run(agent, 'hi', options as RunOptions), (e: unknown) => e instanceof UserError && pattern.test(e.message), JSON.stringify(options));
  }
  assert.throws(() => Runner.runStreamed(agent, 'hi', { max_turns: 1 } as RunOptions), UserError);
  assert.equal(model.calls.length, 0);
});
