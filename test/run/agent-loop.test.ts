// The agent loop through ScriptedModel: final text, tool turns, concurrency and ordering of
// tool outputs, run items, results (input list, raw responses, usage, last agent / response id),
// dynamic instructions, input forms and finalOutputAs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, RunContextWrapper, UserError, tool, MessageOutputItem, ToolCallOutputItem, type AgentInputItem,
} from '../../src/index.js';
import { ScriptedModel, functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { deferred, scriptedAgent, within } from './helpers.js';

test('a text reply is the final output after one model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('Hello there.')] }], { instructions: 'Be brief.' });
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'Hello there.');
  assert.equal(model.calls.length, 1);
  assert.deepEqual(model.calls[0]!.input, [{ role: 'user', content: 'hi' }]);
  assert.equal(model.calls[0]!.instructions, 'Be brief.');
  assert.deepEqual(model.calls[0]!.tools, []);
  assert.deepEqual(result.newItems.map((i) => i.type), ['message_output_item']);
  assert.equal(result.newItems[0]!.agent, agent);
  assert.equal((result.newItems[0] as MessageOutputItem).text, 'Hello there.');
});

test('several output_text parts of the last message are joined into the final output', async () => {
  const { agent } = scriptedAgent([
    { output: [textMessage('first message'), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hel' }, { type: 'output_text', text: 'lo' }] }] },
  ]);
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'Hello');
});

test('a tool turn then a text turn: the tool runs with parsed arguments and the model sees its output', async () => {
  const seen: unknown[] = [];
  const add = tool({
    name: 'add',
    description: 'Add two numbers',
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: (args) => {
      seen.push(args);
      return String(args.a + args.b);
    },
  });
  const { agent, model } = scriptedAgent([
    { output: [functionCall('add', { a: 2, b: 3 }, 'call_add')] },
    { output: [textMessage('The sum is 5.')] },
  ], { tools: [add] });
  const result = await Runner.run(agent, 'what is 2+3?');
  assert.equal(result.finalOutput, 'The sum is 5.');
  assert.deepEqual(seen, [{ a: 2, b: 3 }]);
  assert.equal(model.calls.length, 2);
  const second = model.calls[1]!.input;
  assert.equal(second.length, 3);
  assert.deepEqual(second[0], { role: 'user', content: 'what is 2+3?' });
  assert.equal((second[1] as { type: string }).type, 'function_call');
  assert.deepEqual(second[2], { type: 'function_call_output', call_id: 'call_add', output: '5' });
  assert.equal(model.calls[0]!.tools[0]!.name, 'add');
});

test('tools of one turn run concurrently and their outputs are appended in call order', async () => {
  const aStarted = deferred();
  const bStarted = deferred();
  const finished: string[] = [];
  // Each tool waits for the other to start: only a concurrent execution can finish both.
  const a = tool({
    name: 'tool_a', description: 'a', parameters: z.object({}),
    execute: async () => {
      aStarted.resolve();
      await within(bStarted.promise, 2000, 'tool_b to start');
      await new Promise((r) => setTimeout(r, 10)); // a finishes after b
      finished.push('a');
      return 'A';
    },
  });
  const b = tool({
    name: 'tool_b', description: 'b', parameters: z.object({}),
    execute: async () => {
      bStarted.resolve();
      await within(aStarted.promise, 2000, 'tool_a to start');
      finished.push('b');
      return 'B';
    },
  });
  const { agent, model } = scriptedAgent([
    { output: [functionCall('tool_a', {}, 'call_a'), functionCall('tool_b', {}, 'call_b')] },
    { output: [textMessage('done')] },
  ], { tools: [a, b] });
  const result = await Runner.run(agent, 'go');
  assert.deepEqual(finished, ['b', 'a'], 'b completed first');
  const outputs = result.newItems.filter((i): i is ToolCallOutputItem => i.type === 'tool_call_output_item');
  assert.deepEqual(outputs.map((o) => o.rawItem.call_id), ['call_a', 'call_b']);
  assert.deepEqual(outputs.map((o) => o.output), ['A', 'B']);
  const sent = model.calls[1]!.input.filter((i) => (i as { type?: string }).type === 'function_call_output');
  assert.deepEqual(sent.map((i) => (i as { call_id: string }).call_id), ['call_a', 'call_b']);
});

test('newItems hold every item type in output order, tied to the producing agent', async () => {
  const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({ q: z.string() }), execute: ({ q }) => `found ${q}` });
  const { agent } = scriptedAgent([
    { output: [reasoning('think first'), textMessage('Let me look.'), functionCall('lookup', { q: 'x' }, 'c1'), functionCall('lookup', { q: 'y' }, 'c2')] },
    { output: [reasoning('now answer'), textMessage('Found x and y.')] },
  ], { tools: [lookup] });
  const result = await Runner.run(agent, 'find');
  assert.deepEqual(result.newItems.map((i) => i.type), [
    'reasoning_item', 'message_output_item', 'tool_call_item', 'tool_call_item',
    'tool_call_output_item', 'tool_call_output_item', 'reasoning_item', 'message_output_item',
  ]);
  assert.ok(result.newItems.every((i) => i.agent === agent));
  const outputs = result.newItems.filter((i) => i.type === 'tool_call_output_item');
  assert.deepEqual(outputs.map((o) => o.rawItem.output), ['found x', 'found y']);
  // toInputItem() gives the wire item itself.
  for (const item of result.newItems) assert.equal(item.toInputItem(), item.rawItem);
  assert.equal(result.finalOutput, 'Found x and y.');
});

