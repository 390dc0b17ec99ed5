// Python SDK parity: RunConfig.toolExecution.maxFunctionToolConcurrency: at most N function tools of
// one response run at once, the rest start in call order as slots free up, and the outputs still
// go back in call order. Blocking and streamed, over HTTP through the scripted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, UserError, tool } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer, sentToolOutputs, sleep } from '../run/helpers.js';

/** A tool that records how many of its calls run at once; call `i` takes `delays[i]` ms. */
function tracked(delays: Record<string, number>) {
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const t = tool({
    name: 'work', description: 'w', parameters: z.object({ id: z.string() }),
    execute: async ({ id }) => {
      started.push(id);
      peak = Math.max(peak, ++running);
      await sleep(delays[id] ?? 5);
      running--;
      return `done ${id}`;
    },
  });
  return { tool: t, started, peak: () => peak };
}

const calls = (ids: string[]) => ids.map((id) => functionCall('work', { id }, `call_${id}`));

for (const mode of MODES) {
  test(`[${mode}] maxFunctionToolConcurrency: 2 runs at most two at once, starts them in call order, answers in call order`, async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const server = await scriptedServer([{ output: calls(ids) }, { output: [textMessage('all done')] }]);
    // 'a' is slow: 'c' takes the slot 'b' frees, then 'd' and 'e' follow while 'a' still runs.
    const work = tracked({ a: 80, b: 5, c: 5, d: 5, e: 5 });
    const agent = new Agent({ name: 'w', model: 'gpt-test', tools: [work.tool] });
    const { result, error } = await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true), toolExecution: { maxFunctionToolConcurrency: 2 } } });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'all done');
    assert.equal(work.peak(), 2);
    assert.deepEqual(work.started, ids);
    assert.deepEqual(sentToolOutputs(server, 1), ids.map((id) => ({ call_id: `call_${id}`, output: `done ${id}` })));
  });

  test(`[${mode}] without a limit (or null) every function tool of the response starts at once`, async () => {
    for (const toolExecution of [undefined, {}, { maxFunctionToolConcurrency: null }]) {
      const server = await scriptedServer([{ output: calls(['a', 'b', 'c']) }, { output: [textMessage('ok')] }]);
      const work = tracked({ a: 30, b: 30, c: 30 });
      const agent = new Agent({ name: 'w', model: 'gpt-test', tools: [work.tool] });
      const { error } = await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true), toolExecution } });
      assert.equal(error, undefined);
      assert.equal(work.peak(), 3);
    }
  });

  test(`[${mode}] maxFunctionToolConcurrency: 1 runs the calls one after another; a failing call stops the ones not started`, async () => {
    const server = await scriptedServer([{ output: calls(['a', 'b']) }, { output: [textMessage('ok')] }]);
    const work = tracked({ a: 10, b: 10 });
    const agent = new Agent({ name: 'w', model: 'gpt-test', tools: [work.tool] });
    await runIn(mode, agent, 'go', { runConfig: { modelProvider: providerFor(server, true), toolExecution: { maxFunctionToolConcurrency: 1 } } });
    assert.equal(work.peak(), 1);

    const started: string[] = [];
    const strict = tool({
      name: 'strict', description: 's', parameters: z.object({ id: z.string() }), failureErrorFunction: null,
      execute: async ({ id }) => { started.push(id); await sleep(5); if (id === 'a') throw new Error('a failed'); return id; },
    });
    const failing = await scriptedServer([{ output: ['a', 'b', 'c'].map((id) => functionCall('strict', { id }, `call_${id}`)) }]);
    const strictAgent = new Agent({ name: 's', model: 'gpt-test', tools: [strict] });
    const { error } = await runIn(mode, strictAgent, 'go', { runConfig: { modelProvider: providerFor(failing, true), toolExecution: { maxFunctionToolConcurrency: 1 } } });
    assert.ok(error instanceof UserError);
    assert.match(error.message, /a failed/);
    await sleep(30);
    assert.deepEqual(started, ['a']);
  });
}

test('toolExecution is validated: unknown keys and a limit below 1 are UserErrors, before any request', async () => {
  const server = await scriptedServer([]);
  const agent = new Agent({ name: 'w', model: 'gpt-test' });
  for (const [toolExecution, pattern] of [
    [{ maxFunctionToolConcurrency: 0 }, /toolExecution\.maxFunctionToolConcurrency must be a positive integer/],
    [{ maxFunctionToolConcurrency: 1.5 }, /toolExecution\.maxFunctionToolConcurrency/],
    [{ maxConcurrency: 2 }, /Unknown RunConfig\.toolExecution key 'maxConcurrency'/],
    ['fast', /RunConfig\.toolExecution must be an object/],
  ] as const) {
    const { error } = await runIn('blocking', agent, 'go', { runConfig: { modelProvider: providerFor(server, true), toolExecution: toolExecution as never } });
    assert.ok(error instanceof UserError, String(error));
    assert.match(error.message, pattern);
  }
  assert.equal(server.requests.length, 0);
});
