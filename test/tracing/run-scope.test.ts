// Which trace and span the user's code sees during a run. The runner passes its trace explicitly
// and makes it current only around code it calls for the user (see src/tracing/context.ts).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Agent, Runner, tool, inputGuardrail, outputGuardrail } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { getCurrentSpan, getCurrentTrace, setTraceProcessors, setTracingDisabled, startSpan } from '../../src/tracing/index.js';
import type { Model, ModelRequest, ModelResponse } from '../../src/index.js';
import { RecordingProcessor } from './helpers.js';

let recorder: RecordingProcessor;
beforeEach(() => {
  recorder = new RecordingProcessor();
  setTraceProcessors([recorder]);
  setTracingDisabled(false);
});

/** What `getCurrentSpan()` is, by span type ('none' for null), after an await so the context has to carry over. */
async function seen(): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const span = getCurrentSpan();
  return span === null ? 'none' : span.spanData.type;
}

test("user code the run calls sees the run's trace and its own span, across awaits", async () => {
  const log: string[] = [];
  const traces = new Set<string | undefined>();
  const note = async (where: string): Promise<void> => {
    log.push(`${where}:${await seen()}`);
    traces.add(getCurrentTrace()?.traceId);
  };
  const scripted = new ScriptedModel([{ output: [functionCall('work', {})] }, { output: [textMessage('done')] }]);
  const model: Model = {
    async getResponse(request: ModelRequest): Promise<ModelResponse> {
      await note('model');
      return scripted.getResponse(request);
    },
    streamResponse: (request) => scripted.streamResponse(request),
  };
  const agent = new Agent({
    name: 'A',
    model,
    instructions: async () => {
      await note('instructions');
      return 'be brief';
    },
    tools: [tool({ name: 'work', description: 'w', parameters: z.object({}), execute: async () => (await note('tool'), 'ok') })],
    inputGuardrails: [inputGuardrail(async () => (await note('input_guardrail'), { tripwireTriggered: false }), { name: 'in' })],
    outputGuardrails: [outputGuardrail(async () => (await note('output_guardrail'), { tripwireTriggered: false }), { name: 'out' })],
  });
  const hooks = { onAgentStart: () => note('hook'), onToolEnd: () => note('tool_hook') };
  const result = await Runner.run(agent, 'go', { hooks });
  assert.equal(result.finalOutput, 'done');
  assert.deepEqual(new Set(log), new Set([
    'hook:agent', 'instructions:agent', 'input_guardrail:guardrail', 'model:generation', 'tool:function', 'tool_hook:agent', 'output_guardrail:guardrail',
  ]));
  assert.deepEqual([...traces], [recorder.traces[0]!.traceId], 'every callback saw the run\'s one trace');
  // Outside the run there is no current trace again.
  assert.equal(getCurrentTrace(), null);
  assert.equal(await seen(), 'none');
});

test('spans the user starts inside a hook or a model nest under the agent and generation spans', async () => {
  const scripted = new ScriptedModel([{ output: [textMessage('done')] }]);
  const model: Model = {
    async getResponse(request) {
      startSpan({ type: 'custom', name: 'in-model', data: {} }).end();
      return scripted.getResponse(request);
    },
    streamResponse: (request) => scripted.streamResponse(request),
  };
  const agent = new Agent({ name: 'A', model });
  await Runner.run(agent, 'go', { hooks: { onAgentStart: () => startSpan({ type: 'custom', name: 'in-hook', data: {} }).end() } });
  const byName = new Map(recorder.spans.map((s) => [s.spanData.type === 'custom' ? s.spanData.name : s.spanData.type, s]));
  assert.equal(byName.get('in-hook')!.parentId, byName.get('agent')!.spanId);
  assert.equal(byName.get('in-model')!.parentId, byName.get('generation')!.spanId);
});

