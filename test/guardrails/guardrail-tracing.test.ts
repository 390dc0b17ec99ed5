/**
 * Guardrail spans when a tripwire cuts a set short: the cancelled siblings' spans end with the
 * run, never after its trace, and the span of the guardrail that tripped says so.
 */
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, InputGuardrailTripwireTriggered, OpenAIProvider, OutputGuardrailTripwireTriggered, inputGuardrail, outputGuardrail } from '../../src/index.js';
import { ScriptedModel, startScriptedServer, textMessage, type ScriptedServer } from '../../src/testing/index.js';
import { setTraceProcessors, setTracingDisabled } from '../../src/tracing/index.js';
import type { GuardrailSpanData } from '../../src/tracing/span-data.js';
import { RecordingProcessor } from '../tracing/helpers.js';
import { runFails, runScenarios } from '../handoffs/run-modes.js';

let server: ScriptedServer;
before(async () => {
  // Never answers, so every request here is still in flight when the run gives up on it.
  server = await startScriptedServer({ fallback: () => new Promise<never>(() => {}) });
});
after(() => server.close());

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

runScenarios([true, false].flatMap((useResponses) => [
  {
    name: `${useResponses ? 'responses' : 'chat'} over HTTP: the aborted request's generation span ends inside the trace`,
    async run(mode) {
      const seen = server.requests.length;
      const modelProvider = new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses });
      const agent = new Agent({
        name: 'A',
        model: 'm',
        inputGuardrails: [inputGuardrail(async () => {
          while (server.requests.length === seen) await sleep(2); // the request is on the wire
          return { tripwireTriggered: true };
        }, { name: 'trip' })],
      });
      const { error } = await runFails(mode, agent, 'x', { runConfig: { modelProvider } });
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      await sleep(50);
      assertNothingAfterTraceEnd();
      const generation = recorder.spans.find((s) => s.spanData.type === 'generation');
      assert.ok(generation?.error, 'the generation span records the cancellation');
      assert.match(generation.error.message, /InputGuardrailTripwireTriggered/);
    },
  },
]));

runScenarios([
  {
    name: 'a model call failing first stops the parallel guardrails; their spans end with the run',
    async run(mode) {
      const boom = new Error('model down');
      let finished = false;
      const agent = new Agent({
        name: 'A',
        model: new ScriptedModel([boom]),
        inputGuardrails: [inputGuardrail(async () => (await sleep(300), (finished = true), { tripwireTriggered: false }), { name: 'slow' })],
      });
      const { error } = await runFails(mode, agent, 'x');
      assert.equal(error, boom);
      assert.equal(finished, false, 'the run did not wait for the guardrail');
      await sleep(350);
      assertNothingAfterTraceEnd();
    },
  },
]);
