// An agentrun agent served as an MCP tool over stdio, driven by the MCP SDK's own Client, both
// through serveAgentAsMcp and through the CLI's `agentrun mcp serve`.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { functionCall, startScriptedServer, textMessage } from '../../src/testing/index.js';
import { checkRoundTrip } from './fixtures/round-trip.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});
const onCleanup = (fn: () => Promise<unknown>): void => void cleanups.push(fn);

describe('an agent as an MCP server', () => {
  it('serveAgentAsMcp answers tools/list and tools/call over stdio with the agent run', async () => {
    await checkRoundTrip([join(here, 'fixtures', 'serve-agent-main.ts')], onCleanup);
  });

  it('agentrun mcp serve <file> --agent NAME does the same', async () => {
    await checkRoundTrip([join(root, 'src', 'cli', 'agentrun.ts'), 'mcp', 'serve', join(here, 'fixtures', 'served-agent.ts'), '--agent', 'helper'], onCleanup);
  });

  it('agentrun mcp serve connects the agent\'s own MCP servers: MCP tools behind an MCP tool', async () => {
    const model = await startScriptedServer({
      script: [
        { output: [functionCall('echo', { text: 'nested' }, 'c1')] },
        (body) => ({ output: [textMessage(`relayed: ${String((body.input as Array<{ type?: string; call_id?: string; output?: string }>).find((i) => i.type === 'function_call_output' && i.call_id === 'c1')?.output)}`)] }),
      ],
    });
    onCleanup(() => model.close());
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', join(root, 'src', 'cli', 'agentrun.ts'), 'mcp', 'serve', join(here, 'fixtures', 'served-mcp-agent.ts')],
      env: { PATH: process.env.PATH ?? '', MODEL_URL: model.url },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(transport, { timeout: 30_000 });
    onCleanup(() => client.close());
    const answer = await client.callTool({ name: 'relay', arguments: { input: 'pass it on' } });
    assert.deepEqual(answer.content, [{ type: 'text', text: 'relayed: echo: nested' }]);
    assert.deepEqual((model.requests[0]!.body.tools as Array<{ name: string }>).map((t) => t.name), ['echo']);
  });

  it('agentrun mcp: bad usage exits 2 naming the problem', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'agentrun.ts'), ...args], { encoding: 'utf8', timeout: 30_000 });
    const noSub = cli('mcp');
    assert.equal(noSub.status, 2);
    assert.match(noSub.stderr, /agentrun mcp: missing sub-command; the only one is 'serve'/);
    const noFile = cli('mcp', 'serve');
    assert.equal(noFile.status, 2);
    assert.match(noFile.stderr, /missing <file>/);
    const badExport = cli('mcp', 'serve', join(here, 'fixtures', 'served-agent.ts'), '--agent', 'nope');
    assert.equal(badExport.status, 2);
    assert.match(badExport.stderr, /has no export named 'nope'/);
    const help = cli('mcp', '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: agentrun mcp serve <file>/);
    assert.match(cli('help').stdout, /mcp serve <file> \[--agent NAME\]/);
  });
});
