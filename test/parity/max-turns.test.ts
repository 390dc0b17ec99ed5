// Python SDK parity: `maxTurns: 0` allows no model call (MaxTurnsExceeded or the maxTurns handler at
// once), and a handler's final output for an agent with an outputType is validated against it.
// Blocking and streamed, over HTTP through the scripted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MaxTurnsExceeded, RunErrorHandlerResult, RunState, UserError, inputGuardrail, type RunErrorHandlers } from '../../src/index.js';
import { refusal, textMessage } from '../../src/testing/index.js';
import { MODES, eventNames, providerFor, runIn, scriptedServer } from '../run/helpers.js';

for (const mode of MODES) {
  test(`[${mode}] maxTurns: 0 fails with MaxTurnsExceeded('Max turns (0) exceeded') before any request, guardrail or start hook`, async () => {
    const server = await scriptedServer([{ output: [textMessage('never')] }]);
    const seen: string[] = [];
    const guard = inputGuardrail(() => (seen.push('guardrail'), { tripwireTriggered: false }), { name: 'g', runInParallel: false });
    const agent = new Agent({ name: 'zero', model: 'gpt-test', inputGuardrails: [guard] });
    for (const options of [{ maxTurns: 0 }, { runConfig: { maxTurns: 0 } }]) {
      const { error } = await runIn(mode, agent, 'hi', {
        ...options,
        hooks: { onAgentStart: () => void seen.push('agent_start'), onLlmStart: () => void seen.push('llm_start') },
        runConfig: { ...options.runConfig, modelProvider: providerFor(server, true) },
      });
      assert.ok(error instanceof MaxTurnsExceeded, String(error));
      assert.equal(error.message, 'Max turns (0) exceeded');
    }
    assert.equal(server.requests.length, 0);
    assert.deepEqual(seen, []);
  });

  test(`[${mode}] maxTurns: 0 with a maxTurns handler: its output is the final output, with no request`, async () => {
    const server = await scriptedServer([{ output: [textMessage('never')] }]);
    const agent = new Agent({ name: 'zero', model: 'gpt-test' });
    const got: Array<{ message: string; history: unknown[] }> = [];
    const { result, events, error } = await runIn(mode, agent, 'hi', {
      maxTurns: 0,
      runConfig: { modelProvider: providerFor(server, true) },
      errorHandlers: { maxTurns: ({ error, runData }) => (got.push({ message: error.message, history: runData.history }), 'No turns allowed.') },
    });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'No turns allowed.');
    assert.deepEqual(got, [{ message: 'Max turns (0) exceeded', history: [{ role: 'user', content: 'hi' }] }]);
    assert.equal(server.requests.length, 0);
    assert.deepEqual(result!.newItems.map((i) => i.type), ['message_output_item']);
    // Its state (maxTurns 0 included) round-trips.
    const state = await RunState.fromString(agent, result!.toState().toString());
    assert.equal(state.maxTurns, 0);
    if (mode === 'streamed') assert.deepEqual(eventNames(events).sort(), ['agent:zero', 'message_output_created']);
  });
}

const Answer = z.object({ answer: z.string() });

/** Each handler kind, with a script that makes the run reach it. */
const KINDS: Array<{ kind: keyof RunErrorHandlers; script: Array<{ output: unknown[] }>; maxTurns?: number }> = [
  { kind: 'maxTurns', script: [], maxTurns: 0 },
  { kind: 'modelRefusal', script: [{ output: [refusal('I will not.')] }] },
  { kind: 'invalidFinalOutput', script: [{ output: [textMessage('not json')] }] },
];

for (const mode of MODES) {
  for (const { kind, script, maxTurns } of KINDS) {
    test(`[${mode}] a ${kind} handler's final output is validated against the agent's outputType`, async () => {
      const good = await scriptedServer(script as never);
      const agent = new Agent({ name: 'structured', model: 'gpt-test', outputType: Answer });
      const ok = await runIn(mode, agent, 'hi', {
        maxTurns, runConfig: { modelProvider: providerFor(good, true) }, errorHandlers: { [kind]: () => ({ answer: 'fallback' }) },
      });
      assert.equal(ok.error, undefined);
      assert.deepEqual(ok.result!.finalOutput, { answer: 'fallback' });

      const bad = await scriptedServer(script as never);
      const failed = await runIn(mode, agent, 'hi', {
        maxTurns, runConfig: { modelProvider: providerFor(bad, true) },
        errorHandlers: { [kind]: () => new RunErrorHandlerResult({ finalOutput: { answer: 42 } }) },
      });
      assert.ok(failed.error instanceof UserError, String(failed.error));
      assert.match(failed.error.message, new RegExp(`${kind} error handler's final output does not match agent 'structured' outputType`));
    });
  }

  test(`[${mode}] a handler's output for a non-object outputType may be given bare or wrapped in { response }`, async () => {
    const agent = new Agent({ name: 'count', model: 'gpt-test', outputType: z.number() });
    for (const [given, expected] of [[7, 7], [{ response: 8 }, 8]] as const) {
      const server = await scriptedServer([]);
      const { result, error } = await runIn(mode, agent, 'hi', { maxTurns: 0, runConfig: { modelProvider: providerFor(server, true) }, errorHandlers: { maxTurns: () => given } });
      assert.equal(error, undefined);
      assert.equal(result!.finalOutput, expected);
    }
    const server = await scriptedServer([]);
    const { error } = await runIn(mode, agent, 'hi', { maxTurns: 0, runConfig: { modelProvider: providerFor(server, true) }, errorHandlers: { maxTurns: () => 'seven' } });
    assert.ok(error instanceof UserError);
  });
}
