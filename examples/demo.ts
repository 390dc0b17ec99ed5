/**
 * agentrun demo: a customer-support triage agent with a tool, handing off to a refunds agent,
 * streamed token by token to the terminal.
 *
 *   npm start                 offline: an in-process scripted OpenAI-compatible server answers
 *   OPENAI_API_KEY=... npm start   the same app against OpenAI (model: DEMO_MODEL or gpt-4.1-mini)
 *
 * Traces go to .agentrun/traces.db; browse them with `npx agentrun traces`.
 */
import { z } from 'zod';
import { Agent, LocalTraceProcessor, OpenAIProvider, Runner, addTraceProcessor, flushTraces, tool, type ModelProvider } from '../src/index.js';
import { startScriptedServer, type ScriptedServer } from '../src/testing/index.js';
import { demoResponder } from './demo-script.js';

const ORDERS: Record<string, { item: string; status: string; daysLate: number }> = {
  '1234': { item: 'noise-cancelling headphones', status: 'in transit', daysLate: 6 },
  '5678': { item: 'espresso machine', status: 'delivered', daysLate: 0 },
};

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Look up an order by its id: item, shipping status and how many days late it is.',
  parameters: z.object({ orderId: z.string().describe('The order id, digits only') }),
  async execute({ orderId }) {
    const order = ORDERS[orderId];
    return order ? { orderId, ...order } : { orderId, error: 'no such order' };
  },
});

const issueRefund = tool({
  name: 'issue_refund',
  description: 'Refund an order in full.',
  parameters: z.object({ orderId: z.string(), reason: z.string() }),
  async execute({ orderId, reason }) {
    return { orderId, refunded: true, reason, reference: `RF-${orderId}-01` };
  },
});

const refunds = new Agent({
  name: 'Refunds agent',
  handoffDescription: 'Handles refunds for late, damaged or unwanted orders.',
  instructions: 'You issue refunds. Use issue_refund, then confirm to the customer in two short sentences, quoting the refund reference.',
  tools: [issueRefund],
});

const triage = new Agent({
  name: 'Triage agent',
  instructions:
    'You are a support triage agent. Look up the order the customer mentions with lookup_order. ' +
    'If it is late and they want a refund, hand off to the refunds agent; otherwise answer briefly.',
  tools: [lookupOrder],
  handoffs: [refunds],
});

async function main(): Promise<void> {
  const question = process.argv.slice(2).join(' ') || 'Where is my order 1234? If it is late I would like a refund.';
  let server: ScriptedServer | undefined;
  let provider: ModelProvider;
  if (process.env.OPENAI_API_KEY) {
    provider = new OpenAIProvider();
    console.log(`[live] OpenAI at ${process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}`);
  } else {
    server = await startScriptedServer({ fallback: demoResponder, eventDelayMs: 8 });
    provider = new OpenAIProvider({ apiKey: 'offline-demo', baseURL: server.url });
    console.log(`[offline] OPENAI_API_KEY is not set: using agentrun's scripted OpenAI-compatible server at ${server.url}`);
  }
  addTraceProcessor(new LocalTraceProcessor());

  console.log(`\nuser> ${question}\n`);
  const result = Runner.runStreamed(triage, question, {
    runConfig: { modelProvider: provider, model: process.env.DEMO_MODEL ?? 'gpt-4.1-mini', workflowName: 'Support demo' },
  });
  let speaking = false;
  for await (const event of result.streamEvents()) {
    if (event.type === 'agent_updated_stream_event') {
      console.log(`${speaking ? '\n' : ''}[agent] ${event.newAgent.name}`);
      speaking = false;
    } else if (event.type === 'raw_response_event' && event.data.type === 'response.output_text.delta') {
      if (!speaking) process.stdout.write('assistant> ');
      speaking = true;
      process.stdout.write(String(event.data.delta));
    } else if (event.type === 'run_item_stream_event') {
      if (event.name === 'tool_called' && event.item.type === 'tool_call_item') {
        console.log(`[tool call] ${event.item.rawItem.name}(${event.item.rawItem.arguments})`);
      } else if (event.name === 'tool_output' && event.item.type === 'tool_call_output_item') {
        console.log(`[tool output] ${event.item.rawItem.output}`);
      } else if (event.name === 'handoff_occurred' && event.item.type === 'handoff_output_item') {
        console.log(`[handoff] ${event.item.sourceAgent.name} -> ${event.item.targetAgent.name}`);
      }
    }
  }
  const usage = result.contextWrapper.usage;
  console.log(`\n\nfinal output (${result.lastAgent.name}): ${String(result.finalOutput)}`);
  console.log(`model calls: ${usage.requests}, tokens: ${usage.inputTokens} in / ${usage.outputTokens} out`);
  await flushTraces();
  console.log('trace saved to .agentrun/traces.db — browse it with: npm run traces (npx agentrun traces where agentrun is installed)');
  await server?.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
