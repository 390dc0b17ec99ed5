// The optional fast paths of the public Model interface (docs/models.md), taken by a third-party
// model written as a plain object: streamResponseTo instead of streamResponse, the run's abort on
// request.abort, the run's own input array with readsInputOnlyDuringCall, and request.inputJson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, OpenAIResponsesModel, NodeHttpTransport, Runner, tool,
  type AgentInputItem, type Model, type ModelRequest, type ModelResponse, type ResponseEventHandler,
} from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, collectEvents, deferred, runIn, within } from '../run/helpers.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';

const act = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => 'acted' });

/** A tool call, then a final text: two model calls. */
const twoCalls = (): ScriptedModel => new ScriptedModel([{ output: [functionCall('act', {}, 'call_1')] }, { output: [textMessage('done')] }]);

test('[streamed] a model with streamResponseTo is pushed to, never iterated; a returned promise pauses it', async () => {
  const inner = twoCalls();
  const calls: string[] = [];
  const model: Model = {
    getResponse: () => assert.fail('a streamed run does not call getResponse'),
    streamResponse: () => assert.fail('the run pushes when the model can'),
    async streamResponseTo(request: ModelRequest, onEvent: ResponseEventHandler): Promise<void> {
      calls.push('streamResponseTo');
      for await (const event of inner.streamResponse(request)) {
        await onEvent(event); // a promise it returns pauses the stream
      }
    },
  };
  const result = Runner.runStreamed(new Agent({ name: 'a', model, tools: [act] }), 'go');
  const { events, error } = await collectEvents(result as never);
  assert.equal(error, undefined);
  assert.equal(result.finalOutput, 'done');
  assert.deepEqual(calls, ['streamResponseTo', 'streamResponseTo']);
  const raw = events.filter((e) => e.type === 'raw_response_event').map((e) => (e as { data: { type: string } }).data.type);
  assert.equal(raw.filter((t) => t === 'response.completed').length, 2);
  assert.ok(raw.includes('response.output_text.delta'));
});

test('[streamed] when onEvent throws (the run was cancelled mid-stream), streamResponseTo stops with that error', async () => {
  const gate = deferred();
  const pushedFirst = deferred();
  const ended = deferred();
  let thrown: unknown;
  let pushedAfter = 0;
  const model: Model = {
    getResponse: () => assert.fail('not called'),
    streamResponse: () => assert.fail('not called'),
    async streamResponseTo(request: ModelRequest, onEvent: ResponseEventHandler): Promise<void> {
      const events: unknown[] = [];
      for await (const event of new ScriptedModel([{ output: [textMessage('never finished')] }]).streamResponse(request)) events.push(event);
      await onEvent(events[0] as never);
      pushedFirst.resolve();
      await gate.promise;
      try {
        for (const event of events.slice(1)) {
          await onEvent(event as never);
          pushedAfter++;
        }
      } catch (error) {
        thrown = error;
        throw error;
      } finally {
        ended.resolve();
      }
    },
  };
  const result = Runner.runStreamed(new Agent({ name: 'a', model }), 'go');
  await within(pushedFirst.promise, 2000, 'the first event');
  result.cancel();
  gate.resolve();
  await within(result.completed.catch(() => {}), 2000, 'the run to end');
  await within(ended.promise, 2000, 'the model to stop');
  assert.equal(pushedAfter, 0);
  assert.equal((thrown as Error | undefined)?.name, 'AbortError');
});

test('[blocking] a model with streamResponseTo still answers blocking runs with getResponse', async () => {
  const inner = twoCalls();
  const calls: string[] = [];
  const model: Model = {
    getResponse: (request) => (calls.push('getResponse'), inner.getResponse(request)),
    streamResponse: () => assert.fail('not called'),
    streamResponseTo: () => assert.fail('not called'),
  };
  const result = await Runner.run(new Agent({ name: 'a', model, tools: [act] }), 'go');
  assert.equal(result.finalOutput, 'done');
  assert.deepEqual(calls, ['getResponse', 'getResponse']);
});

