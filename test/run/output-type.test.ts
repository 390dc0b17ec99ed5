// Structured output (zod and JSON schema), invalid output and refusals with their error handlers,
// RunErrorHandlerResult semantics, guardrails and hooks on handler output, empty responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, ModelBehaviorError, ModelRefusalError, OutputGuardrailTripwireTriggered, RunErrorHandlerResult,
  RunContextWrapper, outputGuardrail, tool, type RunErrorHandlerInput, type MessageOutputItem,
} from '../../src/index.js';
import { ScriptedModel, functionCall, refusal, textMessage } from '../../src/testing/index.js';
import { scriptedAgent } from './helpers.js';

const Weather = z.object({ city: z.string(), temp: z.number(), conditions: z.enum(['sunny', 'rainy']) });

test('a zod object output type: the schema is sent strict, the last message is parsed and typed', async () => {
  const model = new ScriptedModel([{ output: [textMessage('{"city":"Oslo","temp":-3,"conditions":"sunny"}')] }]);
  const agent = new Agent({ name: 'forecaster', model, outputType: Weather });
  const result = await Runner.run(agent, 'weather?');
  const out: z.infer<typeof Weather> | undefined = result.finalOutput;
  assert.deepEqual(out, { city: 'Oslo', temp: -3, conditions: 'sunny' });
  const sent = model.calls[0]!.outputType!;
  assert.equal(sent.name, 'final_output');
  assert.equal(sent.strict, true);
  assert.equal(sent.schema.type, 'object');
  assert.equal(sent.schema.additionalProperties, false);
  assert.deepEqual(sent.schema.required, ['city', 'temp', 'conditions']);
});

test('zod transforms and defaults apply to the parsed output', async () => {
  const Out = z.object({ n: z.string().transform((s) => Number(s)) });
  const { agent } = scriptedAgent<unknown, { n: number }>([{ output: [textMessage('{"n":"12"}')] }], { outputType: Out });
  const result = await Runner.run(agent, 'hi');
  assert.deepEqual(result.finalOutput, { n: 12 });
});

test('a non-object zod output type is wrapped as { response } on the wire and unwrapped in the result', async () => {
  const model = new ScriptedModel([{ output: [textMessage('{"response":["a","b"]}')] }]);
  const agent = new Agent({ name: 'lister', model, outputType: z.array(z.string()) });
  const result = await Runner.run(agent, 'list');
  assert.deepEqual(result.finalOutput, ['a', 'b']);
  const schema = model.calls[0]!.outputType!.schema as { type: string; required: string[]; properties: { response: { type: string } } };
  assert.equal(schema.type, 'object');
  assert.deepEqual(schema.required, ['response']);
  assert.equal(schema.properties.response.type, 'array');

  const bare = scriptedAgent([{ output: [textMessage('["a"]')] }], { outputType: z.array(z.string()) });
  await assert.rejects(Runner.run(bare.agent, 'list'), (e: unknown) => e instanceof ModelBehaviorError && /response/.test(e.message));
});

test('a JSON-schema output type: sent with its name, validated, returned as parsed JSON', async () => {
  const outputType = {
    type: 'json_schema' as const,
    name: 'person',
    schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false },
  };
  const model = new ScriptedModel([
    { output: [textMessage('{"name":"Ada","age":36}')] },
    { output: [textMessage('{"name":"Ada","age":"old"}')] },
  ]);
  const agent = new Agent({ name: 'people', model, outputType });
  const result = await Runner.run(agent, 'who?');
  assert.deepEqual(result.finalOutput, { name: 'Ada', age: 36 });
  assert.equal(model.calls[0]!.outputType!.name, 'person');
  assert.equal(model.calls[0]!.outputType!.strict, true);
  await assert.rejects(Runner.run(agent, 'who?'), (e: unknown) => e instanceof ModelBehaviorError && /age/.test(e.message));
});

