/**
 * Handoffs: a triage agent hands the conversation to a specialist. The handoff's input filter
 * decides what history the specialist sees; here it drops the triage agent's tool calls.
 *   npx tsx examples/handoffs.ts
 */
import { z } from 'zod';
import { Agent, Runner, handoff, tool, type AgentInputItem, type HandoffInputData } from '../src/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { inputItems, toolNames, toolOutputsSinceUser } from './shared/request.js';

const lookupAccount = tool({
  name: 'lookup_account',
  description: 'Look up the customer account by email.',
  parameters: z.object({ email: z.string() }),
  execute: async ({ email }) => ({ email, plan: 'Pro', balanceDue: '$42.00' }),
});

const isToolItem = (item: AgentInputItem): boolean => 'type' in item && (item.type === 'function_call' || item.type === 'function_call_output');

/** The billing agent sees the conversation without tool calls and their outputs. */
function withoutToolCalls(data: HandoffInputData): HandoffInputData {
  const history = typeof data.inputHistory === 'string' ? data.inputHistory : data.inputHistory.filter((item) => !isToolItem(item));
  return data.clone({
    inputHistory: history,
    preHandoffItems: data.preHandoffItems.filter((item) => !isToolItem(item.toInputItem())),
    newItems: data.newItems.filter((item) => !isToolItem(item.toInputItem())),
  });
}

const billing = new Agent({
  name: 'Billing agent',
  handoffDescription: 'Answers questions about invoices and payments.',
  instructions: 'You answer billing questions in one sentence.',
});

const triage = new Agent({
  name: 'Triage agent',
  instructions: 'Look up the account, then hand billing questions to the billing agent.',
  tools: [lookupAccount],
  handoffs: [handoff(billing, { inputFilter: withoutToolCalls })],
});

// Offline: triage looks the account up, then hands off; billing reports what it was sent.
const model = await exampleModel((body) => {
  if (toolNames(body).includes('lookup_account')) {
    if (toolOutputsSinceUser(body, 'lookup_account').length === 0) return { output: [functionCall('lookup_account', { email: 'ada@example.com' })] };
    return { output: [functionCall('transfer_to_billing_agent', {})] };
  }
  const kinds = inputItems(body).map((item) => item.type ?? item.role);
  return { output: [textMessage(`Your balance due is $42.00, payable by card. (I was sent: ${kinds.join(', ')}.)`)] };
});

// The filter also replaces result.newItems (as in the Python SDK), so hooks report the steps.
const result = await Runner.run(triage, 'Hi, this is ada@example.com: how much do I owe?', {
  runConfig: model.runConfig,
  hooks: {
    onToolStart: (_ctx, agent, tool) => console.log(`${agent.name} calls ${tool.name}`),
    onHandoff: (_ctx, from, to) => console.log(`handoff: ${from.name} -> ${to.name}`),
  },
});
console.log(`${result.lastAgent.name}: ${result.finalOutput}`);

await model.close();