test('toInputList() is the input followed by the generated items, ready for a next run', async () => {
  const echo = tool({ name: 'echo', description: 'e', parameters: z.object({ v: z.string() }), execute: ({ v }) => v });
  const { agent, model } = scriptedAgent([
    { output: [functionCall('echo', { v: 'ping' }, 'c1')] },
    { output: [textMessage('pong')] },
    { output: [textMessage('second run')] },
  ], { tools: [echo] });
  const result = await Runner.run(agent, 'start');
  const list = result.toInputList();
  assert.equal(list.length, 4);
  assert.deepEqual(list[0], { role: 'user', content: 'start' });
  assert.deepEqual(list.slice(1), result.newItems.map((i) => i.rawItem));
  assert.deepEqual((list[2] as { output: string }).output, 'ping');

  const next: AgentInputItem[] = [...list, { role: 'user', content: 'again' }];
  const second = await Runner.run(agent, next);
  assert.equal(second.finalOutput, 'second run');
  assert.deepEqual(model.calls[2]!.input, structuredClone(next));
});

test('rawResponses, lastResponseId and usage summed over every model call', async () => {
  const noop = tool({ name: 'noop', description: 'n', parameters: z.object({}), execute: () => 'ok' });
  const { agent } = scriptedAgent([
    { output: [functionCall('noop', {}, 'c1')], usage: { inputTokens: 10, outputTokens: 5 }, responseId: 'resp_one' },
    { output: [functionCall('noop', {}, 'c2')], usage: { inputTokens: 20, outputTokens: 7, totalTokens: 30 }, responseId: 'resp_two' },
    { output: [textMessage('done')], usage: { inputTokens: 40, outputTokens: 1 }, responseId: 'resp_three' },
  ], { tools: [noop] });
  const result = await Runner.run(agent, 'go');
  assert.deepEqual(result.rawResponses.map((r) => r.responseId), ['resp_one', 'resp_two', 'resp_three']);
  assert.deepEqual(result.rawResponses.map((r) => r.usage.inputTokens), [10, 20, 40]);
  assert.equal(result.rawResponses[2]!.output[0]!.type, 'message');
  assert.equal(result.lastResponseId, 'resp_three');
  const usage = result.contextWrapper.usage;
  assert.equal(usage.requests, 3);
  assert.equal(usage.inputTokens, 70);
  assert.equal(usage.outputTokens, 13);
  assert.equal(usage.totalTokens, 15 + 30 + 41);
});

test('lastAgent is the agent that produced the final output', async () => {
  const { agent } = scriptedAgent([{ output: [textMessage('x')] }]);
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.lastAgent, agent);
});

test('dynamic instructions: a sync function gets the run context and the agent, before every call', async () => {
  const calls: Array<{ ctx: unknown; agent: unknown; turn: number }> = [];
  const noop = tool({ name: 'noop', description: 'n', parameters: z.object({}), execute: () => 'ok' });
  const model = new ScriptedModel([{ output: [functionCall('noop', {}, 'c1')] }, { output: [textMessage('done')] }]);
  const agent: Agent<{ user: string }> = new Agent<{ user: string }>({
    name: 'dyn',
    model,
    tools: [noop],
    instructions: (ctx, a) => {
      calls.push({ ctx, agent: a, turn: ctx.usage.requests });
      return `Help ${ctx.context.user} (turn ${ctx.usage.requests + 1})`;
    },
  });
  const context = { user: 'Ada' };
  const result = await Runner.run(agent, 'hi', { context });
  assert.equal(result.contextWrapper.context, context);
  assert.equal(calls.length, 2);
  assert.ok(calls[0]!.ctx instanceof RunContextWrapper);
  assert.equal((calls[0]!.ctx as RunContextWrapper<{ user: string }>).context, context);
  assert.equal(calls[0]!.agent, agent);
  assert.deepEqual(model.calls.map((c) => c.instructions), ['Help Ada (turn 1)', 'Help Ada (turn 2)']);
});

