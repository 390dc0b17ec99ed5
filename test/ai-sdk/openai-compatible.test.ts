// agentrun/ai-sdk through a real AI SDK 7 provider (@ai-sdk/openai-compatible) against agentrun's
// scripted OpenAI-compatible server, on this Node (20; `ai` 7 declares >= 22).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { z } from 'zod';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import { aisdk } from '../../src/ai-sdk.js';
import { Agent, NodeHttpTransport, OpenAIChatCompletionsModel, RunResultStreaming, Runner, tool, type Model, type StreamEvent } from '../../src/index.js';
import { ModelConnectionError, ModelHttpError } from '../../src/errors/index.js';
import { functionCall, startScriptedServer, textMessage } from '../../src/testing/index.js';

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

function provider(baseURL: string) {
  return createOpenAICompatible({ name: 'scripted', baseURL, apiKey: 'sk-scripted', includeUsage: true });
}

test('blocking and streamed runs with a tool through @ai-sdk/openai-compatible', async () => {
  const server = await startScriptedServer();
  try {
    for (const streamed of [false, true]) {
      server.push(
        { output: [functionCall('get_weather', { city: 'Paris' }, 'call_1')], usage: { inputTokens: 11, outputTokens: 6 } },
        { output: [textMessage('It is sunny in Paris.')], usage: { inputTokens: 30, outputTokens: 7 } },
      );
      const agent = new Agent({ name: 'Weather', instructions: 'Be brief.', tools: [getWeather], model: aisdk(provider(server.url).chatModel('scripted-chat')) });
      const result = streamed ? Runner.runStreamed(agent, 'Weather in Paris?') : await Runner.run(agent, 'Weather in Paris?');
      let text = '';
      if (result instanceof RunResultStreaming) {
        for await (const event of result.streamEvents()) {
          if (event.type === 'raw_response_event' && event.data.type === 'response.output_text.delta') text += String(event.data.delta);
        }
        assert.equal(text, 'It is sunny in Paris.');
      }
      assert.equal(result.finalOutput, 'It is sunny in Paris.');
      assert.deepEqual(result.newItems.map((item) => item.type), ['tool_call_item', 'tool_call_output_item', 'message_output_item']);
      assert.deepEqual(
        { requests: result.contextWrapper.usage.requests, inputTokens: result.contextWrapper.usage.inputTokens, outputTokens: result.contextWrapper.usage.outputTokens },
        { requests: 2, inputTokens: 41, outputTokens: 13 },
      );
    }
    const [, second] = server.requests.slice(-2);
    assert.equal(second!.path, '/v1/chat/completions');
    assert.equal(second!.body.model, 'scripted-chat');
    assert.equal(second!.body.stream, true);
    const messages = second!.body.messages as Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(messages[2]!.tool_calls?.[0]?.id, 'call_1');
    assert.equal(messages[3]!.tool_call_id, 'call_1');
    assert.equal(messages[3]!.content, 'Sunny in Paris');
  } finally {
    await server.close();
  }
});

test('a streamed answer emits the same raw_response_event types as the OpenAI Chat Completions model', async () => {
  const server = await startScriptedServer();
  try {
    const types = async (model: Model): Promise<string[]> => {
      server.push({ output: [textMessage('One two three.')], usage: { inputTokens: 3, outputTokens: 3 } });
      const seen: string[] = [];
      const result = Runner.runStreamed(new Agent({ name: 'T', model }), 'Count.');
      for await (const event of result.streamEvents() as AsyncIterable<StreamEvent>) if (event.type === 'raw_response_event') seen.push(event.data.type);
      return seen;
    };
    const viaAiSdk = await types(aisdk(provider(server.url).chatModel('m')));
    const viaOpenAI = await types(new OpenAIChatCompletionsModel({ model: 'm', transport: new NodeHttpTransport({ apiKey: 'sk-scripted', baseURL: server.url }) }));
    assert.deepEqual(viaAiSdk, viaOpenAI);
    assert.ok(viaAiSdk.includes('response.output_text.delta'));
    assert.equal(viaAiSdk.at(-1), 'response.completed');
  } finally {
    await server.close();
  }
});

test('an HTTP error status is a ModelHttpError with the status and body; a refused connection a ModelConnectionError', async () => {
  const server = await startScriptedServer({ script: [{ httpStatus: 503, body: { error: { message: 'overloaded' } } }] });
  try {
    const agent = new Agent({ name: 'E', model: aisdk(provider(server.url).chatModel('m')) });
    const error = await Runner.run(agent, 'hi').catch((e: unknown) => e);
    assert.ok(error instanceof ModelHttpError, String(error));
    assert.equal(error.status, 503);
    assert.match(error.body, /overloaded/);
    assert.ok(!JSON.stringify(error).includes('sk-scripted'), 'no API key in the error');
  } finally {
    await server.close();
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const offline = new Agent({ name: 'E', model: aisdk(provider(`http://127.0.0.1:${port}/v1`).chatModel('m')) });
  const refused = await Runner.run(offline, 'hi').catch((e: unknown) => e);
  assert.ok(refused instanceof ModelConnectionError, String(refused));
  assert.equal(refused.code, 'ECONNREFUSED');
});

test('ai 7 itself runs on this Node (it declares >= 22): generateText through the same provider', async () => {
  const server = await startScriptedServer({ script: [{ output: [textMessage('Hello from ai 7.')], usage: { inputTokens: 2, outputTokens: 4 } }] });
  try {
    const { text, usage } = await generateText({ model: provider(server.url).chatModel('m'), prompt: 'Hi' });
    assert.equal(text, 'Hello from ai 7.');
    assert.equal(usage.outputTokens, 4);
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20);
  } finally {
    await server.close();
  }
});

test('the adapter imports no AI SDK package at run time (type-only imports)', () => {
  const files = ['src/ai-sdk.ts', ...readdirSync('src/ai-sdk').map((name) => `src/ai-sdk/${name}`)];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (/^import .*from '(@ai-sdk\/|ai['/])/.test(line)) assert.match(line, /^import type /, `${file}: ${line}`);
    }
  }
});
