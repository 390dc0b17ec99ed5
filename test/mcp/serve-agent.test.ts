// An agentrun agent served as an MCP tool over stdio, driven by the MCP SDK's own Client.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { functionCall, startScriptedServer, textMessage, type ScriptedServer } from '../../src/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function connectClient(args: string[], model: ScriptedServer): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', ...args],
    env: { PATH: process.env.PATH ?? '', MODEL_URL: model.url },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(transport, { timeout: 30_000 });
  cleanups.push(() => client.close());
  return { client, transport };
}

export async function checkRoundTrip(args: string[]): Promise<void> {
  const model = await startScriptedServer({
    script: [
      { output: [functionCall('weather', { city: 'Lima' }, 'call_1')] },
      (body) => {
        const input = JSON.stringify(body.input);
        return { output: [textMessage(input.includes('sunny in Lima') ? 'It is sunny in Lima.' : 'no tool output seen')] };
      },
      new Error('model exploded'),
    ],
  });
  cleanups.push(() => model.close());
  const { client } = await connectClient(args, model);
  const { tools } = await client.listTools();
  assert.equal(tools.length, 1);
  assert.equal(tools[0]!.name, 'helper_agent');
  assert.equal(tools[0]!.description, 'Answers questions about the weather');
  assert.deepEqual((tools[0]!.inputSchema as { required?: string[] }).required, ['input']);

  const answer = await client.callTool({ name: 'helper_agent', arguments: { input: 'Weather in Lima?' } });
  assert.deepEqual(answer.content, [{ type: 'text', text: 'It is sunny in Lima.' }]);
  assert.notEqual(answer.isError, true);
  assert.match(JSON.stringify(model.requests[0]!.body.input), /Weather in Lima\?/);

  const failed = await client.callTool({ name: 'helper_agent', arguments: { input: 'again' } });
  assert.equal(failed.isError, true);
  assert.match(JSON.stringify(failed.content), /model exploded/);
}

describe('serveAgentAsMcp', () => {
  it('answers tools/list and tools/call over stdio with the agent run', async () => {
    await checkRoundTrip([join(here, 'fixtures', 'serve-agent-main.ts')]);
  });
});
