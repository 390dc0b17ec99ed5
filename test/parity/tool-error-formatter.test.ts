// Python SDK parity: RunConfig.toolErrorFormatter is called for a missing tool (with
// toolNotFoundBehavior 'return_error_to_model') and for a rejected approval, with
// { kind, toolType, toolName, callId, defaultMessage, runContext }; undefined, a non-string or a
// throw falls back to the default text. Tool exceptions never reach it. Blocking and streamed, over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, ModelBehaviorError, RunContextWrapper, tool, type RunConfig } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer, sentToolOutputs } from '../run/helpers.js';

type Formatter = NonNullable<RunConfig['toolErrorFormatter']>;
type FormatterArgs = Parameters<Formatter>[0];

const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => 'found' });

for (const mode of MODES) {
  test(`[${mode}] a missing tool: the formatter gets kind 'tool_not_found' and its text goes to the model`, async () => {
    const server = await scriptedServer([{ output: [functionCall('missing', {}, 'call_m'), functionCall('lookup', {}, 'call_l')] }, { output: [textMessage('ok')] }]);
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [lookup] });
    const seen: FormatterArgs[] = [];
    const { result, error } = await runIn(mode, agent, 'hi', {
      context: { user: 'u1' },
      runConfig: {
        modelProvider: providerFor(server, true),
        toolNotFoundBehavior: 'return_error_to_model',
        toolErrorFormatter: (args) => (seen.push(args), `No tool called ${args.toolName}; try lookup.`),
      },
    });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'ok');
    assert.equal(seen.length, 1);
    const { runContext, ...rest } = seen[0]!;
    assert.deepEqual(rest, { kind: 'tool_not_found', toolType: 'function', toolName: 'missing', callId: 'call_m', defaultMessage: "Tool 'missing' not found." });
    assert.ok(runContext instanceof RunContextWrapper);
    assert.deepEqual(runContext.context, { user: 'u1' });
    assert.deepEqual(sentToolOutputs(server, 1), [
      { call_id: 'call_m', output: 'No tool called missing; try lookup.' },
      { call_id: 'call_l', output: 'found' },
    ]);
  });

  test(`[${mode}] a missing tool: undefined, a non-string or a throwing formatter falls back to "Tool 'x' not found."`, async () => {
    const formatters: Formatter[] = [() => undefined, async () => 42 as never, () => { throw new Error('formatter broke'); }, async () => { throw new Error('async broke'); }];
    for (const toolErrorFormatter of [undefined, ...formatters]) {
      const server = await scriptedServer([{ output: [functionCall('missing', {}, 'call_m')] }, { output: [textMessage('ok')] }]);
      const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [lookup] });
      const { error } = await runIn(mode, agent, 'hi', { runConfig: { modelProvider: providerFor(server, true), toolNotFoundBehavior: 'return_error_to_model', toolErrorFormatter } });
      assert.equal(error, undefined);
      assert.deepEqual(sentToolOutputs(server, 1), [{ call_id: 'call_m', output: "Tool 'missing' not found." }]);
    }
  });

  test(`[${mode}] a missing tool with raise_error (the default): ModelBehaviorError, the formatter is not called`, async () => {
    const server = await scriptedServer([{ output: [functionCall('missing', {}, 'call_m')] }]);
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [lookup] });
    let calls = 0;
    const { error } = await runIn(mode, agent, 'hi', { runConfig: { modelProvider: providerFor(server, true), toolErrorFormatter: () => (calls++, 'x') } });
    assert.ok(error instanceof ModelBehaviorError);
    assert.equal(calls, 0);
  });

  test(`[${mode}] a rejected approval: the formatter gets kind 'approval_rejected'; fallback is 'Tool execution was not approved.'`, async () => {
    const del = tool({ name: 'delete_file', description: 'd', parameters: z.object({}), needsApproval: true, execute: () => 'deleted' });
    const agent = new Agent({ name: 'files', model: 'gpt-test', tools: [del] });
    for (const [toolErrorFormatter, expected] of [
      [(args: FormatterArgs) => `${args.toolName} was refused (${args.kind}, ${args.toolType}, ${args.callId}, ${args.defaultMessage})`,
        'delete_file was refused (approval_rejected, function, call_d, Tool execution was not approved.)'],
      [() => { throw new Error('nope'); }, 'Tool execution was not approved.'],
      [() => ({ not: 'a string' }) as never, 'Tool execution was not approved.'],
    ] as Array<[Formatter, string]>) {
      const server = await scriptedServer([{ output: [functionCall('delete_file', {}, 'call_d')] }, { output: [textMessage('Understood.')] }]);
      const runConfig = { modelProvider: providerFor(server, true), toolErrorFormatter };
      const first = await runIn(mode, agent, 'delete it', { runConfig });
      assert.equal(first.result!.interruptions.length, 1);
      const state = first.result!.toState();
      state.reject(state.interruptions[0]!);
      const second = await runIn(mode, agent, state, { runConfig });
      assert.equal(second.error, undefined);
      assert.equal(second.result!.finalOutput, 'Understood.');
      assert.deepEqual(sentToolOutputs(server, 1), [{ call_id: 'call_d', output: expected }]);
    }
  });

  test(`[${mode}] a throwing tool goes through failureErrorFunction only; the formatter is not called`, async () => {
    const broken = tool({ name: 'broken', description: 'b', parameters: z.object({}), execute: () => { throw new Error('disk full'); } });
    const own = tool({ name: 'own', description: 'o', parameters: z.object({}), execute: () => { throw new Error('boom'); }, failureErrorFunction: (_ctx, e) => `own: ${(e as Error).message}` });
    const server = await scriptedServer([{ output: [functionCall('broken', {}, 'call_b'), functionCall('own', {}, 'call_o')] }, { output: [textMessage('ok')] }]);
    const agent = new Agent({ name: 'a', model: 'gpt-test', tools: [broken, own] });
    let calls = 0;
    const { error } = await runIn(mode, agent, 'hi', { runConfig: { modelProvider: providerFor(server, true), toolErrorFormatter: () => (calls++, 'formatted') } });
    assert.equal(error, undefined);
    assert.equal(calls, 0);
    assert.deepEqual(sentToolOutputs(server, 1), [
      { call_id: 'call_b', output: 'An error occurred while running the tool. Please try again. Error: disk full' },
      { call_id: 'call_o', output: 'own: boom' },
    ]);
  });
}
