// Function tools: definition and schema checks, what the model is sent, ToolContext, outputs,
// failures (default text, custom, null), argument errors, timeouts and isEnabled.
// Human approval is in tool-approval.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, ModelBehaviorError, ToolTimeoutError, UserError, tool,
  type ToolCallOutputItem, type ToolContext,
} from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { outputFor, scriptedAgent } from './helpers.js';

const DEFAULT_FAILURE = 'An error occurred while running the tool. Please try again. Error: ';

test('a zod tool is sent as a strict JSON schema: additionalProperties false, every property required', async () => {
  const weather = tool({
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string(), units: z.enum(['c', 'f']).nullable(), where: z.object({ lat: z.number() }) }),
    execute: () => 'sunny',
  });
  const { agent, model } = scriptedAgent([{ output: [textMessage('ok')] }], { tools: [weather] });
  await Runner.run(agent, 'hi');
  const sent = model.calls[0]!.tools[0]!;
  assert.equal(sent.type, 'function');
  assert.equal(sent.name, 'get_weather');
  assert.equal(sent.description, 'Weather for a city');
  assert.equal(sent.strict, true);
  const params = sent.parameters as { type: string; additionalProperties: boolean; required: string[]; properties: Record<string, { additionalProperties?: boolean; required?: string[] }> };
  assert.equal(params.type, 'object');
  assert.equal(params.additionalProperties, false);
  assert.deepEqual(params.required, ['city', 'units', 'where']);
  assert.equal(params.properties.where!.additionalProperties, false);
  assert.deepEqual(params.properties.where!.required, ['lat']);
  assert.equal('$schema' in params, false);
});

test('a JSON-schema tool is made strict too, and its execute gets the parsed object', async () => {
  const seen: unknown[] = [];
  const search = tool({
    name: 'search',
    description: 'Search',
    parameters: { type: 'object', properties: { q: { type: 'string' }, limit: { type: 'integer' } }, required: ['q', 'limit'] },
    execute: (args) => {
      seen.push(args);
      return 'results';
    },
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('search', { q: 'cats', limit: 3 }, 'c1')] }, { output: [textMessage('ok')] }], { tools: [search] });
  await Runner.run(agent, 'hi');
  assert.deepEqual(model.calls[0]!.tools[0]!.parameters, {
    type: 'object', properties: { q: { type: 'string' }, limit: { type: 'integer' } }, required: ['q', 'limit'], additionalProperties: false,
  });
  assert.deepEqual(seen, [{ q: 'cats', limit: 3 }]);
});

test('strict: false sends the schema as given (optional fields allowed) with strict false', async () => {
  const loose = tool({
    name: 'loose',
    description: 'l',
    parameters: z.object({ a: z.string(), b: z.number().optional() }),
    strict: false,
    execute: (args) => JSON.stringify(args),
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('loose', { a: 'x' }, 'c1')] }, { output: [textMessage('ok')] }], { tools: [loose] });
  await Runner.run(agent, 'hi');
  const sent = model.calls[0]!.tools[0]!;
  assert.equal(sent.strict, false);
  assert.deepEqual((sent.parameters as { required: string[] }).required, ['a']);
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), '{"a":"x"}');
});

test('an optional zod field in a strict tool is a UserError at tool(), naming the field', () => {
  assert.throws(
    () => tool({ name: 't', description: 'd', parameters: z.object({ a: z.string(), maybe: z.string().optional() }), execute: () => '' }),
    (e: unknown) => e instanceof UserError && /maybe/.test(e.message) && /optional/.test(e.message),
  );
});

test('a non-object parameters schema is a UserError at tool()', () => {
  assert.throws(() => tool({ name: 't', description: 'd', parameters: z.string() as never, execute: () => '' }), (e: unknown) => e instanceof UserError && /object/.test(e.message));
  assert.throws(() => tool({ name: 't', description: 'd', parameters: { type: 'array' } as never, execute: () => '' }), UserError);
});

test('an invalid tool name is a UserError at tool()', () => {
  for (const name of ['', 'has space', 'dots.not.allowed', 'x'.repeat(65), 42 as unknown as string]) {
    assert.throws(() => tool({ name, description: 'd', parameters: z.object({}), execute: () => '' }), UserError, JSON.stringify(name));
  }
  assert.doesNotThrow(() => tool({ name: 'ok-Name_1', description: 'd', parameters: z.object({}), execute: () => '' }));
});