for (const mode of MODES) {
  test(`[${mode}] request.abort is the run's cancellation: onAbort fires once on cancel, with the signal's reason`, async () => {
    const started = deferred();
    const fired: unknown[] = [];
    const hang = (request: ModelRequest): Promise<never> => {
      const abort = request.abort!;
      assert.equal(abort.aborted, false);
      assert.equal(abort.reason, undefined);
      return new Promise<never>((_, reject) => {
        abort.onAbort(() => {
          fired.push(abort.reason);
          reject(abort.reason);
        });
        started.resolve();
      });
    };
    const model: Model = {
      getResponse: hang,
      streamResponse: () => assert.fail('not called'),
      streamResponseTo: hang,
    };
    const controller = new AbortController();
    const agent = new Agent({ name: 'a', model });
    const run = runIn(mode, agent, 'go', { signal: controller.signal });
    await within(started.promise, 2000, 'the model call');
    const reason = new Error('stop now');
    controller.abort(reason);
    const { error } = await within(run, 2000, 'the run to end');
    assert.deepEqual(fired, [reason]);
    assert.ok(error !== undefined, 'the aborted run fails');
  });

  test(`[${mode}] request.abort: a detached callback is not called, and its signal is the run's`, async () => {
    const seen: { detachedCalled: boolean; signalAborted?: boolean } = { detachedCalled: false };
    const started = deferred();
    const hang = (request: ModelRequest): Promise<never> => {
      const abort = request.abort!;
      const detach = abort.onAbort(() => (seen.detachedCalled = true));
      detach();
      return new Promise<never>((_, reject) => {
        abort.onAbort(() => {
          seen.signalAborted = abort.signal.aborted;
          reject(abort.reason);
        });
        started.resolve();
      });
    };
    const model: Model = { getResponse: hang, streamResponse: () => assert.fail('not called'), streamResponseTo: hang };
    const controller = new AbortController();
    const run = runIn(mode, new Agent({ name: 'a', model }), 'go', { signal: controller.signal });
    await within(started.promise, 2000, 'the model call');
    controller.abort(new Error('x'));
    await within(run, 2000, 'the run to end');
    assert.deepEqual(seen, { detachedCalled: false, signalAborted: true });
  });

  test(`[${mode}] without readsInputOnlyDuringCall a model gets a copied input per call; with it, the run's own array`, async () => {
    const record = (flag: boolean): { model: Model; seen: Array<{ list: AgentInputItem[]; length: number }> } => {
      const inner = twoCalls();
      const seen: Array<{ list: AgentInputItem[]; length: number }> = [];
      const model: Model = {
        getResponse(request) {
          seen.push({ list: request.input, length: request.input.length });
          return inner.getResponse(request);
        },
        streamResponse(request) {
          seen.push({ list: request.input, length: request.input.length });
          return inner.streamResponse(request);
        },
      };
      return { model: flag ? Object.assign(model, { readsInputOnlyDuringCall: true }) : model, seen };
    };
    const copied = record(false);
    const borrowed = record(true);
    for (const { model } of [copied, borrowed]) {
      const { result, error } = await runIn(mode, new Agent({ name: 'a', model, tools: [act] }), 'go');
      assert.equal(error, undefined);
      assert.equal(result!.finalOutput, 'done');
    }
    assert.deepEqual(copied.seen.map((s) => s.length), [1, 3]);
    assert.deepEqual(borrowed.seen.map((s) => s.length), [1, 3]);
    // A copy stays as it was at the call; the run's own array grew after the first call.
    assert.deepEqual(copied.seen.map((s) => s.list.length), [1, 3]);
    assert.notEqual(copied.seen[0]!.list, copied.seen[1]!.list);
    assert.equal(borrowed.seen[0]!.list, borrowed.seen[1]!.list);
    assert.ok(borrowed.seen[0]!.list.length > 1, 'the first call was given the live history');
  });
}

