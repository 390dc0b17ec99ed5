/**
 * Guardrail spans when a tripwire cuts a set short: the cancelled siblings' spans end with the
 * run, never after its trace, and the span of the guardrail that tripped says so.
 */
import { beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered, inputGuardrail, outputGuardrail } from '../../src/index.js';
import { ScriptedModel, textMessage } from '../../src/testing/index.js';
import { setTraceProcessors, setTracingDisabled } from '../../src/tracing/index.js';
import type { GuardrailSpanData } from '../../src/tracing/span-data.js';
import { RecordingProcessor } from '../tracing/helpers.js';
import { runFails, runScenarios } from '../handoffs/run-modes.js';

let recorder: RecordingProcessor;
beforeEach(() => {
  recorder = new RecordingProcessor();
  setTraceProcessors([recorder]);
  setTracingDisabled(false);
});

function assertNothingAfterTraceEnd(): void {
  const end = recorder.events.indexOf('trace_end:Agent workflow');
  assert.ok(end >= 0, 'the trace ended');
  assert.equal(end, recorder.events.length - 1, `events after the trace ended: ${recorder.events.slice(end + 1).join(', ')}`);
}

const guardSpans = () => recorder.spans.filter((s) => s.spanData.type === 'guardrail').map((s) => s.spanData as GuardrailSpanData);

runScenarios([
  {
    name: 'an input tripwire ends the slower siblings\' spans with the run',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('x')] }], { latencyMs: 500 });
      const agent = new Agent({
        name: 'A',
        model,
        inputGuardrails: [
          inputGuardrail(async () => (await sleep(5), { tripwireTriggered: true }), { name: 'trip' }),
          inputGuardrail(async () => (await sleep(80), { tripwireTriggered: false }), { name: 'slow' }),
        ],
      });
      const { error } = await runFails(mode, agent, 'x');
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      await sleep(120); // the slow guardrail has finished by now
      assertNothingAfterTraceEnd();
      assert.deepEqual(guardSpans().map((d) => [d.name, d.triggered]), [['trip', true], ['slow', false]]);
    },
  },
  {
    name: 'an output tripwire ends the slower siblings\' spans with the run',
    async run(mode) {
      const agent = new Agent({
        name: 'A',
        model: new ScriptedModel([{ output: [textMessage('x')] }]),
        outputGuardrails: [
          outputGuardrail(async () => (await sleep(80), { tripwireTriggered: false }), { name: 'slow' }),
          outputGuardrail(async () => (await sleep(5), { tripwireTriggered: true }), { name: 'trip' }),
        ],
      });
      const { error } = await runFails(mode, agent, 'x');
      assert.ok(error instanceof OutputGuardrailTripwireTriggered);
      await sleep(120);
      assertNothingAfterTraceEnd();
      assert.deepEqual(guardSpans().map((d) => [d.name, d.triggered]).sort(), [['slow', false], ['trip', true]]);
    },
  },
]);
