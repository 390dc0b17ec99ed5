// toolUseBehavior in its four forms, and resetToolChoice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, RunContextWrapper, UserError, tool, type FunctionToolResult, type ToolUseBehavior } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { scriptedAgent } from './helpers.js';

const weather = tool({ name: 'weather', description: 'w', parameters: z.object({ city: z.string() }), execute: ({ city }) => ({ city, temp: 20 }) });
const news = tool({ name: 'news', description: 'n', parameters: z.object({}), execute: async () => 'no news' });

function twoToolScript() {
  return [
    { output: [functionCall('news', {}, 'c_news'), functionCall('weather', { city: 'Oslo' }, 'c_weather')] },
    { output: [textMessage('summary from the model')] },
  ];
}

test("'run_llm_again' (default): tool outputs go back to the model, whose text is the final output", async () => {
  for (const config of [{}, { toolUseBehavior: 'run_llm_again' as const }]) {
    const { agent, model } = scriptedAgent(twoToolScript(), { tools: [weather, news], ...config });
    const result = await Runner.run(agent, 'hi');
    assert.equal(result.finalOutput, 'summary from the model');
    assert.equal(model.calls.length, 2);
  }
});

test("'stop_on_first_tool': the first tool's output (raw value) is the final output; no second model call", async () => {
  const { agent, model } = scriptedAgent(twoToolScript(), { tools: [weather, news], toolUseBehavior: 'stop_on_first_tool' });
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'no news');
  assert.equal(model.calls.length, 1);
  assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_item', 'tool_call_output_item', 'tool_call_output_item']);

  const reversed = scriptedAgent([{ output: [functionCall('weather', { city: 'Rome' }, 'c1'), functionCall('news', {}, 'c2')] }], {
    tools: [weather, news], toolUseBehavior: 'stop_on_first_tool',
  });
  const r2 = await Runner.run(reversed.agent, 'hi');
  assert.deepEqual(r2.finalOutput, { city: 'Rome', temp: 20 }, 'the first call in the model\'s order, as the raw value');
});

test("'stop_on_first_tool' still lets a text-only reply end the run normally", async () => {
  const { agent } = scriptedAgent([{ output: [textMessage('no tools needed')] }], { tools: [weather], toolUseBehavior: 'stop_on_first_tool' });
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'no tools needed');
});

test('{ stopAtToolNames }: stops when a listed tool ran, with that tool\'s output', async () => {
  const { agent, model } = scriptedAgent(twoToolScript(), { tools: [weather, news], toolUseBehavior: { stopAtToolNames: ['weather'] } });
  const result = await Runner.run(agent, 'hi');
  assert.deepEqual(result.finalOutput, { city: 'Oslo', temp: 20 });
  assert.equal(model.calls.length, 1);
});

test('{ stopAtToolNames }: other tools loop back to the model', async () => {
  const { agent, model } = scriptedAgent([
    { output: [functionCall('news', {}, 'c1')] },
    { output: [functionCall('weather', { city: 'Lima' }, 'c2')] },
    { output: [textMessage('never reached')] },
  ], { tools: [weather, news], toolUseBehavior: { stopAtToolNames: ['weather', 'not_a_tool'] } });
  const result = await Runner.run(agent, 'hi');
  assert.deepEqual(result.finalOutput, { city: 'Lima', temp: 20 });
  assert.equal(model.calls.length, 2);
});