test('ToolContext carries context, usage, toolName, toolCallId, toolArguments, agent and signal', async () => {
  let seen: ToolContext<{ userId: string }> | undefined;
  let usageAtCall: unknown;
  const whoami = tool({
    name: 'whoami',
    description: 'w',
    parameters: z.object({ verbose: z.boolean() }),
    execute: (_args, ctx: ToolContext<{ userId: string }>) => {
      seen = ctx;
      usageAtCall = { ...ctx.usage };
      return ctx.context.userId;
    },
  });
  const model = new ScriptedModel([
    { output: [functionCall('whoami', '{"verbose": true}', 'call_who')], usage: { inputTokens: 11, outputTokens: 2 } },
    { output: [textMessage('ok')] },
  ]);
  const agent = new Agent<{ userId: string }>({ name: 'ctx-agent', model, tools: [whoami] });
  const context = { userId: 'u-42' };
  await Runner.run(agent, 'hi', { context });
  assert.ok(seen);
  assert.equal(seen.context, context);
  assert.deepEqual(usageAtCall, { requests: 1, inputTokens: 11, outputTokens: 2, totalTokens: 13 });
  assert.equal(seen.usage.requests, 2, 'ctx.usage is the run\'s live usage');
  assert.equal(seen.toolName, 'whoami');
  assert.equal(seen.toolCallId, 'call_who');
  assert.equal(seen.toolArguments, '{"verbose": true}');
  assert.equal(seen.agent, agent);
  assert.ok(seen.signal instanceof AbortSignal);
  assert.equal(seen.signal.aborted, false);
  assert.equal(outputFor(model.calls[1]!.input, 'call_who'), 'u-42');
});

test('a non-string return: the output item keeps the raw value, the wire output is its JSON text', async () => {
  const data = tool({ name: 'data', description: 'd', parameters: z.object({}), execute: () => ({ temp: 21, tags: ['a'] }) });
  const count = tool({ name: 'count', description: 'c', parameters: z.object({}), execute: async () => 7 });
  const { agent, model } = scriptedAgent([
    { output: [functionCall('data', {}, 'c1'), functionCall('count', {}, 'c2')] },
    { output: [textMessage('ok')] },
  ], { tools: [data, count] });
  const result = await Runner.run(agent, 'hi');
  const outputs = result.newItems.filter((i): i is ToolCallOutputItem => i.type === 'tool_call_output_item');
  assert.deepEqual(outputs[0]!.output, { temp: 21, tags: ['a'] });
  assert.equal(outputs[0]!.rawItem.output, '{"temp":21,"tags":["a"]}');
  assert.equal(outputs[1]!.output, 7);
  assert.equal(outputs[1]!.rawItem.output, '7');
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), '{"temp":21,"tags":["a"]}');
});

test('a throwing tool sends the default failure text to the model and the run continues', async () => {
  const failing = tool({ name: 'failing', description: 'f', parameters: z.object({}), execute: async () => { throw new Error('database offline'); } });
  const { agent, model } = scriptedAgent([{ output: [functionCall('failing', {}, 'c1')] }, { output: [textMessage('sorry')] }], { tools: [failing] });
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, 'sorry');
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), `${DEFAULT_FAILURE}database offline`);
  const out = result.newItems.find((i): i is ToolCallOutputItem => i.type === 'tool_call_output_item')!;
  assert.equal(out.output, `${DEFAULT_FAILURE}database offline`);
});

test('a custom failureErrorFunction (sync or async) gets the run context and the error', async () => {
  const seen: unknown[] = [];
  const make = (name: string, async: boolean) => tool({
    name, description: 'f', parameters: z.object({}),
    execute: () => { throw new TypeError(`bad ${name}`); },
    failureErrorFunction: async
      ? async (ctx, error) => { seen.push(ctx.context); return `async handled: ${(error as Error).message}`; }
      : (ctx, error) => { seen.push(ctx.context); return `handled ${(error as Error).name}`; },
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('one', {}, 'c1'), functionCall('two', {}, 'c2')] }, { output: [textMessage('ok')] }], {
    tools: [make('one', false), make('two', true)],
  });
  const context = { tag: 'ctx' };
  await Runner.run(agent, 'hi', { context });
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), 'handled TypeError');
  assert.equal(outputFor(model.calls[1]!.input, 'c2'), 'async handled: bad two');
  assert.deepEqual(seen, [context, context]);
});

test('failureErrorFunction: null makes a tool error fail the run with a UserError containing its message', async () => {
  const failing = tool({ name: 'strict_tool', description: 'f', parameters: z.object({}), execute: () => { throw new Error('exploded here'); }, failureErrorFunction: null });
  const { agent, model } = scriptedAgent([{ output: [functionCall('strict_tool', {}, 'c1')] }, { output: [textMessage('never')] }], { tools: [failing] });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /exploded here/);
    assert.match(e.message, /strict_tool/);
    assert.equal((e.cause as Error).message, 'exploded here');
    assert.deepEqual(e.runData?.newItems.map((i) => i.type), ['tool_call_item']);
    return true;
  });
  assert.equal(model.calls.length, 1);
});

