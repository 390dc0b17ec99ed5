/**
 * The offline "model" behind the demo: a deterministic responder for the scripted server that
 * reads the real request body (tools offered, conversation so far) and answers like a model would.
 */
import type { ScriptedServerResponder } from '../src/testing/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { inputItems, lastUserText, toolNames, type WireItem } from './shared/request.js';

function toolOutput(items: WireItem[], toolName: string): Record<string, unknown> | undefined {
  const call = items.find((i) => i.type === 'function_call' && i.name === toolName);
  const out = call && items.find((i) => i.type === 'function_call_output' && i.call_id === call.call_id);
  return out?.output ? (JSON.parse(out.output) as Record<string, unknown>) : undefined;
}

export const demoResponder: ScriptedServerResponder = (body) => {
  const items = inputItems(body);
  const tools = new Set(toolNames(body));
  const question = lastUserText(body);
  const orderId = /\d{3,}/.exec(question)?.[0] ?? '1234';
  const usage = { inputTokens: 40 + items.length * 25, outputTokens: 18 };

  if (tools.has('issue_refund')) {
    const refund = toolOutput(items, 'issue_refund');
    if (!refund) return { output: [functionCall('issue_refund', { orderId, reason: 'The order is late' })], usage };
    return {
      output: [textMessage(`Done: order ${orderId} is refunded in full. Your refund reference is ${String(refund.reference)}; the money is back on your card within 3-5 days.`)],
      usage,
    };
  }

  const order = toolOutput(items, 'lookup_order');
  if (!order) return { output: [functionCall('lookup_order', { orderId })], usage };
  if (order.error) return { output: [textMessage(`I could not find an order ${orderId}. Could you check the number?`)], usage };
  const wantsRefund = /refund/i.test(question);
  if (Number(order.daysLate) > 0 && wantsRefund && tools.has('transfer_to_refunds_agent')) {
    return { output: [functionCall('transfer_to_refunds_agent', {})], usage };
  }
  return { output: [textMessage(`Your ${String(order.item)} (order ${orderId}) is ${String(order.status)}.`)], usage };
};
