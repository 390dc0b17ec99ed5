// Python SDK parity (handoffs/history.py): nestHandoffHistory keeps the handing-off turn's own
// messages as items and puts everything else, in order, into summary blocks around them; repeated
// handoffs flatten earlier summaries into one. Blocking and streamed, over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, tool } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer } from '../run/helpers.js';

const PREAMBLE = 'For context, here is the conversation so far between the user and the previous agent:';
const summaryText = (lines: string[]): string =>
  `${PREAMBLE}\n<CONVERSATION HISTORY>\n${lines.map((l, i) => `${i + 1}. ${l}`).join('\n')}\n</CONVERSATION HISTORY>`;

/** Role and text of each message sent (Responses API input), other items by type. */
function shape(input: unknown[]): string[] {
  return input.map((raw) => {
    const i = raw as { type?: string; role?: string; content?: unknown };
    if (i.role === undefined) return `(${i.type})`;
    const text = typeof i.content === 'string' ? i.content : (i.content as Array<{ text: string }>).map((c) => c.text).join('');
    return `${i.role}: ${text}`;
  });
}

for (const mode of MODES) {
  test(`[${mode}] nestHandoffHistory over HTTP: summary, the handing-off message as itself, summary; repeated handoffs flatten`, async () => {
    const server = await scriptedServer([
      { output: [functionCall('lookup', { id: '1' }, 'call_l')] },
      { output: [textMessage('Passing you to billing.'), functionCall('transfer_to_billing', {}, 'call_b')] },
      { output: [textMessage('Line one\nline two'), functionCall('transfer_to_refunds', {}, 'call_r')] },
      { output: [textMessage('Refunded.')] },
    ]);
    const refunds = new Agent({ name: 'Refunds', model: 'gpt-test' });
    const billing = new Agent({ name: 'Billing', model: 'gpt-test', handoffs: [refunds] });
    const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({ id: z.string() }), execute: ({ id }) => `order ${id}` });
    const triage = new Agent({ name: 'Triage', model: 'gpt-test', tools: [lookup], handoffs: [billing] });
    const { result, error } = await runIn(mode, triage, 'Refund order 1', { runConfig: { modelProvider: providerFor(server, true), nestHandoffHistory: true } });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'Refunded.');

    assert.deepEqual(shape(server.requests[2]!.body.input as unknown[]), [
      `assistant: ${summaryText(['user: Refund order 1', 'function_call lookup({"id":"1"})', 'function_call_output call_l: order 1'])}`,
      'assistant: Passing you to billing.',
      `assistant: ${summaryText(['function_call transfer_to_billing({})', 'function_call_output call_b: {"assistant":"Billing"}'])}`,
    ]);
    // Billing's message spans two lines: it stays one (JSON-quoted) record once summarised.
    assert.deepEqual(shape(server.requests[3]!.body.input as unknown[]), [
      `assistant: ${summaryText([
        'user: Refund order 1',
        'function_call lookup({"id":"1"})',
        'function_call_output call_l: order 1',
        'assistant: Passing you to billing.',
        'function_call transfer_to_billing({})',
        'function_call_output call_b: {"assistant":"Billing"}',
      ])}`,
      'assistant: Line one\nline two',
      `assistant: ${summaryText(['function_call transfer_to_refunds({})', 'function_call_output call_r: {"assistant":"Refunds"}'])}`,
    ]);
    // The run's own items are all kept.
    assert.equal(result!.newItems.length, 9);
  });
}