test('invalid argument JSON: error text to the model by default; ModelBehaviorError with failureErrorFunction null', async () => {
  let ran = false;
  const make = (failureErrorFunction?: null) => tool({
    name: 'parse_me', description: 'p', parameters: z.object({ n: z.number() }), execute: () => { ran = true; return 'ran'; },
    ...(failureErrorFunction === null && { failureErrorFunction }),
  });
  const lenient = scriptedAgent([{ output: [functionCall('parse_me', '{"n": 1', 'c1')] }, { output: [textMessage('ok')] }], { tools: [make()] });
  const result = await Runner.run(lenient.agent, 'hi');
  assert.equal(result.finalOutput, 'ok');
  const text = outputFor(lenient.model.calls[1]!.input, 'c1')!;
  assert.ok(text.startsWith(DEFAULT_FAILURE), text);
  assert.match(text, /Invalid JSON/);
  assert.match(text, /parse_me/);

  const strict = scriptedAgent([{ output: [functionCall('parse_me', 'not json', 'c1')] }], { tools: [make(null)] });
  await assert.rejects(Runner.run(strict.agent, 'hi'), (e: unknown) => e instanceof ModelBehaviorError && /Invalid JSON/.test(e.message) && /parse_me/.test(e.message));
  assert.equal(ran, false);
});

test('arguments failing zod validation never reach execute; the model is told what is wrong', async () => {
  let ran = false;
  const typed = tool({ name: 'typed', description: 't', parameters: z.object({ n: z.number().int().min(1) }), execute: () => { ran = true; return 'ran'; } });
  const { agent, model } = scriptedAgent([{ output: [functionCall('typed', { n: 'three' }, 'c1')] }, { output: [textMessage('ok')] }], { tools: [typed] });
  await Runner.run(agent, 'hi');
  assert.equal(ran, false);
  const text = outputFor(model.calls[1]!.input, 'c1')!;
  assert.ok(text.startsWith(DEFAULT_FAILURE), text);
  assert.match(text, /Invalid arguments for tool 'typed'/);
  assert.match(text, /n/);

  const strictTyped = tool({ name: 'typed', description: 't', parameters: z.object({ n: z.number() }), execute: () => 'ran', failureErrorFunction: null });
  const s = scriptedAgent([{ output: [functionCall('typed', { n: 'x' }, 'c1')] }], { tools: [strictTyped] });
  await assert.rejects(Runner.run(s.agent, 'hi'), ModelBehaviorError);
});

test('empty argument text is parsed as {}', async () => {
  const seen: unknown[] = [];
  const noArgs = tool({ name: 'no_args', description: 'n', parameters: z.object({}), execute: (args) => { seen.push(args); return 'ok'; } });
  const { agent } = scriptedAgent([{ output: [functionCall('no_args', '', 'c1')] }, { output: [textMessage('ok')] }], { tools: [noArgs] });
  await Runner.run(agent, 'hi');
  assert.deepEqual(seen, [{}]);
});

test('timeoutMs: a slow tool gives an error text naming the tool and the run continues; its signal is aborted', async () => {
  let signal: AbortSignal | undefined;
  const slow = tool({
    name: 'slow_tool', description: 's', parameters: z.object({}), timeoutMs: 20,
    execute: (_args, ctx) => new Promise((resolve) => {
      signal = ctx.signal;
      const timer = setTimeout(() => resolve('too late'), 2000);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); resolve('aborted'); });
    }),
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('slow_tool', {}, 'c1')] }, { output: [textMessage('moved on')] }], { tools: [slow] });
  const started = Date.now();
  const result = await Runner.run(agent, 'hi');
  assert.ok(Date.now() - started < 1000);
  assert.equal(result.finalOutput, 'moved on');
  const text = outputFor(model.calls[1]!.input, 'c1')!;
  assert.match(text, /slow_tool/);
  assert.match(text, /timed out/);
  assert.ok(signal?.aborted, 'the tool\'s signal is aborted on timeout');
  assert.ok(signal.reason instanceof ToolTimeoutError);
});

test('timeoutBehavior raise_exception: the run fails with ToolTimeoutError', async () => {
  let signal: AbortSignal | undefined;
  const slow = tool({
    name: 'slow_tool', description: 's', parameters: z.object({}), timeoutMs: 15, timeoutBehavior: 'raise_exception',
    execute: (_args, ctx) => { signal = ctx.signal; return new Promise((r) => setTimeout(() => r('late'), 200)); },
  });
  const { agent, model } = scriptedAgent([{ output: [functionCall('slow_tool', {}, 'c1')] }, { output: [textMessage('never')] }], { tools: [slow] });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => {
    assert.ok(e instanceof ToolTimeoutError);
    assert.equal(e.toolName, 'slow_tool');
    assert.equal(e.timeoutMs, 15);
    assert.match(e.message, /slow_tool/);
    assert.ok(e.runData);
    return true;
  });
  assert.equal(model.calls.length, 1);
  assert.ok(signal?.aborted);
});

