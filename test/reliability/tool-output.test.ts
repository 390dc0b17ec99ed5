// Tool outputs JSON cannot express (a circular object, a BigInt, a function) reach the model as a
// clear error text naming the tool, or fail the run with a UserError when failureErrorFunction is
// null; never "[object Object]".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, Runner, UserError, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';

const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;
const CASES: Array<{ label: string; value: () => unknown; reason: RegExp }> = [
  { label: 'a circular object', value: () => circular, reason: /circular reference/ },
  { label: 'a BigInt', value: () => 12n, reason: /BigInt/ },
  { label: 'an object holding a BigInt', value: () => ({ big: 1n }), reason: /BigInt/ },
  { label: 'a function', value: () => () => 1, reason: /a function/ },
];

for (const { label, value, reason } of CASES) {
  for (const async of [false, true]) {
    test(`${async ? 'async' : 'sync'} tool returning ${label}: error text to the model naming the tool`, async () => {
      const bad = tool({ name: 'bad_tool', description: 'returns junk', parameters: z.object({}), execute: () => (async ? Promise.resolve(value()) : value()) });
      const model = new ScriptedModel([{ output: [functionCall('bad_tool', {}, 'c1')] }, { output: [textMessage('ok')] }]);
      const result = await Runner.run(new Agent({ name: 'a', model, tools: [bad] }), 'go');
      const output = result.newItems.find((item) => item.type === 'tool_call_output_item');
      const text = (output?.rawItem as { output: string }).output;
      assert.match(text, /bad_tool/);
      assert.match(text, reason);
      assert.doesNotMatch(text, /\[object Object\]/);
      assert.equal(result.finalOutput, 'ok');
    });

    test(`${async ? 'async' : 'sync'} tool returning ${label} with failureErrorFunction null: a UserError naming the tool`, async () => {
      const bad = tool({
        name: 'bad_tool', description: 'returns junk', parameters: z.object({}), failureErrorFunction: null,
        execute: () => (async ? Promise.resolve(value()) : value()),
      });
      const model = new ScriptedModel([{ output: [functionCall('bad_tool', {}, 'c1')] }, { output: [textMessage('ok')] }]);
      await assert.rejects(Runner.run(new Agent({ name: 'a', model, tools: [bad] }), 'go'), (error: unknown) => {
        assert.ok(error instanceof UserError, String(error));
        assert.match(error.message, /bad_tool/);
        assert.match(error.message, reason);
        return true;
      });
    });
  }
}

test('serialisable outputs are unchanged: objects as JSON, strings as they are, undefined as empty', async () => {
  const values: unknown[] = [{ a: [1, 'x'] }, 'plain', undefined, 42, null, new Date(0)];
  for (const v of values) {
    const ok = tool({ name: 'ok_tool', description: 'fine', parameters: z.object({}), execute: () => v });
    const model = new ScriptedModel([{ output: [functionCall('ok_tool', {}, 'c1')] }, { output: [textMessage('done')] }]);
    const result = await Runner.run(new Agent({ name: 'a', model, tools: [ok] }), 'go');
    const output = result.newItems.find((item) => item.type === 'tool_call_output_item');
    const expected = typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
    assert.equal((output?.rawItem as { output: string }).output, expected);
  }
});