test('dynamic instructions: an async function is awaited', async () => {
  const { agent, model } = scriptedAgent<{ lang: string }>([{ output: [textMessage('ok')] }], {
    instructions: async (ctx) => {
      await new Promise((r) => setTimeout(r, 1));
      return `Answer in ${ctx.context.lang}.`;
    },
  });
  await Runner.run(agent, 'hi', { context: { lang: 'French' } });
  assert.equal(model.calls[0]!.instructions, 'Answer in French.');
});

test('dynamic instructions returning a non-string fail the run with a UserError before the model call', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }], {
    instructions: (() => 42) as unknown as () => string,
  });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => e instanceof UserError && /instructions/.test(e.message));
  assert.equal(model.calls.length, 0);
});

test('no instructions: the model gets none', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }]);
  await Runner.run(agent, 'hi');
  assert.equal(model.calls[0]!.instructions, undefined);
});

test('a string input is one user message; an items input is sent as given', async () => {
  const items: AgentInputItem[] = [
    { role: 'system', content: 'context line' },
    { role: 'user', content: [{ type: 'input_text', text: 'first' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'earlier answer' }] },
    { role: 'user', content: 'second' },
  ];
  const { agent, model } = scriptedAgent([{ output: [textMessage('a')] }, { output: [textMessage('b')] }]);
  const fromString = await Runner.run(agent, 'plain');
  assert.equal(fromString.input, 'plain');
  assert.deepEqual(model.calls[0]!.input, [{ role: 'user', content: 'plain' }]);
  const fromItems = await Runner.run(agent, items);
  assert.deepEqual(fromItems.input, items);
  assert.deepEqual(model.calls[1]!.input, items);
  assert.deepEqual(fromItems.toInputList().slice(0, 4), items);
});

test('the caller\'s input array is not mutated by the run', async () => {
  const noop = tool({ name: 'noop', description: 'n', parameters: z.object({}), execute: () => 'ok' });
  const { agent } = scriptedAgent([{ output: [functionCall('noop', {}, 'c1')] }, { output: [textMessage('done')] }], { tools: [noop] });
  const items: AgentInputItem[] = [{ role: 'user', content: 'hi' }];
  await Runner.run(agent, items);
  assert.deepEqual(items, [{ role: 'user', content: 'hi' }]);
});

test('input that is neither string, items nor RunState is a UserError', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('a')] }]);
  await assert.rejects(Runner.run(agent, 42 as unknown as string), UserError);
  assert.equal(model.calls.length, 0);
});

test('finalOutputAs() returns the output typed, validating with a zod schema', async () => {
  const { agent } = scriptedAgent([{ output: [textMessage('42')] }]);
  const result = await Runner.run(agent, 'hi');
  const asString: string = result.finalOutputAs<string>();
  assert.equal(asString, '42');
  assert.equal(result.finalOutputAs(z.string()), '42');
  assert.equal(result.finalOutputAs(z.string().transform((s) => Number(s))), 42);
  assert.throws(() => result.finalOutputAs(z.number()), (e: unknown) => e instanceof UserError && /does not match/.test(e.message));
});

test('a Runner instance applies its defaults under each call\'s runConfig', async () => {
  const model = new ScriptedModel([{ output: [textMessage('from default model')] }]);
  const agent = new Agent({ name: 'plain' });
  const runner = new Runner({ model, workflowName: 'defaults' });
  const result = await runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'from default model');
  assert.equal(model.calls.length, 1);
});

test('agent.clone(overrides) copies the config with some fields replaced; the original is unchanged', async () => {
  const echo = tool({ name: 'echo', description: 'e', parameters: z.object({}), execute: () => 'e' });
  const model = new ScriptedModel([{ output: [textMessage('from clone')] }]);
  const original = new Agent({ name: 'orig', instructions: 'original', model, tools: [echo], modelSettings: { temperature: 0.5 } });
  const copy = original.clone({ name: 'copy', instructions: 'changed' });
  assert.notEqual(copy, original);
  assert.equal(copy.name, 'copy');
  assert.equal(copy.instructions, 'changed');
  assert.equal(copy.model, model);
  assert.deepEqual(copy.tools, [echo]);
  assert.deepEqual(copy.modelSettings, { temperature: 0.5 });
  assert.equal(original.name, 'orig');
  assert.equal(original.instructions, 'original');
  const result = await Runner.run(copy, 'hi');
  assert.equal(result.lastAgent, copy);
  assert.equal(model.calls[0]!.instructions, 'changed');
});

test('an agent needs a non-empty name', () => {
  assert.throws(() => new Agent({ name: '' }), UserError);
  assert.throws(() => new Agent({ name: '   ' }), UserError);
  assert.throws(() => new Agent(undefined as never), UserError);
});
