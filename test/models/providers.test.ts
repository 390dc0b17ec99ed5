import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ModelHttpError, UserError } from '../../src/errors/index.js';
import type { Model, ModelProvider, ResponseCompletedEvent } from '../../src/models/interface.js';
import {
  DEFAULT_OPENAI_MODEL, MultiProvider, OpenAIChatCompletionsModel, OpenAIClientTransport, OpenAIProvider, OpenAIResponsesModel,
  setDefaultOpenAIApi, setDefaultOpenAIClient, setDefaultOpenAIKey,
} from '../../src/models/openai/index.js';
import { resetOpenAIDefaults } from '../../src/models/openai/defaults.js';
import { collect, fixturePayloads, fixtureReply, makeRequest, startFixtureServer, type FixtureServer } from './fixture-server.js';

let server: FixtureServer;
const savedEnv = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(() => {
  server.received.length = 0;
  resetOpenAIDefaults();
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
});
afterEach(() => {
  resetOpenAIDefaults();
  if (savedEnv.key === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedEnv.key;
  if (savedEnv.base === undefined) delete process.env.OPENAI_BASE_URL;
  else process.env.OPENAI_BASE_URL = savedEnv.base;
});

test('MultiProvider: bare and openai/ names, default gpt-4.1, caching, unknown prefix', () => {
  const provider = new MultiProvider();
  const bare = provider.getModel('gpt-4o') as OpenAIResponsesModel;
  assert.ok(bare instanceof OpenAIResponsesModel);
  assert.equal(bare.model, 'gpt-4o');
  assert.equal(provider.getModel('openai/gpt-4o'), bare);
  assert.equal((provider.getModel() as OpenAIResponsesModel).model, DEFAULT_OPENAI_MODEL);
  assert.equal(DEFAULT_OPENAI_MODEL, 'gpt-4.1');
  assert.equal((provider.getModel('openai/org/model') as OpenAIResponsesModel).model, 'org/model');
  assert.throws(() => provider.getModel('acme/model-x'), (error: unknown) => error instanceof UserError && /acme/.test(error.message));
});

test('MultiProvider: providerMap routes its prefixes', () => {
  const custom: Model = { getResponse: async () => ({ output: [], usage: { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 } }), streamResponse: async function* () {} };
  const seen: Array<string | undefined> = [];
  const other: ModelProvider = { getModel: (name) => (seen.push(name), custom) };
  const provider = new MultiProvider({ providerMap: { acme: other } });
  assert.equal(provider.getModel('acme/x-1'), custom);
  assert.deepEqual(seen, ['x-1']);
});

test('setDefaultOpenAIApi picks the Chat Completions model; bad values are UserErrors', () => {
  const provider = new MultiProvider();
  assert.ok(provider.getModel('m') instanceof OpenAIResponsesModel);
  setDefaultOpenAIApi('chat_completions');
  assert.ok(provider.getModel('m') instanceof OpenAIChatCompletionsModel);
  assert.ok(new OpenAIProvider({ useResponses: true }).getModel('m') instanceof OpenAIResponsesModel);
  assert.throws(() => setDefaultOpenAIApi('completions' as 'responses'), UserError);
  assert.throws(() => setDefaultOpenAIKey(''), UserError);
});

test('env key and base URL are read at the first request, not at construction', async () => {
  const model = new MultiProvider().getModel('gpt-4.1-nano') as Model;
  await assert.rejects(model.getResponse(makeRequest()), (error: unknown) => error instanceof UserError && /OPENAI_API_KEY/.test(error.message));
  process.env.OPENAI_API_KEY = 'sk-env';
  process.env.OPENAI_BASE_URL = server.baseURL;
  server.enqueue(fixtureReply('responses-function-call.json'));
  const response = await model.getResponse(makeRequest());
  assert.equal(response.responseId, 'resp_0e24a47955abae920069cbdf5f685c81978d9f91c3422081db');
  assert.equal(server.received[0]!.headers.authorization, 'Bearer sk-env');
  assert.equal(server.received[0]!.body.model, 'gpt-4.1-nano');
});

test('OpenAIProvider apiKey / baseURL options', async () => {
  const provider = new OpenAIProvider({ apiKey: 'sk-opt', baseURL: server.baseURL, useResponses: false });
  // Explicit connection options win over a default client.
  setDefaultOpenAIClient({ post: () => { throw new Error('default client must not be used'); } });
  server.enqueue(fixtureReply('chat-tool-calls.json'));
  const response = await provider.getModel('gpt-4o-mini').getResponse(makeRequest());
  assert.equal(response.output[0]!.type, 'function_call');
  assert.equal(server.received[0]!.path, '/v1/chat/completions');
  assert.equal(server.received[0]!.headers.authorization, 'Bearer sk-opt');
});

test('setDefaultOpenAIClient: an openai client (set after the model was made) carries JSON and streams', async () => {
  const model = new MultiProvider().getModel('gpt-4o-mini') as Model;
  setDefaultOpenAIClient(new OpenAI({ apiKey: 'sk-client', baseURL: server.baseURL, maxRetries: 0 }));
  server.enqueue(fixtureReply('responses-parallel-function-calls.json'));
  const response = await model.getResponse(makeRequest());
  assert.equal(response.output.length, 2);
  assert.equal(response.usage.totalTokens, 104);
  assert.equal(server.received[0]!.headers.authorization, 'Bearer sk-client');
  assert.match(String(server.received[0]!.headers['user-agent']), /OpenAI\/JS/);

  server.enqueue(fixtureReply('responses-stream-text.sse'));
  const events = await collect(model.streamResponse(makeRequest()));
  assert.deepEqual(events, fixturePayloads('responses-stream-text.sse'));
  assert.equal(server.received[1]!.body.stream, true);

  server.enqueue({ status: 401, contentType: 'application/json', chunks: ['{"error":{"message":"bad key","type":"invalid_request_error"}}'] });
  await assert.rejects(model.getResponse(makeRequest()), (error: unknown) => error instanceof ModelHttpError && error.status === 401 && /bad key/.test(error.body));

  server.enqueue({ contentType: 'text/event-stream', chunks: [], then: 'hang' });
  await assert.rejects(collect(model.streamResponse(makeRequest({ signal: AbortSignal.timeout(30) }))), (error: Error) => error.name === 'AbortError');
});

test('OpenAIClientTransport with a client that has only create methods', async () => {
  const calls: Array<{ kind: string; body: Record<string, unknown> }> = [];
  const chunks = fixturePayloads('chat-stream-tool-calls.sse');
  const client = {
    responses: { create: async (body: Record<string, unknown>) => (calls.push({ kind: 'responses', body }), { id: 'resp_x', output: [], usage: null }) },
    chat: {
      completions: {
        create: async (body: Record<string, unknown>) => {
          calls.push({ kind: 'chat', body });
          return (async function* () {
            yield* chunks;
          })();
        },
      },
    },
  };
  const responses = new OpenAIResponsesModel({ model: 'm', client });
  assert.equal((await responses.getResponse(makeRequest())).responseId, 'resp_x');
  const chat = new OpenAIChatCompletionsModel({ model: 'm', transport: new OpenAIClientTransport(client) });
  const completed = (await collect(chat.streamResponse(makeRequest()))).at(-1) as ResponseCompletedEvent;
  assert.deepEqual(completed.response.output.map((item) => item.type === 'function_call' && item.arguments), ['{"country":"UK"}']);
  assert.deepEqual(calls.map((c) => [c.kind, c.body.stream]), [['responses', undefined], ['chat', true]]);
  await assert.rejects(new OpenAIResponsesModel({ model: 'm', client: {} }).getResponse(makeRequest()), UserError);
});
