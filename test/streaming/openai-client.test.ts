// Streamed runs through the official `openai` client (OpenAIProvider({ openAIClient })): the same
// events as through the built-in transport, and cancel('immediate') mid-stream stays quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Agent, OpenAIProvider, Runner } from '../../src/index.js';
import { textMessage } from '../../src/testing/index.js';
import { deltaText, drain, labels, providerFor, scriptedServer, squash, within } from './helpers.js';

for (const useResponses of [true, false]) {
  const api = useResponses ? 'Responses' : 'Chat Completions';

  test(`${api} through the openai client: the same events and output as through the built-in transport`, async () => {
    const reply = { output: [textMessage('Hello there, my friend.')], usage: { inputTokens: 4, outputTokens: 5 } };
    const server = await scriptedServer({ script: [structuredClone(reply), structuredClone(reply)] });
    const viaClient = new OpenAIProvider({ openAIClient: new OpenAI({ apiKey: 'test', baseURL: server.url }), useResponses });
    const a = Runner.runStreamed(new Agent({ name: 'a', model: 'gpt-test' }), 'hi', { runConfig: { modelProvider: viaClient } });
    const b = Runner.runStreamed(new Agent({ name: 'a', model: 'gpt-test' }), 'hi', { runConfig: { modelProvider: providerFor(server, useResponses) } });
    const [client, builtIn] = [await drain(a), await drain(b)];
    assert.equal(client.error, undefined, String(client.error));
    assert.deepEqual(squash(labels(client.events)), squash(labels(builtIn.events)));
    assert.equal(deltaText(client.events), 'Hello there, my friend.');
    assert.equal(a.finalOutput, b.finalOutput);
    assert.deepEqual(a.contextWrapper.usage, b.contextWrapper.usage);
  });

  test(`${api} through the openai client: cancel('immediate') mid-stream ends quietly and promptly`, async () => {
    const server = await scriptedServer({ script: [{ output: [textMessage('a b c d e f g h i j k l m n o p')] }], eventDelayMs: 15 });
    const provider = new OpenAIProvider({ openAIClient: new OpenAI({ apiKey: 'test', baseURL: server.url }), useResponses });
    const result = Runner.runStreamed(new Agent({ name: 'a', model: 'gpt-test' }), 'hi', { runConfig: { modelProvider: provider } });
    const seen: string[] = [];
    for await (const event of result.streamEvents()) {
      seen.push(labels([event])[0]!);
      if (event.type === 'raw_response_event' && event.data.type === 'response.output_text.delta') result.cancel();
    }
    await within(result.completed, 1_000, 'completed');
    assert.equal(seen.at(-1), 'raw:response.output_text.delta');
    assert.ok(!seen.includes('message_output_created'));
    assert.equal(result.finalOutput, undefined);
  });
}