test('request.inputJson serializes the input as JSON.stringify does, reusing what earlier calls sent; absent with callModelInputFilter', async () => {
  const texts: Array<{ cached: string; plain: string; copy: string; copyPlain: string }> = [];
  const filtered: unknown[] = [];
  const inner = new ScriptedModel();
  const model: Model = {
    readsInputOnlyDuringCall: true,
    getResponse(request): Promise<ModelResponse> {
      const cache = request.inputJson;
      if (cache === undefined) filtered.push(request.input.length);
      else {
        // A copy with another input (one item dropped) is served its own text, not the run's.
        const copy = request.input.slice(1);
        texts.push({ cached: cache.stringify(request.input), plain: JSON.stringify(request.input), copy: cache.stringify(copy), copyPlain: JSON.stringify(copy) });
      }
      return inner.getResponse(request);
    },
    streamResponse: () => assert.fail('not called'),
  };
  const agent = new Agent({ name: 'a', model, tools: [act] });
  inner.push({ output: [functionCall('act', {}, 'call_1')] }, { output: [functionCall('act', {}, 'call_2')] }, { output: [textMessage('done')] });
  assert.equal((await Runner.run(agent, 'go')).finalOutput, 'done');
  assert.equal(texts.length, 3);
  for (const t of texts) {
    assert.equal(t.cached, t.plain);
    assert.equal(t.copy, t.copyPlain);
  }
  inner.push({ output: [textMessage('filtered')] });
  const result = await Runner.run(agent, 'go', { runConfig: { callModelInputFilter: ({ modelData }) => modelData } });
  assert.equal(result.finalOutput, 'filtered');
  assert.deepEqual(filtered, [1]);
});

let server: FixtureServer;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());

// A wrapper that copies the request and gives the copy a signal of its own, passing it to a
// built-in model: the copy also carries the run's `abort`, and the built-in model listens to the
// copy's own signal, so the wrapper need not clear anything.
test('a copied request with a signal of its own: the built-in model listens to that signal, not the run\'s abort', async () => {
  server.enqueue({ contentType: 'application/json', chunks: [], then: 'hang' });
  const builtIn = new OpenAIResponsesModel({ model: 'm', transport: new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL }) });
  const own = new AbortController();
  let copyHadAbort = false;
  const wrapper: Model = {
    getResponse(request) {
      const copy: ModelRequest = { ...request, signal: own.signal };
      copyHadAbort = copy.abort !== undefined;
      setTimeout(() => own.abort(new Error('the wrapper gave up')), 20);
      return builtIn.getResponse(copy);
    },
    streamResponse: () => assert.fail('not called'),
  };
  const started = Date.now();
  await assert.rejects(
    within(Runner.run(new Agent({ name: 'a', model: wrapper }), 'go'), 2000, 'the wrapper\'s abort'),
    (error: Error) => error.name === 'AbortError' && (error.cause as Error).message === 'the wrapper gave up',
  );
  assert.equal(copyHadAbort, true);
  assert.ok(Date.now() - started < 2000);
});

for (const [label, copyOf] of [
  ['{ ...request }', (request: ModelRequest): ModelRequest => ({ ...request })],
  ['{ ...request, signal: undefined }', (request: ModelRequest): ModelRequest => ({ ...request, signal: undefined })],
] as const) {
  test(`a copy ${label} (no signal of its own): the built-in model still stops when the run is aborted`, async () => {
    server.enqueue({ contentType: 'application/json', chunks: [], then: 'hang' });
    const builtIn = new OpenAIResponsesModel({ model: 'm', transport: new NodeHttpTransport({ apiKey: 'k', baseURL: server.baseURL }) });
    const controller = new AbortController();
    let inner: Promise<ModelResponse> | undefined;
    const wrapper: Model = {
      getResponse(request) {
        setTimeout(() => controller.abort(new Error('the caller gave up')), 20);
        inner = builtIn.getResponse(copyOf(request));
        return inner;
      },
      streamResponse: () => assert.fail('not called'),
    };
    await assert.rejects(within(Runner.run(new Agent({ name: 'a', model: wrapper }), 'go', { signal: controller.signal }), 2000, 'the run\'s abort'));
    // The built-in model's own call was cut by the run's abort, not left hanging.
    await assert.rejects(
      within(inner!, 2000, 'the HTTP call to stop'),
      (error: Error) => error.name === 'AbortError' && (error.cause as Error).message === 'the caller gave up',
    );
  });
}
