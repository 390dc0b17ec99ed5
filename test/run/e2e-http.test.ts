// End to end over HTTP: the real OpenAIResponsesModel and OpenAIChatCompletionsModel against the
// scripted server, blocking and streamed: a tool turn then text, structured output, an HTTP
// error and a refusal. Checks both what the run returns and what went over the wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, Runner, ModelHttpError, ModelRefusalError, OpenAIChatCompletionsModel, OpenAIResponsesModel, tool,
} from '../../src/index.js';
import { functionCall, refusal, textMessage } from '../../src/testing/index.js';
import { APIS, MODES, deltaText, eventNames, providerFor, runIn, scriptedServer, sentToolOutputs } from './helpers.js';

const Weather = z.object({ city: z.string(), temp: z.number() });

for (const { label, useResponses, path } of APIS) {
  for (const mode of MODES) {
    const name = `${label}, ${mode}`;

    test(`${name}: a tool turn then the final text`, async () => {
      const server = await scriptedServer([
        { output: [functionCall('get_weather', { city: 'Paris' }, 'call_w1')], usage: { inputTokens: 30, outputTokens: 8 }, responseId: 'resp_first' },
        { output: [textMessage('It is sunny in Paris, 21 degrees.')], usage: { inputTokens: 50, outputTokens: 12 }, responseId: 'resp_second' },
      ]);
      const seenArgs: unknown[] = [];
      const getWeather = tool({
        name: 'get_weather', description: 'Weather by city', parameters: z.object({ city: z.string() }),
        execute: (args) => { seenArgs.push(args); return { city: args.city, temp: 21, sky: 'sunny' }; },
      });
      const agent = new Agent({ name: 'weather_bot', instructions: 'You report weather.', model: 'gpt-test', tools: [getWeather], modelSettings: { temperature: 0.1 } });
      const { result, events, error } = await runIn(mode, agent, 'Weather in Paris?', { runConfig: { modelProvider: providerFor(server, useResponses) } });
      assert.equal(error, undefined);
      assert.equal(result!.finalOutput, 'It is sunny in Paris, 21 degrees.');
      assert.deepEqual(seenArgs, [{ city: 'Paris' }]);
      assert.deepEqual(result!.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item', 'message_output_item']);
      assert.deepEqual(result!.contextWrapper.usage, { requests: 2, inputTokens: 80, outputTokens: 20, totalTokens: 100 });
      assert.equal(result!.rawResponses.length, 2);
      // Chat Completions has no chainable response id: undefined in both modes, never the chatcmpl id.
      assert.equal(result!.lastResponseId, useResponses ? 'resp_second' : undefined);

      // The wire: two requests to the right endpoint, model name, instructions, tools, settings, tool output.
      assert.equal(server.requests.length, 2);
      for (const r of server.requests) {
        assert.equal(r.path, path);
        assert.equal(r.body.model, 'gpt-test');
        assert.equal(r.body.temperature, 0.1);
        assert.equal(r.body.stream === true, mode === 'streamed');
      }
      const first = server.requests[0]!.body;
      if (useResponses) {
        assert.equal(first.instructions, 'You report weather.');
        assert.deepEqual(first.input, [{ role: 'user', content: 'Weather in Paris?' }]);
        const t = (first.tools as Array<{ type: string; name: string; strict: boolean; parameters: { additionalProperties: boolean } }>)[0]!;
        assert.deepEqual([t.type, t.name, t.strict, t.parameters.additionalProperties], ['function', 'get_weather', true, false]);
      } else {
        assert.deepEqual((first.messages as unknown[]).slice(0, 2), [{ role: 'system', content: 'You report weather.' }, { role: 'user', content: 'Weather in Paris?' }]);
        const t = (first.tools as Array<{ type: string; function: { name: string; strict: boolean } }>)[0]!;
        assert.deepEqual([t.type, t.function.name, t.function.strict], ['function', 'get_weather', true]);
      }
      assert.deepEqual(sentToolOutputs(server, 1), [{ call_id: 'call_w1', output: '{"city":"Paris","temp":21,"sky":"sunny"}' }]);

      if (mode === 'streamed') {
        assert.deepEqual(eventNames(events), ['agent:weather_bot', 'tool_called', 'tool_output', 'message_output_created']);
        assert.equal(deltaText(events), 'It is sunny in Paris, 21 degrees.');
        const completed = events.filter((e) => e.type === 'raw_response_event' && e.data.type === 'response.completed');
        assert.equal(completed.length, 2);
        // Item events of a response follow its response.completed.
        const idxCompleted = events.indexOf(completed[0]!);
        const idxCalled = events.findIndex((e) => e.type === 'run_item_stream_event' && e.name === 'tool_called');
        assert.ok(idxCompleted < idxCalled);
      }
    });

    test(`${name}: structured output is requested with the schema and parsed`, async () => {
      const server = await scriptedServer([{ output: [textMessage('{"city":"Oslo","temp":-4}')] }]);
      const agent = new Agent({ name: 'structured', model: 'gpt-test', outputType: Weather });
      const { result, error, events } = await runIn(mode, agent, 'Weather?', { runConfig: { modelProvider: providerFor(server, useResponses) } });
      assert.equal(error, undefined);
      assert.deepEqual(result!.finalOutput, { city: 'Oslo', temp: -4 });
      const body = server.requests[0]!.body;
      const format = useResponses
        ? (body.text as { format: Record<string, unknown> }).format
        : { type: (body.response_format as { type: string }).type, ...(body.response_format as { json_schema: Record<string, unknown> }).json_schema };
      assert.equal(format.type, 'json_schema');
      assert.equal(format.name, 'final_output');
      assert.equal(format.strict, true);
      assert.deepEqual((format.schema as { required: string[] }).required, ['city', 'temp']);
      if (mode === 'streamed') assert.equal(deltaText(events), '{"city":"Oslo","temp":-4}');
    });

    test(`${name}: an HTTP error from the endpoint fails the run with ModelHttpError`, async () => {
      const server = await scriptedServer([{ httpStatus: 500, body: { error: { message: 'upstream overloaded', type: 'server_error' } } }]);
      const agent = new Agent({ name: 'failing', model: 'gpt-test' });
      const modelSettings = { retry: { maxRetries: 0 } }; // not retried here (retries: test/reliability)
      const { error, events } = await runIn(mode, agent, 'hi', { runConfig: { modelProvider: providerFor(server, useResponses), modelSettings } });
      assert.ok(error instanceof ModelHttpError, String(error));
      assert.equal(error.status, 500);
      assert.match(error.message, /upstream overloaded/);
      assert.equal(error.runData?.lastAgent, agent);
      if (mode === 'streamed') assert.deepEqual(eventNames(events), ['agent:failing']);
    });

    test(`${name}: a refusal fails a structured run with ModelRefusalError; the handler recovers`, async () => {
      const server = await scriptedServer([{ output: [refusal('I will not share that.')] }, { output: [refusal('Still no.')] }]);
      const agent = new Agent({ name: 'refuser', model: 'gpt-test', outputType: Weather });
      const provider = providerFor(server, useResponses);
      const failed = await runIn(mode, agent, 'secret?', { runConfig: { modelProvider: provider } });
      assert.ok(failed.error instanceof ModelRefusalError, String(failed.error));
      assert.equal(failed.error.refusal, 'I will not share that.');
      const recovered = await runIn(mode, agent, 'secret?', {
        runConfig: { modelProvider: provider },
        errorHandlers: { modelRefusal: ({ error }) => ({ city: `refused: ${(error as ModelRefusalError).refusal}`, temp: 0 }) },
      });
      assert.equal(recovered.error, undefined);
      assert.deepEqual(recovered.result!.finalOutput, { city: 'refused: Still no.', temp: 0 });
    });
  }

  test(`${label}: a model instance passed directly (not through a provider) runs the loop`, async () => {
    const server = await scriptedServer([{ output: [textMessage('direct')] }]);
    const model = providerFor(server, useResponses).getModel('gpt-direct');
    assert.ok(useResponses ? model instanceof OpenAIResponsesModel : model instanceof OpenAIChatCompletionsModel);
    const result = await Runner.run(new Agent({ name: 'direct', model }), 'hi');
    assert.equal(result.finalOutput, 'direct');
    assert.equal(server.requests[0]!.body.model, 'gpt-direct');
  });
}

for (const { label, useResponses } of APIS) {
  test(`${label}: agent settings with RunConfig.modelSettings overlaid reach the request body`, async () => {
    const server = await scriptedServer([{ output: [textMessage('ok')] }]);
    const noop = tool({ name: 'noop', description: 'n', parameters: z.object({}), execute: () => 'ok' });
    const agent = new Agent({ name: 'tuned', model: 'gpt-test', tools: [noop], modelSettings: { temperature: 0.2, topP: 0.9, maxTokens: 50 } });
    await Runner.run(agent, 'hi', {
      runConfig: { modelProvider: providerFor(server, useResponses), modelSettings: { temperature: 0.7, toolChoice: 'required', parallelToolCalls: false } },
    });
    const body = server.requests[0]!.body;
    assert.equal(body.temperature, 0.7);
    assert.equal(body.top_p, 0.9);
    assert.equal(body[useResponses ? 'max_output_tokens' : 'max_tokens'], 50);
    assert.equal(body.tool_choice, 'required');
    assert.equal(body.parallel_tool_calls, false);
  });
}