test('a model with readsTraceContext: false is called outside the trace context', async () => {
  const scripted = new ScriptedModel([{ output: [textMessage('done')] }]);
  let inside: unknown = 'unset';
  const model: Model = {
    readsTraceContext: false,
    async getResponse(request) {
      inside = getCurrentTrace();
      return scripted.getResponse(request);
    },
    streamResponse: (request) => scripted.streamResponse(request),
  };
  await Runner.run(new Agent({ name: 'A', model }), 'go');
  assert.equal(inside, null);
  assert.equal(recorder.spans.filter((s) => s.spanData.type === 'generation').length, 1, 'the call still has its span');
});

test('between the calls it makes for the user, a traced run leaves Node without async-context bookkeeping', () => {
  // In a fresh process: Node tracks promise contexts (a nonzero executionAsyncId in a reaction) only
  // while some AsyncLocalStorage is on. The run's own stages and a readsTraceContext: false model
  // must run without it. An async tool runs with it, and sees its span after an await. A tool that
  // returned a plain value runs with it once; then it is taken to be synchronous and sees its span
  // with the storage left off.
  const src = (path: string): string => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));
  const script = `
    import { executionAsyncId } from 'node:async_hooks';
    import { z } from 'zod';
    import { Agent, Runner, tool } from ${src('../../src/index.ts')};
    import { ScriptedModel, functionCall, textMessage } from ${src('../../src/testing/index.ts')};
    import { getCurrentSpan, setTraceProcessors } from ${src('../../src/tracing/index.ts')};
    setTraceProcessors([{ onSpanEnd: () => {} }]);
    const idAfterAwait = async () => { await null; return executionAsyncId(); };
    // One tool per turn: a tool running alongside would have the storage on for both.
    const turns = ['sync_work', 'sync_work', 'sync_work', 'async_work', 'async_work'].map((name) => ({ output: [functionCall(name, {})] }));
    const scripted = new ScriptedModel([...turns, { output: [textMessage('done')] }]);
    const ids = { model: [], asyncTool: [], syncTool: [] };
    const seen = { asyncTool: [], syncTool: [] };
    const model = {
      readsTraceContext: false,
      async getResponse(request) { ids.model.push(await idAfterAwait()); return scripted.getResponse(request); },
      streamResponse: (request) => scripted.streamResponse(request),
    };
    const asyncWork = tool({ name: 'async_work', description: 'w', parameters: z.object({}), execute: async () => {
      ids.asyncTool.push(await idAfterAwait());
      seen.asyncTool.push(getCurrentSpan()?.spanData.name);
      return 'ok';
    } });
    const syncWork = tool({ name: 'sync_work', description: 'w', parameters: z.object({}), execute: () => {
      const reaction = Promise.resolve().then(() => executionAsyncId());
      reaction.then((id) => ids.syncTool.push(id));
      seen.syncTool.push(getCurrentSpan()?.spanData.name);
      return 'ok';
    } });
    const agent = new Agent({ name: 'A', model, tools: [syncWork, asyncWork] });
    await Runner.run(agent, 'go');
    const after = await idAfterAwait();
    process.stdout.write(JSON.stringify({ ids, seen, after }));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout) as { ids: Record<string, number[]>; seen: Record<string, string[]>; after: number };
  assert.deepEqual(out.ids.model, [0, 0, 0, 0, 0, 0], 'no bookkeeping during the model calls');
  assert.equal(out.after, 0, 'none after the run');
  assert.ok(out.ids.asyncTool.length === 2 && out.ids.asyncTool.every((id) => id > 0), 'an async tool runs with the context on');
  assert.deepEqual(out.seen.asyncTool, ['async_work', 'async_work'], 'and sees its span after an await');
  assert.deepEqual(out.seen.syncTool, ['sync_work', 'sync_work', 'sync_work'], 'a synchronous tool sees its span every time');
  assert.ok(out.ids.syncTool[0]! > 0, 'its first call runs with the context on');
  assert.deepEqual(out.ids.syncTool.slice(1), [0, 0], 'its later calls without');
});
