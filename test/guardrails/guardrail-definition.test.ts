import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, inputGuardrail, outputGuardrail, toolInputGuardrail, toolOutputGuardrail, ToolGuardrailFunctionOutput } from '../../src/index.js';

test('guardrail builders need a function', () => {
  for (const [name, build] of [
    ['inputGuardrail', inputGuardrail],
    ['outputGuardrail', outputGuardrail],
    ['toolInputGuardrail', toolInputGuardrail],
    ['toolOutputGuardrail', toolOutputGuardrail],
  ] as const) {
    assert.throws(() => (build as (fn: unknown) => unknown)({ tripwireTriggered: false }), (e) => e instanceof UserError && e.message.startsWith(`${name}()`), name);
  }
});

test('inputGuardrail: runInParallel defaults to true and must be a boolean', () => {
  const fn = () => ({ tripwireTriggered: false });
  assert.equal(inputGuardrail(fn).runInParallel, true);
  assert.equal(inputGuardrail(fn, { runInParallel: false }).runInParallel, false);
  assert.throws(() => inputGuardrail(fn, { runInParallel: 'no' as never }), (e) => e instanceof UserError && /runInParallel must be a boolean/.test(e.message));
});

test('guardrail names: the option, else the function name, else a default per kind', () => {
  function piiCheck() {
    return ToolGuardrailFunctionOutput.allow();
  }
  assert.equal(toolInputGuardrail(piiCheck).name, 'piiCheck');
  assert.equal(toolOutputGuardrail(piiCheck, { name: 'custom' }).name, 'custom');
  assert.equal(inputGuardrail(() => ({ tripwireTriggered: false })).name, 'input_guardrail');
  assert.equal(outputGuardrail(() => ({ tripwireTriggered: false })).name, 'output_guardrail');
  assert.equal(toolOutputGuardrail(() => ToolGuardrailFunctionOutput.allow()).name, 'tool_output_guardrail');
});

test('ToolGuardrailFunctionOutput: the three behaviours carry their info', () => {
  assert.deepEqual(ToolGuardrailFunctionOutput.allow({ a: 1 }).behavior, { type: 'allow' });
  assert.deepEqual(ToolGuardrailFunctionOutput.allow({ a: 1 }).outputInfo, { a: 1 });
  assert.deepEqual(ToolGuardrailFunctionOutput.rejectContent('no', 'why').behavior, { type: 'reject_content', message: 'no' });
  assert.equal(ToolGuardrailFunctionOutput.rejectContent('no', 'why').outputInfo, 'why');
  assert.deepEqual(ToolGuardrailFunctionOutput.raiseException().behavior, { type: 'raise_exception' });
});
