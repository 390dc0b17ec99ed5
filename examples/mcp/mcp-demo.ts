/**
 * An agent whose tools come from a local MCP server (examples/mcp/notes-server.ts, started over
 * stdio with node; no network, no npx).
 *
 *   npx tsx examples/mcp/mcp-demo.ts "What is our refund policy?"
 *
 * Offline (no OPENAI_API_KEY) agentrun's scripted OpenAI-compatible server plays the model: it
 * searches the notes for the question's longest word, reads the first note found, and quotes it.
 * With OPENAI_API_KEY set the same agent runs on OpenAI (model: EXAMPLE_MODEL or gpt-4.1-mini).
 */
import { fileURLToPath } from 'node:url';
import { Agent, OpenAIProvider, Runner, type ModelProvider } from '../../src/index.js';
import { MCPServerStdio, connectMcpServers } from '../../src/mcp.js';
import { functionCall, startScriptedServer, textMessage, type ScriptedServer, type ScriptedServerResponder } from '../../src/testing/index.js';

const notesServer = new MCPServerStdio({
  name: 'notes',
  command: process.execPath,
  args: ['--import', 'tsx', fileURLToPath(new URL('./notes-server.ts', import.meta.url))],
  cacheToolsList: true,
});

const agent = new Agent({
  name: 'Notes assistant',
  instructions: 'Answer from the team notes: search them, read the relevant note, and quote it briefly.',
  mcpServers: [notesServer],
  mcpConfig: { convertSchemasToStrict: true },
});

/** The offline stand-in for a model: search, read the first hit, answer with it. */
const offlineModel: ScriptedServerResponder = (body) => {
  const input = body.input as Array<{ type?: string; role?: string; content?: unknown; output?: string }>;
  const question = String(input.find((i) => i.role === 'user')?.content ?? '');
  const outputs = input.filter((i) => i.type === 'function_call_output').map((i) => i.output ?? '');
  if (outputs.length === 0) {
    // The question's longest word (the first of equal length) is a fair guess at its subject.
    const words = question.toLowerCase().match(/[a-z]+/g) ?? ['policy'];
    const word = words.reduce((best, w) => (w.length > best.length ? w : best));
    return { output: [functionCall('search_notes', { query: word })] };
  }
  if (outputs.length === 1) {
    const title = outputs[0]!.split('\n')[0]!;
    if (title.startsWith('no note')) return { output: [textMessage(`I found nothing in the notes: ${title}.`)] };
    return { output: [functionCall('read_note', { title })] };
  }
  return { output: [textMessage(`From the team notes: ${outputs[1]}`)] };
};

async function main(): Promise<void> {
  const question = process.argv.slice(2).join(' ') || 'What is our refund policy?';
  let model: ScriptedServer | undefined;
  let provider: ModelProvider;
  if (process.env.OPENAI_API_KEY) {
    provider = new OpenAIProvider();
  } else {
    model = await startScriptedServer({ fallback: offlineModel });
    provider = new OpenAIProvider({ apiKey: 'offline-demo', baseURL: model.url });
    console.log('[offline] the scripted model plays the model; the MCP server is real');
  }
  const servers = await connectMcpServers([notesServer]);
  try {
    console.log(`[mcp] ${notesServer.name}: ${(await notesServer.listTools()).map((t) => t.name).join(', ')}`);
    console.log(`user> ${question}`);
    const result = Runner.runStreamed(agent, question, { runConfig: { modelProvider: provider, model: process.env.EXAMPLE_MODEL ?? 'gpt-4.1-mini' } });
    for await (const event of result.streamEvents()) {
      if (event.type !== 'run_item_stream_event') continue;
      if (event.item.type === 'tool_call_item') console.log(`[tool] ${event.item.rawItem.name}(${event.item.rawItem.arguments})`);
    }
    console.log(`assistant> ${String(result.finalOutput)}`);
  } finally {
    await servers.close();
    await model?.close();
  }
}

await main();
