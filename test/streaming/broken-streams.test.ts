// Broken model streams: missing response.completed, malformed JSON, connections dropped mid-way,
// HTTP errors and custom models whose stream throws. The events produced before the failure are
// delivered, then streamEvents() throws a clear error; hooks show the model call started and
// never ended.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  Agent, ModelBehaviorError, ModelHttpError, OpenAIProvider, Runner, tool, type Model, type ModelRequest, type ResponseStreamEvent,
} from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage, type ScriptedServerEntry } from '../../src/testing/index.js';
import { drain, labels, providerFor, recordingHooks, scriptedServer } from './helpers.js';

const APIS = [
  { label: 'Responses', useResponses: true },
  { label: 'Chat Completions', useResponses: false },
] as const;

const echo = tool({ name: 'echo', description: 'Echo', parameters: z.object({ text: z.string() }), execute: ({ text }) => text });

/** Run a streamed turn (a tool call served fine) then a second model call answered by `fault`. */
async function runAgainstServer(useResponses: boolean, fault: ScriptedServerEntry) {
  const server = await scriptedServer({ script: [{ output: [functionCall('echo', { text: 'hi' }, 'c1')] }, fault] });
  const log: string[] = [];
  const agent = new Agent({ name: 'remote', model: 'gpt-test', tools: [echo] });
  const result = Runner.runStreamed(agent, 'hi', { hooks: recordingHooks(log), runConfig: { modelProvider: providerFor(server, useResponses) } });
  const { events, error } = await drain(result);
  return { result, events, error, log, server };
}

const HOOKS_BEFORE_FAILURE = ['agentStart:remote', 'llmStart:remote:1', 'llmEnd:remote:1', 'toolStart:remote:echo', 'toolEnd:remote:echo:"hi"', 'llmStart:remote:3'];

for (const { label, useResponses } of APIS) {
  test(`${label}: malformed JSON in the stream is a ModelBehaviorError after the events already produced`, async () => {
    const { result, events, error, log } = await runAgainstServer(useResponses, { output: [textMessage('never parsed')], malformedJson: true });
    assert.ok(error instanceof ModelBehaviorError, `got ${String(error)}`);
    assert.match(error.message, /malformed JSON/);
    const names = labels(events, { raw: false });
    assert.deepEqual(names, ['agent:remote', 'tool_called', 'tool_output']);
    assert.equal(labels(events).at(-1), 'raw:response.created', 'the event before the bad line was delivered');
    assert.deepEqual(log, HOOKS_BEFORE_FAILURE, 'onLlmStart seen, no onLlmEnd, no onAgentEnd');
    assert.deepEqual(error.runData?.newItems.map((i) => i.type), ['tool_call_item', 'tool_call_output_item']);
    await assert.rejects(result.completed, (e) => e === error);
  });

  test(`${label}: a connection dropped mid-stream surfaces the transport error`, async () => {
    const { events, error, log } = await runAgainstServer(useResponses, { output: [textMessage('cut off in the middle of it')], breakStreamAfterEvents: 3 });
    assert.ok(error instanceof Error, `got ${String(error)}`);
    assert.match(error.message, /aborted|ECONNRESET|socket|closed|before response\.completed|completion finished/i);
    assert.ok(!labels(events).includes('message_output_created'));
    const all = labels(events);
    const second = all.slice(all.indexOf('tool_output') + 1);
    assert.ok(second.includes('raw:response.created'), 'the second response started streaming');
    assert.ok(!second.includes('raw:response.completed'), 'the second response never completed');
    assert.deepEqual(log, HOOKS_BEFORE_FAILURE);
  });

  test(`${label}: an HTTP error answer is a ModelHttpError; no raw event of that call`, async () => {
    // The server says not to retry (retries: test/reliability).
    const { events, error, log } = await runAgainstServer(useResponses, { httpStatus: 503, headers: { 'x-should-retry': 'false' } });
    assert.ok(error instanceof ModelHttpError, `got ${String(error)}`);
    assert.equal(error.status, 503);
    assert.equal(labels(events).at(-1), 'tool_output');
    assert.deepEqual(log, HOOKS_BEFORE_FAILURE);
  });
}

