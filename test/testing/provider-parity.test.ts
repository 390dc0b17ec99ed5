// ScriptedModel and the library's OpenAI models talking to the scripted server must agree:
// same output items, same usage, for both APIs, blocking and streaming.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAIProvider } from '../../src/models/openai/index.js';
import type { Model, ModelRequest, ResponseStreamEvent, ResponseCompletedEvent } from '../../src/models/interface.js';
import { ScriptedModel, functionCall, reasoning, startScriptedServer, textMessage, type ScriptedReply, type ScriptedServer } from '../../src/testing/index.js';

const servers: ScriptedServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function freshServer(): Promise<ScriptedServer> {
  const server = await startScriptedServer();
  servers.push(server);
  return server;
}

const request: ModelRequest = {
  systemInstructions: 'sys',
  input: [{ role: 'user', content: 'hi' }],
  modelSettings: {},
  tools: [{ type: 'function', name: 'lookup', description: 'd', parameters: { type: 'object', properties: {} }, strict: false }],
};

function script(): ScriptedReply {
  return {
    output: [textMessage('Looking it up now.'), functionCall('lookup', { q: 'x' }, 'call_1')],
    usage: { inputTokens: 9, outputTokens: 4 },
    responseId: 'resp_parity',
  };
}

async function completedOf(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseCompletedEvent['response']> {
  let completed: ResponseCompletedEvent['response'] | undefined;
  for await (const event of stream) if (event.type === 'response.completed') completed = (event as ResponseCompletedEvent).response;
  assert.ok(completed, 'the stream ends with response.completed');
  return completed;
}

/**
 * Items without what the two sides may legitimately differ in: ids generated independently,
 * statuses, and the empty `annotations` a Chat Completions conversion adds to text parts.
 */
function comparable(items: unknown[]): unknown[] {
  return items.map((item) => {
    const { id: _id, status: _status, ...rest } = item as Record<string, unknown>;
    if (Array.isArray(rest.content)) {
      rest.content = rest.content.map((part: Record<string, unknown>) => {
        const { annotations, ...partRest } = part;
        return Array.isArray(annotations) && annotations.length === 0 ? partRest : part;
      });
    }
    return rest;
  });
}

for (const useResponses of [true, false]) {
  const api = useResponses ? 'Responses' : 'Chat Completions';
  test(`${api}: the OpenAI model over the scripted server matches ScriptedModel`, async () => {
    const server = await freshServer();
    const remote: Model = new OpenAIProvider({ baseURL: server.url, apiKey: 'test-key', useResponses }).getModel('gpt-test');
    const local = new ScriptedModel([script(), script()]);
    server.push(script(), script());

    const expected = await local.getResponse(request);
    const blocking = await remote.getResponse(request);
    assert.deepEqual(comparable(blocking.output), comparable(expected.output));
    assert.equal(blocking.usage.inputTokens, 9);
    assert.equal(blocking.usage.outputTokens, 4);
    assert.equal(blocking.usage.totalTokens, 13);

    const expectedStream = await completedOf(local.streamResponse(request));
    const streamed = await completedOf(remote.streamResponse(request));
    assert.deepEqual(comparable(streamed.output), comparable(expectedStream.output));
    assert.equal(streamed.usage?.total_tokens, 13);
  });
}

test('Responses: reasoning items survive the round trip through the server', async () => {
  const server = await freshServer();
  const remote = new OpenAIProvider({ baseURL: server.url, apiKey: 'k', useResponses: true }).getModel('gpt-test');
  server.push({ output: [reasoning('because'), textMessage('done')] });
  const response = await remote.getResponse(request);
  assert.deepEqual(response.output.map((item) => item.type), ['reasoning', 'message']);
  const sent = server.requests[server.requests.length - 1]!;
  assert.equal(sent.path, '/v1/responses');
  assert.equal(sent.body.instructions, 'sys');
});

test('a scripted broken stream makes the OpenAI model fail instead of completing', async () => {
  for (const useResponses of [true, false]) {
    const server = await freshServer();
    const remote = new OpenAIProvider({ baseURL: server.url, apiKey: 'k', useResponses }).getModel('gpt-test');
    server.push({ ...script(), breakStreamAfterEvents: 3 });
    await assert.rejects(completedOf(remote.streamResponse(request)), Error);
  }
});
