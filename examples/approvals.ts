/**
 * Human in the loop: a tool that needs approval stops the run with `interruptions`. The state
 * can be saved as text, approved or rejected later, and the run resumed from it.
 *   npx tsx examples/approvals.ts
 */
import { z } from 'zod';
import { Agent, RunState, Runner, tool } from '../src/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { inputItems } from './shared/request.js';

const cancelOrder = tool({
  name: 'cancel_order',
  description: 'Cancel an order.',
  parameters: z.object({ orderId: z.string() }),
  needsApproval: true,
  execute: async ({ orderId }) => `order ${orderId} cancelled`,
});

const agent = new Agent({ name: 'Orders agent', instructions: 'Cancel orders when asked.', tools: [cancelOrder] });

// Offline: call the tool, then report its output (or the rejection) to the user.
const model = await exampleModel((body) => {
  const outputs = inputItems(body).filter((item) => item.type === 'function_call_output');
  const orderId = /\d+/.exec(JSON.stringify(body.input))?.[0] ?? '0';
  if (outputs.length === 0) return { output: [functionCall('cancel_order', { orderId })] };
  return { output: [textMessage(`Result: ${outputs.at(-1)!.output}`)] };
});

for (const decision of ['approve', 'reject'] as const) {
  const first = await Runner.run(agent, `Please cancel order ${decision === 'approve' ? 1001 : 1002}.`, { runConfig: model.runConfig });
  const pending = first.interruptions[0]!;
  console.log(`needs approval: ${pending.toolName}(${pending.arguments})`);

  // The state survives as text (a database row, a queue message) until someone decides.
  const saved = first.toState().toString();
  const state = await RunState.fromString(agent, saved);
  const item = state.interruptions[0]!;
  if (decision === 'approve') state.approve(item);
  else state.reject(item);

  const resumed = await Runner.run(agent, state, { runConfig: model.runConfig });
  console.log(`${decision === 'approve' ? 'approved' : 'rejected'} -> ${resumed.finalOutput}`);
}

await model.close();