test('a JSON-schema output type with a non-object schema is wrapped too', async () => {
  const { agent, model } = scriptedAgent([{ output: [textMessage('{"response":7}')] }], {
    outputType: { type: 'json_schema', name: 'count', schema: { type: 'integer' } } as never,
  });
  const result = await Runner.run(agent, 'how many?');
  assert.equal(result.finalOutput, 7);
  assert.deepEqual(model.calls[0]!.outputType!.schema.required, ['response']);
});

test('output that is not JSON or does not match is a ModelBehaviorError with runData', async () => {
  for (const text of ['not json at all', '{"city":"Oslo","temp":"cold","conditions":"sunny"}', '{"city":"Oslo"}']) {
    const { agent } = scriptedAgent([{ output: [textMessage(text)] }], { outputType: Weather });
    await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => {
      assert.ok(e instanceof ModelBehaviorError, String(e));
      assert.equal(e.runData?.rawResponses.length, 1);
      assert.equal(e.runData?.lastAgent, agent);
      return true;
    }, text);
  }
});

test('errorHandlers.invalidFinalOutput recovers with its value, and receives the error and run data', async () => {
  const seen: RunErrorHandlerInput[] = [];
  const { agent } = scriptedAgent([{ output: [textMessage('garbage')], responseId: 'resp_bad' }], { outputType: Weather });
  const context = { k: 1 };
  const result = await Runner.run(agent, 'hi', {
    context,
    errorHandlers: {
      invalidFinalOutput: (input) => {
        seen.push(input);
        return new RunErrorHandlerResult({ finalOutput: { city: 'unknown', temp: 0, conditions: 'sunny' } });
      },
    },
  });
  assert.deepEqual(result.finalOutput, { city: 'unknown', temp: 0, conditions: 'sunny' });
  assert.equal(seen.length, 1);
  const input = seen[0]!;
  assert.ok(input.error instanceof ModelBehaviorError);
  assert.ok(input.context instanceof RunContextWrapper);
  assert.equal(input.context.context, context);
  assert.equal(input.runData.input, 'hi');
  assert.deepEqual(input.runData.newItems.map((i) => i.type), ['message_output_item']);
  assert.equal(input.runData.history.length, 2);
  assert.deepEqual(input.runData.history[0], { role: 'user', content: 'hi' });
  assert.equal(input.runData.output.length, 1);
  assert.equal(input.runData.output[0]!.type, 'message');
  assert.deepEqual(input.runData.rawResponses.map((r) => r.responseId), ['resp_bad']);
  assert.equal(input.runData.lastAgent, agent);
});

test('a refusal is a ModelRefusalError carrying the refusal text', async () => {
  const { agent } = scriptedAgent([{ output: [refusal('I cannot help with that.')] }], { outputType: Weather });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => {
    assert.ok(e instanceof ModelRefusalError);
    assert.equal(e.refusal, 'I cannot help with that.');
    assert.match(e.message, /I cannot help with that/);
    assert.ok(e.runData);
    return true;
  });
});

test('a plain-text agent whose answer is only a refusal also raises ModelRefusalError (a handler can turn it into text)', async () => {
  const { agent } = scriptedAgent([{ output: [refusal('No.')] }, { output: [refusal('No.')] }]);
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => e instanceof ModelRefusalError && e.refusal === 'No.');
  const recovered = await Runner.run(agent, 'hi', { errorHandlers: { modelRefusal: ({ error }) => (error as ModelRefusalError).refusal } });
  assert.equal(recovered.finalOutput, 'No.');
});

test('errorHandlers.modelRefusal recovers', async () => {
  const errors: unknown[] = [];
  const { agent } = scriptedAgent([{ output: [refusal('No.')] }], { outputType: Weather });
  const result = await Runner.run(agent, 'hi', {
    errorHandlers: { modelRefusal: async ({ error }) => { errors.push(error); return { city: 'refused', temp: 0, conditions: 'rainy' }; } },
  });
  assert.deepEqual(result.finalOutput, { city: 'refused', temp: 0, conditions: 'rainy' });
  assert.equal((errors[0] as ModelRefusalError).refusal, 'No.');
});

