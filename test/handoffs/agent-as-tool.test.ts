import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, UserError, tool } from '../../src/index.js';
import type { NestedRunResult } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from './run-modes.js';

test('asTool: default name from the agent name, description from handoffDescription, one string parameter', () => {
  const translator = new Agent({ name: 'French Translator', handoffDescription: 'Translates to French' });
  const t = translator.asTool({});
  assert.equal(t.name, 'french_translator');
  assert.equal(t.description, 'Translates to French');
  assert.deepEqual(t.serialized.parameters, { type: 'object', properties: { input: { type: 'string' } }, required: ['input'], additionalProperties: false });
  const named = translator.asTool({ toolName: 'to_french', toolDescription: 'Translate the input to French' });
  assert.equal(named.name, 'to_french');
  assert.equal(named.description, 'Translate the input to French');
  assert.equal(new Agent({ name: 'Plain' }).asTool({}).description, 'Run the Plain agent');
});

test('asTool: an invalid tool name is a UserError', () => {
  assert.throws(() => new Agent({ name: 'X' }).asTool({ toolName: 'has spaces' }), UserError);
});

runScenarios([
  {
    name: 'the agent runs as a nested run with the input as a user message; its final output is the tool result',
    async run(mode) {
      const innerModel = new ScriptedModel([{ output: [textMessage('Bonjour')] }]);
      const translator = new Agent({ name: 'Translator', instructions: 'Translate to French.', model: innerModel });
      const outerModel = new ScriptedModel([
        { output: [functionCall('translate', { input: 'Hello' }, 'call_tr')] },
        { output: [textMessage('In French: Bonjour')] },
      ]);
      const orchestrator = new Agent({ name: 'Orchestrator', model: outerModel, tools: [translator.asTool({ toolName: 'translate', toolDescription: 'Translate' })] });
      const { result } = await runIn(mode, orchestrator, 'Say hello in French');
      assert.equal(result.finalOutput, 'In French: Bonjour');
      assert.equal(result.lastAgent, orchestrator);
      assert.deepEqual(innerModel.calls.map((c) => ({ input: c.input, instructions: c.instructions, stream: c.stream })), [
        { input: [{ role: 'user', content: 'Hello' }], instructions: 'Translate to French.', stream: false },
      ]);
      const out = result.newItems.find((i) => i.type === 'tool_call_output_item');
      assert.ok(out && out.type === 'tool_call_output_item');
      assert.equal(out.output, 'Bonjour');
      assert.deepEqual(out.rawItem, { type: 'function_call_output', call_id: 'call_tr', output: 'Bonjour' });
      // The nested run's items do not leak into the outer run.
      assert.equal(result.newItems.filter((i) => i.agent === translator).length, 0);
    },
  },
  {
    name: 'the nested run shares the context object and runs its own tools',
    async run(mode) {
      const ctx = { calls: [] as string[] };
      const note = tool({ name: 'note', description: 'n', parameters: z.object({ text: z.string() }), execute: ({ text }, toolCtx) => { (toolCtx.context as typeof ctx).calls.push(text); return 'noted'; } });
      const inner = new Agent<typeof ctx>({ name: 'Inner', model: new ScriptedModel([{ output: [functionCall('note', { text: 'from inner' })] }, { output: [textMessage('inner done')] }]), tools: [note] });
      const outer = new Agent<typeof ctx>({
        name: 'Outer',
        model: new ScriptedModel([{ output: [functionCall('inner', { input: 'go' })] }, { output: [textMessage('outer done')] }]),
        tools: [inner.asTool({})],
      });
      const { result } = await runIn(mode, outer, 'x', { context: ctx });
      assert.equal(result.finalOutput, 'outer done');
      assert.deepEqual(ctx.calls, ['from inner']);
    },
  },
  {
    name: 'customOutputExtractor turns the nested result into the tool output; structured outputs are JSON on the wire',
    async run(mode) {
      const seen: NestedRunResult[] = [];
      const inner = new Agent({ name: 'Scorer', model: new ScriptedModel([{ output: [textMessage('{"score":7}')] }]), outputType: z.object({ score: z.number() }) });
      const outerModel = new ScriptedModel([{ output: [functionCall('score', { input: 'rate this' }), functionCall('score_raw', { input: 'rate again' })] }, { output: [textMessage('ok')] }]);
      const raw = new Agent({ name: 'Raw', model: new ScriptedModel([{ output: [textMessage('{"score":3}')] }]), outputType: z.object({ score: z.number() }) });
      const outer = new Agent({
        name: 'Outer',
        model: outerModel,
        tools: [
          inner.asTool({ toolName: 'score', customOutputExtractor: async (r) => (seen.push(r), `score=${(r.finalOutput as { score: number }).score}`) }),
          raw.asTool({ toolName: 'score_raw' }),
        ],
      });
      const { result } = await runIn(mode, outer, 'x');
      assert.equal(seen.length, 1);
      assert.deepEqual(seen[0]!.finalOutput, { score: 7 });
      assert.deepEqual((seen[0]!.newItems as Array<{ type: string }>).map((i) => i.type), ['message_output_item']);
      const outputs = result.newItems.filter((i) => i.type === 'tool_call_output_item').map((i) => (i.rawItem as { output: string }).output);
      assert.deepEqual(outputs, ['score=7', '{"score":3}']);
    },
  },
  {
    name: 'a failing nested run becomes the default tool failure text for the outer model',
    async run(mode) {
      const inner = new Agent({ name: 'Broken', model: new ScriptedModel([new Error('upstream 500')]) });
      const outerModel = new ScriptedModel([{ output: [functionCall('broken', { input: 'x' })] }, { output: [textMessage('sorry')] }]);
      const outer = new Agent({ name: 'Outer', model: outerModel, tools: [inner.asTool({})] });
      const { result } = await runIn(mode, outer, 'x');
      assert.equal(result.finalOutput, 'sorry');
      const sent = outerModel.calls[1]!.input.find((i) => (i as { type?: string }).type === 'function_call_output') as { output: string };
      assert.equal(sent.output, 'An error occurred while running the tool. Please try again. Error: upstream 500');
    },
  },
  {
    name: "aborting the outer run aborts the nested run's model call",
    async run(mode) {
      let aborted = false;
      const inner = new Agent({
        name: 'Inner',
        model: new ScriptedModel([(request) => new Promise<never>((_resolve, reject) => request.signal!.addEventListener('abort', () => ((aborted = true), reject(request.signal!.reason)), { once: true }))]),
      });
      const outer = new Agent({ name: 'Outer', model: new ScriptedModel([{ output: [functionCall('inner', { input: 'x' })] }]), tools: [inner.asTool({})] });
      const controller = new AbortController();
      const reason = new Error('stop everything');
      setTimeout(() => controller.abort(reason), 20);
      const { error } = await runFails(mode, outer, 'x', { signal: controller.signal });
      assert.equal(error, reason);
      assert.equal(aborted, true);
    },
  },
]);