test('a tool that finishes within timeoutMs returns normally', async () => {
  const quick = tool({ name: 'quick', description: 'q', parameters: z.object({}), timeoutMs: 500, execute: async () => 'fast' });
  const { agent, model } = scriptedAgent([{ output: [functionCall('quick', {}, 'c1')] }, { output: [textMessage('ok')] }], { tools: [quick] });
  await Runner.run(agent, 'hi');
  assert.equal(outputFor(model.calls[1]!.input, 'c1'), 'fast');
});

test('timeoutMs must be positive', () => {
  assert.throws(() => tool({ name: 't', description: 'd', parameters: z.object({}), timeoutMs: 0, execute: () => '' }), UserError);
});

test('isEnabled false hides a tool from the model; a function decides per turn from the context', async () => {
  const on = tool({ name: 'visible', description: 'v', parameters: z.object({}), execute: () => 'v' });
  const off = tool({ name: 'hidden', description: 'h', parameters: z.object({}), isEnabled: false, execute: () => 'h' });
  const seen: unknown[] = [];
  const admin = tool({
    name: 'admin_only', description: 'a', parameters: z.object({}), execute: () => 'a',
    isEnabled: (ctx, agent) => { seen.push(agent.name); return (ctx.context as { admin: boolean }).admin; },
  });
  const model = new ScriptedModel([{ output: [textMessage('one')] }, { output: [textMessage('two')] }]);
  const agent = new Agent<{ admin: boolean }>({ name: 'gate', model, tools: [on, off, admin] });
  await Runner.run(agent, 'hi', { context: { admin: false } });
  await Runner.run(agent, 'hi', { context: { admin: true } });
  assert.deepEqual(model.calls[0]!.tools.map((t) => t.name), ['visible']);
  assert.deepEqual(model.calls[1]!.tools.map((t) => t.name), ['visible', 'admin_only']);
  assert.deepEqual(seen, ['gate', 'gate']);
});

test('a tool added to or removed from agent.tools between runs is what the next run offers and runs', async () => {
  const made = (name: string) => tool({ name, description: name, parameters: z.object({}), execute: () => `${name} ran` });
  const first = made('first');
  const second = made('second');
  const { agent, model } = scriptedAgent(
    [
      { output: [textMessage('one')] },
      { output: [functionCall('second', {}, 'c1')] },
      { output: [textMessage('two')] },
      { output: [textMessage('three')] },
    ],
    { tools: [first] },
  );
  await Runner.run(agent, 'a');
  agent.tools.push(second);
  const result = await Runner.run(agent, 'b');
  agent.tools.splice(0, 1);
  await Runner.run(agent, 'c');
  assert.deepEqual(model.calls.map((c) => c.tools.map((t) => t.name)), [['first'], ['first', 'second'], ['first', 'second'], ['second']]);
  assert.equal(outputFor(result.toInputList(), 'c1'), 'second ran');
});

test('a call to a disabled tool is treated as an unknown tool', async () => {
  const off = tool({ name: 'hidden', description: 'h', parameters: z.object({}), isEnabled: false, execute: () => 'h' });
  const { agent } = scriptedAgent([{ output: [functionCall('hidden', {}, 'c1')] }], { tools: [off] });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => e instanceof ModelBehaviorError && /hidden/.test(e.message));
});

test('a misspelt or wrongly typed tool() option is a UserError naming it (a typo must not skip an approval)', () => {
  const base = { name: 'checked', description: 'd', parameters: z.object({}), execute: () => '' };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ needApproval: true }, /'needApproval'.*'needsApproval'/],
    [{ timeout_ms: 5 }, /'timeout_ms'.*'timeoutMs'/],
    [{ enabled: false }, /'enabled'/],
    [{ description: 5 }, /description/],
    [{ strict: 'yes' }, /strict/],
    [{ failureErrorFunction: 'text' }, /failureErrorFunction/],
    [{ needsApproval: 'always' }, /needsApproval/],
    [{ isEnabled: 0 }, /isEnabled/],
    [{ timeoutBehavior: 'throw' }, /timeoutBehavior/],
    [{ inputGuardrails: {} }, /inputGuardrails/],
  ];
  for (const [extra, pattern] of cases) {
    assert.throws(() => tool({ ...base, ...extra } as never), (e: unknown) => e instanceof UserError && /checked/.test(e.message) && pattern.test(e.message), JSON.stringify(extra));
  }
});