test('RunErrorHandlerResult includeInHistory: true (default) adds an assistant message; false does not', async () => {
  const run = (includeInHistory: boolean | undefined) => {
    const { agent } = scriptedAgent([{ output: [textMessage('bad')] }], { outputType: Weather });
    const options = includeInHistory === undefined ? {} : { includeInHistory };
    return Runner.run(agent, 'hi', {
      errorHandlers: { invalidFinalOutput: () => new RunErrorHandlerResult({ finalOutput: { city: 'x', temp: 1, conditions: 'sunny' }, ...options }) },
    });
  };
  for (const flag of [undefined, true]) {
    const result = await run(flag);
    assert.deepEqual(result.newItems.map((i) => i.type), ['message_output_item', 'message_output_item']);
    const added = result.newItems[1] as MessageOutputItem;
    assert.equal(added.rawItem.role, 'assistant');
    assert.equal(added.text, '{"city":"x","temp":1,"conditions":"sunny"}');
    assert.equal(added.agent, result.lastAgent);
    assert.equal(result.toInputList().length, 3);
  }
  const hidden = await run(false);
  assert.deepEqual(hidden.newItems.map((i) => i.type), ['message_output_item']);
  assert.deepEqual(hidden.finalOutput, { city: 'x', temp: 1, conditions: 'sunny' });
});

test('a string handler output is added to the history as that text', async () => {
  const { agent } = scriptedAgent([{ output: [refusal('no')] }]);
  const result = await Runner.run(agent, 'hi', { errorHandlers: { modelRefusal: () => 'Sorry, I cannot.' } });
  assert.equal(result.finalOutput, 'Sorry, I cannot.');
  assert.equal((result.newItems[1] as MessageOutputItem).text, 'Sorry, I cannot.');
});

test('a bare value is the final output; undefined re-raises the original error', async () => {
  const bare = scriptedAgent([{ output: [refusal('no')] }]);
  const r = await Runner.run(bare.agent, 'hi', { errorHandlers: { modelRefusal: () => 0 } });
  assert.equal(r.finalOutput, 0, 'falsy values count');
  assert.equal(r.newItems.length, 2);

  const reraise = scriptedAgent([{ output: [textMessage('bad')] }], { outputType: Weather });
  let called = 0;
  await assert.rejects(
    Runner.run(reraise.agent, 'hi', { errorHandlers: { invalidFinalOutput: async () => { called++; return undefined; } } }),
    ModelBehaviorError,
  );
  assert.equal(called, 1);
});

test('a handler only handles its own kind of error', async () => {
  const { agent } = scriptedAgent([{ output: [refusal('no')] }], { outputType: Weather });
  await assert.rejects(Runner.run(agent, 'hi', { errorHandlers: { invalidFinalOutput: () => 'x' } }), ModelRefusalError);
});

test('a handler that throws fails the run with its error', async () => {
  const { agent } = scriptedAgent([{ output: [textMessage('bad')] }], { outputType: Weather });
  const boom = new Error('handler broke');
  await assert.rejects(Runner.run(agent, 'hi', { errorHandlers: { invalidFinalOutput: () => { throw boom; } } }), (e: unknown) => e === boom);
});

test('handler output passes output guardrails: a tripping guardrail still trips', async () => {
  const checked: unknown[] = [];
  const guard = outputGuardrail((_ctx, _agent, output) => {
    checked.push(output);
    return { tripwireTriggered: output === 'forbidden', outputInfo: 'checked' };
  }, { name: 'no_forbidden' });
  const { agent } = scriptedAgent([{ output: [refusal('no')] }, { output: [refusal('no')] }], { outputGuardrails: [guard] });
  await assert.rejects(Runner.run(agent, 'hi', { errorHandlers: { modelRefusal: () => 'forbidden' } }), (e: unknown) => {
    assert.ok(e instanceof OutputGuardrailTripwireTriggered);
    assert.equal(e.guardrailResult.guardrail.name, 'no_forbidden');
    assert.equal(e.guardrailResult.agentOutput, 'forbidden');
    return true;
  });
  const ok = await Runner.run(agent, 'hi', { errorHandlers: { modelRefusal: () => 'fine' } });
  assert.equal(ok.finalOutput, 'fine');
  assert.deepEqual(checked, ['forbidden', 'fine']);
  assert.equal(ok.outputGuardrailResults[0]!.output.outputInfo, 'checked');
});