test('a function gets (ctx, results with { tool, output, runItem }) in call order and decides', async () => {
  const seen: Array<{ ctx: unknown; results: FunctionToolResult[] }> = [];
  const behavior: ToolUseBehavior = async (ctx, results) => {
    seen.push({ ctx, results });
    const w = results.find((r) => r.tool.name === 'weather');
    return w ? { isFinalOutput: true, finalOutput: `It is ${(w.output as { temp: number }).temp} degrees` } : { isFinalOutput: false };
  };
  const { agent, model } = scriptedAgent([
    { output: [functionCall('news', {}, 'c1')] },
    { output: [functionCall('news', {}, 'c2'), functionCall('weather', { city: 'Oslo' }, 'c3')] },
    { output: [textMessage('never')] },
  ], { tools: [weather, news], toolUseBehavior: behavior });
  const context = { id: 'ctx' };
  const result = await Runner.run(agent, 'hi', { context });
  assert.equal(result.finalOutput, 'It is 20 degrees');
  assert.equal(model.calls.length, 2);
  assert.equal(seen.length, 2);
  assert.ok(seen[0]!.ctx instanceof RunContextWrapper);
  assert.equal((seen[0]!.ctx as RunContextWrapper).context, context);
  const second = seen[1]!.results;
  assert.deepEqual(second.map((r) => r.tool.name), ['news', 'weather']);
  assert.deepEqual(second.map((r) => r.output), ['no news', { city: 'Oslo', temp: 20 }]);
  assert.equal(second[0]!.tool, news);
  assert.equal(second[1]!.runItem.type, 'tool_call_output_item');
  assert.equal(second[1]!.runItem.rawItem.call_id, 'c3');
  assert.equal(second[1]!.runItem, result.newItems[result.newItems.length - 1]);
});

test('a function returning something else than { isFinalOutput: boolean } is a UserError', async () => {
  const { agent } = scriptedAgent([{ output: [functionCall('news', {}, 'c1')] }], {
    tools: [news], toolUseBehavior: () => ({ isFinalOutput: 'yes' }) as never,
  });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => e instanceof UserError && /toolUseBehavior/.test(e.message));
});

test('an invalid toolUseBehavior is a UserError when the agent is created', () => {
  assert.throws(() => new Agent({ name: 'x', toolUseBehavior: 'stop' as never }), (e: unknown) => e instanceof UserError && /toolUseBehavior/.test(e.message));
  assert.throws(() => new Agent({ name: 'x', toolUseBehavior: { stopAt: [] } as never }), UserError);
});

test("resetToolChoice (default): toolChoice 'required' is sent first, then reset once the agent used a tool", async () => {
  const { agent, model } = scriptedAgent([
    { output: [functionCall('news', {}, 'c1')] },
    { output: [textMessage('done')] },
  ], { tools: [news], modelSettings: { toolChoice: 'required', temperature: 0.3 } });
  await Runner.run(agent, 'hi');
  assert.equal(model.calls[0]!.modelSettings.toolChoice, 'required');
  assert.equal(model.calls[1]!.modelSettings.toolChoice, undefined);
  assert.equal(model.calls[1]!.modelSettings.temperature, 0.3, 'other settings are kept');
  assert.equal(agent.modelSettings.toolChoice, 'required', 'the agent is not changed');
});

test('resetToolChoice applies to a toolChoice forced through RunConfig.modelSettings too', async () => {
  const { agent, model } = scriptedAgent([{ output: [functionCall('news', {}, 'c1')] }, { output: [textMessage('done')] }], { tools: [news] });
  await Runner.run(agent, 'hi', { runConfig: { modelSettings: { toolChoice: 'news' } } });
  assert.equal(model.calls[0]!.modelSettings.toolChoice, 'news');
  assert.equal(model.calls[1]!.modelSettings.toolChoice, undefined);
});

test('resetToolChoice: false keeps the forced toolChoice on every call', async () => {
  const { agent, model } = scriptedAgent([
    { output: [functionCall('news', {}, 'c1')] },
    { output: [functionCall('news', {}, 'c2')] },
    { output: [textMessage('done')] },
  ], { tools: [news], modelSettings: { toolChoice: 'required' }, resetToolChoice: false });
  await Runner.run(agent, 'hi');
  assert.deepEqual(model.calls.map((c) => c.modelSettings.toolChoice), ['required', 'required', 'required']);
});

test('toolChoice is reset only after a tool was used, and each run starts afresh', async () => {
  const { agent, model } = scriptedAgent([
    { output: [textMessage('no tool')] },
    { output: [functionCall('news', {}, 'c1')] }, { output: [textMessage('done')] },
  ], { tools: [news], modelSettings: { toolChoice: 'required' } });
  await Runner.run(agent, 'hi');
  await Runner.run(agent, 'again');
  assert.deepEqual(model.calls.map((c) => c.modelSettings.toolChoice), ['required', 'required', undefined]);
});
