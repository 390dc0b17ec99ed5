/**
 * Handoffs and guardrail cancellation end to end: real OpenAI providers (Responses and Chat
 * Completions) over HTTP against the scripted server, in both run modes.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Agent, InputGuardrailTripwireTriggered, OpenAIProvider, handoff, inputGuardrail, tool } from '../../src/index.js';
import { functionCall, startScriptedServer, textMessage, type ScriptedServer } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios, type Mode } from './run-modes.js';

let server: ScriptedServer;
before(async () => {
  server = await startScriptedServer();
});
after(() => server.close());

const APIS = [{ api: 'responses', useResponses: true }, { api: 'chat', useResponses: false }] as const;

function agents() {
  const lookup = tool({ name: 'lookup', description: 'Look up an order', parameters: z.object({ id: z.string() }), execute: ({ id }) => `order ${id} shipped` });
  const expert = new Agent({ name: 'Shipping Expert', model: 'expert-model', instructions: 'Answer shipping questions.', handoffDescription: 'Knows about shipping.' });
  const triage = new Agent({ name: 'Triage', model: 'triage-model', instructions: 'Route.', tools: [lookup], handoffs: [handoff(expert, { inputType: z.object({ orderId: z.string() }), onHandoff: () => {} })] });
  return { triage, expert };
}

function scenarios() {
  return APIS.flatMap(({ api, useResponses }) => [
    {
      name: `${api} API over HTTP: a tool call and a handoff in one response, then the target answers`,
      async run(mode: Mode) {
        const start = server.requests.length;
        const modelProvider = new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses });
        server.push(
          { output: [functionCall('lookup', { id: '9' }, 'call_l'), functionCall('transfer_to_shipping_expert', { orderId: '9' }, 'call_h')] },
          { output: [textMessage('Order 9 ships today.')] },
        );
        const { triage, expert } = agents();
        const { result } = await runIn(mode, triage, 'Where is order 9?', { runConfig: { modelProvider } });
        assert.equal(result.finalOutput, 'Order 9 ships today.');
        assert.equal(result.lastAgent, expert);
        assert.deepEqual(result.newItems.map((i) => i.type), ['tool_call_item', 'handoff_call_item', 'tool_call_output_item', 'handoff_output_item', 'message_output_item']);
        const [first, second] = server.requests.slice(start).map((r) => JSON.stringify(r.body));
        assert.equal(server.requests.length - start, 2);
        assert.match(first!, /"model":"triage-model"/);
        assert.match(first!, /transfer_to_shipping_expert/);
        assert.match(first!, /Handoff to the Shipping Expert agent to handle the request. Knows about shipping./);
        assert.match(second!, /"model":"expert-model"/);
        assert.match(second!, /Answer shipping questions\./);
        assert.match(second!, /order 9 shipped/);
        assert.ok(second!.includes(JSON.stringify(JSON.stringify({ assistant: 'Shipping Expert' })).slice(1, -1)), 'the handoff output reaches the target');
        assert.equal((server.requests.at(-1)!.body as { stream?: boolean }).stream === true, mode === 'streamed');
      },
    },
    {
      name: `${api} API over HTTP: a parallel guardrail trip aborts the in-flight request`,
      async run(mode: Mode) {
        // A reply that never comes (a pending promise holds no timer, so nothing lingers after close).
        const slow = await startScriptedServer({ script: [() => new Promise<never>(() => {})] });
        try {
          const modelProvider = new OpenAIProvider({ apiKey: 'test', baseURL: slow.url, useResponses });
          const agent = new Agent({
            name: 'Guarded',
            model: 'm',
            inputGuardrails: [inputGuardrail(async () => {
              while (slow.requests.length === 0) await sleep(5); // the request is on the wire
              return { tripwireTriggered: true, outputInfo: 'blocked' };
            }, { name: 'net_guard' })],
          });
          const startedAt = Date.now();
          const { error } = await runFails(mode, agent, 'hi', { runConfig: { modelProvider } });
          assert.ok(error instanceof InputGuardrailTripwireTriggered);
          assert.ok(Date.now() - startedAt < 2_000, 'the run ended promptly');
          assert.equal(slow.requests.length, 1);
        } finally {
          await slow.close();
        }
      },
    },
  ]);
}

runScenarios(scenarios());