test('handler output reaches onAgentEnd hooks (run and agent level)', async () => {
  const ended: unknown[] = [];
  const { agent } = scriptedAgent([{ output: [refusal('no')] }], {
    hooks: { onEnd: (_ctx, _agent, output) => { ended.push(['agent', output]); } },
  });
  await Runner.run(agent, 'hi', {
    hooks: { onAgentEnd: (_ctx, a, output) => { ended.push(['run', a.name, output]); } },
    errorHandlers: { modelRefusal: () => 'handled' },
  });
  assert.deepEqual(ended, [['run', 'assistant', 'handled'], ['agent', 'handled']]);
});

test('an empty model response for a plain-text agent ends the run with finalOutput ""', async () => {
  const { agent, model } = scriptedAgent([{ output: [] }]);
  const result = await Runner.run(agent, 'hi');
  assert.equal(result.finalOutput, '');
  assert.equal(model.calls.length, 1);
  assert.deepEqual(result.newItems, []);
});

test('a structured agent whose reply has no message is asked again', async () => {
  const { agent, model } = scriptedAgent([{ output: [] }, { output: [textMessage('{"city":"Rome","temp":30,"conditions":"sunny"}')] }], { outputType: Weather });
  const result = await Runner.run(agent, 'hi');
  assert.equal(model.calls.length, 2);
  assert.deepEqual(result.finalOutput, { city: 'Rome', temp: 30, conditions: 'sunny' });
});

test('a structured agent: a tool turn first, then the final message is parsed', async () => {
  const temp = tool({ name: 'temp', description: 't', parameters: z.object({}), execute: () => 12 });
  const { agent, model } = scriptedAgent([
    { output: [textMessage('checking'), functionCall('temp', {}, 'c1')] },
    { output: [textMessage('{"city":"Bern","temp":12,"conditions":"rainy"}')] },
  ], { outputType: Weather, tools: [temp] });
  const result = await Runner.run(agent, 'hi');
  assert.deepEqual(result.finalOutput, { city: 'Bern', temp: 12, conditions: 'rainy' });
  assert.equal(model.calls.length, 2);
  assert.ok(model.calls[1]!.outputType, 'the output type is sent on every call');
});

test('an invalid output type is a UserError before any model call', async () => {
  const model = new ScriptedModel([{ output: [textMessage('x')] }]);
  const agent = new Agent({ name: 'bad', model, outputType: { type: 'xml' } as never });
  await assert.rejects(Runner.run(agent, 'hi'), (e: unknown) => e instanceof Error && e.name === 'UserError' && /outputType/.test(e.message));
  const optional = new Agent({ name: 'opt', model, outputType: z.object({ a: z.string().optional() }) });
  await assert.rejects(Runner.run(optional, 'hi'), (e: unknown) => e instanceof Error && e.name === 'UserError' && /optional/.test(e.message));
  assert.equal(model.calls.length, 0);
});

test('a handler result with an undefined finalOutput adds a well-formed (empty) assistant message', async () => {
  const { agent } = scriptedAgent([{ output: [refusal('no')] }]);
  const result = await Runner.run(agent, 'hi', { errorHandlers: { modelRefusal: () => new RunErrorHandlerResult({ finalOutput: undefined }) } });
  assert.equal(result.finalOutput, undefined);
  const added = result.newItems[1] as MessageOutputItem;
  assert.deepEqual(added.rawItem.content, [{ type: 'output_text', text: '' }]);
  assert.equal(added.text, '');
});