/** A bare SSE server that ends every stream cleanly but early: no response.completed, no [DONE]. */
let truncating: Server | undefined;
after(() => new Promise<void>((resolve) => {
  if (!truncating) return resolve();
  truncating.close(() => resolve());
  truncating.closeAllConnections(); // the client keeps connections alive
}));
async function truncatingServerUrl(): Promise<string> {
  if (!truncating) {
    truncating = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (req.url?.endsWith('/responses')) {
          res.end('data: {"type":"response.created","response":{"id":"resp_1","output":[]}}\n\ndata: {"type":"response.output_text.delta","delta":"hel"}\n\n');
        } else {
          res.end('data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"hel"},"finish_reason":null}]}\n\n');
        }
      });
    });
    await new Promise<void>((resolve) => truncating!.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(truncating.address() as AddressInfo).port}/v1`;
}

for (const { label, useResponses } of APIS) {
  test(`${label}: a stream that ends cleanly without completing is a ModelBehaviorError`, async () => {
    const provider = new OpenAIProvider({ apiKey: 'test', baseURL: await truncatingServerUrl(), useResponses });
    const log: string[] = [];
    const result = Runner.runStreamed(new Agent({ name: 'remote', model: 'm' }), 'hi', { hooks: recordingHooks(log), runConfig: { modelProvider: provider } });
    const { events, error } = await drain(result);
    assert.ok(error instanceof ModelBehaviorError, `got ${String(error)}`);
    assert.match(error.message, /ended before/);
    const names = labels(events);
    assert.equal(names[0], 'agent:remote');
    assert.ok(names.includes('raw:response.output_text.delta'), 'the partial text was streamed');
    assert.ok(!names.includes('raw:response.completed') && !names.includes('message_output_created'));
    assert.deepEqual(log, ['agentStart:remote', 'llmStart:remote:1']);
    assert.equal(result.isComplete, true);
    assert.deepEqual(result.rawResponses, []);
  });
}

/** A custom Model whose stream is whatever `events` yields. */
function customModel(events: (request: ModelRequest) => AsyncIterable<ResponseStreamEvent>): Model {
  return {
    getResponse: () => Promise.reject(new Error('streaming only')),
    streamResponse: events,
  };
}

test('custom model: a stream without response.completed is a ModelBehaviorError naming the missing event', async () => {
  const model = customModel(async function* () {
    yield { type: 'response.created' };
    yield { type: 'response.output_text.delta', delta: 'partial' };
  });
  const log: string[] = [];
  const { events, error } = await drain(Runner.runStreamed(new Agent({ name: 'custom', model }), 'hi', { hooks: recordingHooks(log) }));
  assert.ok(error instanceof ModelBehaviorError);
  assert.match(error.message, /without a response\.completed event/);
  assert.deepEqual(labels(events), ['agent:custom', 'raw:response.created', 'raw:response.output_text.delta']);
  assert.deepEqual(log, ['agentStart:custom', 'llmStart:custom:1']);
});

test('custom model: response.completed without an output array is a ModelBehaviorError', async () => {
  const model = customModel(async function* () {
    yield { type: 'response.completed', response: { id: 'resp_x' } };
  });
  const { events, error } = await drain(Runner.runStreamed(new Agent({ name: 'custom', model }), 'hi'));
  assert.ok(error instanceof ModelBehaviorError);
  assert.match(error.message, /no output array/);
  assert.deepEqual(labels(events), ['agent:custom', 'raw:response.completed']);
});

test('custom model: an error thrown mid-stream comes out of streamEvents() as the same error', async () => {
  const boom = new Error('socket hang up (custom model)');
  const model = customModel(async function* () {
    yield { type: 'response.created' };
    throw boom;
  });
  const log: string[] = [];
  const result = Runner.runStreamed(new Agent({ name: 'custom', model }), 'hi', { hooks: recordingHooks(log) });
  const { events, error } = await drain(result);
  assert.equal(error, boom);
  assert.deepEqual(labels(events), ['agent:custom', 'raw:response.created']);
  assert.deepEqual(log, ['agentStart:custom', 'llmStart:custom:1']);
  await assert.rejects(result.completed, (e) => e === boom);
});

test('ScriptedModel breakStreamAfterEvents: the scripted break ends the stream with its error', async () => {
  const model = new ScriptedModel([{ output: [textMessage('a b c d')], breakStreamAfterEvents: 4 }]);
  const { events, error } = await drain(Runner.runStreamed(new Agent({ name: 'scripted', model }), 'hi'));
  assert.ok(error instanceof Error);
  assert.match(error.message, /stream broken after 4 events/);
  assert.equal(events.filter((e) => e.type === 'raw_response_event').length, 4);
});
