// Python SDK parity: a parallel input guardrail (runInParallel, the default) gates nothing. Turn 1's
// model call and its tools proceed alongside it; the next turn (or the final output) waits for it;
// a tripwire stops the run even though tools may already have run. Blocking guardrails
// (runInParallel: false) are the way to gate. Blocking and streamed, over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, InputGuardrailTripwireTriggered, inputGuardrail, tool } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, deferred, providerFor, runIn, scriptedServer, within } from '../run/helpers.js';

for (const mode of MODES) {
  test(`[${mode}] turn 1's tools run while a parallel guardrail is still running; turn 2 waits for it`, async () => {
    const log: string[] = [];
    const toolRan = deferred();
    const server = await scriptedServer([
      { output: [functionCall('act', {}, 'call_a')] },
      (body) => (log.push('request 2'), { output: [textMessage(`done (${(body.input as unknown[]).length} items)`)] }),
    ]);
    const act = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => (log.push('tool'), toolRan.resolve(), 'acted') });
    const slow = inputGuardrail(async () => {
      log.push('guardrail start');
      await within(toolRan.promise, 5000, 'the tool to run alongside the guardrail');
      log.push('guardrail end');
      return { tripwireTriggered: false };
    }, { name: 'slow' });
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [act], inputGuardrails: [slow] });
    const { result, error } = await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true) } });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'done (3 items)');
    assert.deepEqual(log, ['guardrail start', 'tool', 'guardrail end', 'request 2']);
    assert.deepEqual(result!.inputGuardrailResults.map((r) => r.guardrail.name), ['slow']);
  });

  test(`[${mode}] a parallel tripwire after turn 1's tools ran still fails the run, with no further request`, async () => {
    const ran: string[] = [];
    const toolRan = deferred();
    const server = await scriptedServer([{ output: [functionCall('act', {}, 'call_a')] }, { output: [textMessage('never')] }]);
    const act = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => (ran.push('act'), toolRan.resolve(), 'acted') });
    const trip = inputGuardrail(async () => {
      await within(toolRan.promise, 5000, 'the tool');
      return { tripwireTriggered: true, outputInfo: 'bad input' };
    }, { name: 'trip' });
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [act], inputGuardrails: [trip] });
    const { error } = await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true) } });
    assert.ok(error instanceof InputGuardrailTripwireTriggered, String(error));
    assert.deepEqual(ran, ['act']);
    assert.equal(server.requests.length, 1);
  });

  test(`[${mode}] a parallel guardrail still running when turn 1 ends with a final output: the run waits for its verdict`, async () => {
    const server = await scriptedServer([{ output: [textMessage('answer')] }]);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const trip = inputGuardrail(async () => (await gate, { tripwireTriggered: true }), { name: 'late' });
    const agent = new Agent({ name: 'a', model: 'gpt-test', inputGuardrails: [trip] });
    const running = runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true) } });
    await within((async () => { while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5)); })(), 5000, 'the model request');
    release();
    const { error } = await running;
    assert.ok(error instanceof InputGuardrailTripwireTriggered);
  });

  test(`[${mode}] a blocking guardrail gates turn 1: no request and no tool before it passes`, async () => {
    const log: string[] = [];
    const server = await scriptedServer([(body) => (log.push('request'), { output: [functionCall('act', {}, 'call_a')] }), { output: [textMessage('ok')] }]);
    const act = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => (log.push('tool'), 'acted') });
    const gate = inputGuardrail(async () => (await new Promise((r) => setTimeout(r, 30)), log.push('guardrail'), { tripwireTriggered: false }), { name: 'gate', runInParallel: false });
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [act], inputGuardrails: [gate] });
    const { error } = await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true) } });
    assert.equal(error, undefined);
    assert.deepEqual(log, ['guardrail', 'request', 'tool']);
  });
}