runScenarios([
  {
    name: "a nested run resolves model names through the parent run's modelProvider, and the extractor sees the whole RunResult",
    async run(mode) {
      const innerModel = new ScriptedModel([{ output: [textMessage('Hallo')] }]);
      const outerModel = new ScriptedModel([
        { output: [functionCall('to_german', { input: 'hello' }, 'c1')] },
        { output: [textMessage('done')] },
      ]);
      const asked: Array<string | undefined> = [];
      const modelProvider = {
        getModel(name?: string) {
          asked.push(name);
          return name === 'inner-model' ? innerModel : outerModel;
        },
      };
      let seenLastAgent: string | undefined;
      const german = new Agent({ name: 'German', model: 'inner-model' });
      const outer = new Agent({
        name: 'Outer',
        model: 'outer-model',
        tools: [
          german.asTool({
            toolName: 'to_german',
            customOutputExtractor: (result: NestedRunResult) => {
              seenLastAgent = result.lastAgent.name;
              return `${String(result.finalOutput)} (${result.rawResponses.length} call)`;
            },
          }),
        ],
      });
      const { result } = await runIn(mode, outer, 'translate', { runConfig: { modelProvider } });
      assert.deepEqual(asked.sort(), ['inner-model', 'outer-model']);
      assert.equal(seenLastAgent, 'German');
      const output = result.newItems.find((i) => i.type === 'tool_call_output_item');
      assert.equal(output?.type === 'tool_call_output_item' ? output.output : undefined, 'Hallo (1 call)');
      assert.equal(result.finalOutput, 'done');
    },
  },
]);
