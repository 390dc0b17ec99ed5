// Agents with MCP servers in real runs: the scripted OpenAI-compatible server plays the model,
// real MCP servers (the SDK-written test server, server-filesystem, HTTP) answer the calls.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Agent, Runner, tool, UserError } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { MCPServerStdio, MCPServerStreamableHttp } from '../../src/mcp.js';
import { FILESYSTEM_SERVER } from './fixtures/paths.js';
import { httpMcp, onCleanup, outputFor, scriptedModel, stderrShows, testStdioServer, toolsOf } from './fixtures/run-helpers.js';

const localTool = tool({ name: 'local_time', description: 'The time', parameters: z.object({}), execute: () => '12:00' });

describe('an agent with MCP servers', () => {
  it('offers its function tools plus the servers\' tools, strict where possible, filtered', async () => {
    const { server, runConfig } = await scriptedModel([{ output: [textMessage('hi')] }]);
    const mcp = await testStdioServer({ toolFilter: { blockedToolNames: ['crash'] } });
    const agent = new Agent({ name: 'a', tools: [localTool], mcpServers: [mcp], mcpConfig: { convertSchemasToStrict: true } });
    await new Runner(runConfig).run(agent, 'hello');
    const tools = toolsOf(server.requests[0]!.body);
    assert.deepEqual(tools.map((t) => t.name), ['local_time', 'echo', 'add', 'fail', 'sleep']);
    const echo = tools.find((t) => t.name === 'echo')!;
    assert.equal(echo.strict, true);
    assert.equal(echo.description, 'Echo the text back');
    assert.deepEqual(echo.parameters.required, ['text']);
    assert.equal(echo.parameters.additionalProperties, false);
    assert.equal(tools.find((t) => t.name === 'fail')!.strict, false); // an optional property: sent as given
  });

  it('a callable filter sees the agent, the server and the run context', async () => {
    const { server, runConfig } = await scriptedModel([{ output: [textMessage('hi')] }]);
    const seen: string[] = [];
    const mcp = await testStdioServer({
      toolFilter: (ctx, t) => {
        seen.push(`${ctx.agent.name}/${ctx.serverName}/${(ctx.runContext.context as { tier: string }).tier}`);
        return (ctx.runContext.context as { tier: string }).tier === 'pro' || t.name === 'echo';
      },
    });
    const agent = new Agent<{ tier: string }>({ name: 'filtered', mcpServers: [mcp] });
    await new Runner(runConfig).run(agent, 'hello', { context: { tier: 'free' } });
    assert.deepEqual(toolsOf(server.requests[0]!.body).map((t) => t.name), ['echo']);
    assert.equal(seen[0], 'filtered/tools/free');
  });

  it('a call\'s real result reaches the model: server-filesystem reads a temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentrun-mcp-run-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'plan.txt');
    await writeFile(file, 'Ship on Friday.\n');
    const fs = new MCPServerStdio({ command: process.execPath, args: [FILESYSTEM_SERVER, dir], name: 'fs', toolFilter: { allowedToolNames: ['read_text_file'] } });
    onCleanup(() => fs.close());
    await fs.connect();
    const { server, runConfig } = await scriptedModel([
      { output: [functionCall('read_text_file', { path: file }, 'call_read')] },
      (body) => ({ output: [textMessage(`The plan: ${outputFor(body, 'call_read')}`)] }),
    ]);
    const result = await new Runner(runConfig).run(new Agent({ name: 'reader', mcpServers: [fs] }), 'What is the plan?');
    assert.equal(result.finalOutput, 'The plan: Ship on Friday.\n');
    assert.deepEqual(toolsOf(server.requests[0]!.body).map((t) => t.name), ['read_text_file']);
  });

  it('several parts: text joined by newlines, the others as JSON', async () => {
    const mcp = await testStdioServer();
    const { server, runConfig } = await scriptedModel([{ output: [functionCall('add', { a: 20, b: 22 }, 'c1')] }, { output: [textMessage('done')] }]);
    await new Runner(runConfig).run(new Agent({ name: 'adder', mcpServers: [mcp] }), 'add');
    assert.equal(outputFor(server.requests[1]!.body, 'c1'), '42\n{"type":"image","data":"aGk=","mimeType":"image/png"}');
  });

  it('lists tools every turn, or once with cacheToolsList (counted tools/list requests)', async () => {
    for (const cacheToolsList of [false, true]) {
      const remote = await httpMcp({ kind: 'streamable' });
      const mcp = new MCPServerStreamableHttp({ url: remote.url, cacheToolsList, name: 'remote' });
      onCleanup(() => mcp.close());
      await mcp.connect();
      const { runConfig } = await scriptedModel([
        { output: [functionCall('echo', { text: 'a' }, 'c1')] },
        { output: [functionCall('echo', { text: 'b' }, 'c2')] },
        { output: [textMessage('done')] },
      ]);
      const result = await new Runner(runConfig).run(new Agent({ name: 'lister', mcpServers: [mcp] }), 'go');
      assert.equal(result.finalOutput, 'done');
      assert.equal(remote.listRequests, cacheToolsList ? 1 : 3, `cacheToolsList: ${cacheToolsList}`);
      assert.deepEqual(remote.calls, ['echo', 'echo']);
    }
  });

  it('isError and a timeout give the model error texts; the run continues and the server stays usable', async () => {
    const mcp = await testStdioServer({ timeoutMs: 3000 });
    const { server, runConfig } = await scriptedModel([
      { output: [functionCall('fail', { why: 'quota' }, 'c_fail'), functionCall('sleep', { ms: 8000 }, 'c_slow')] },
      { output: [functionCall('echo', { text: 'after' }, 'c_echo')] },
      { output: [textMessage('recovered')] },
    ]);
    const result = await new Runner(runConfig).run(new Agent({ name: 'robust', mcpServers: [mcp] }), 'go');
    assert.equal(result.finalOutput, 'recovered');
    assert.match(outputFor(server.requests[1]!.body, 'c_fail')!, /MCP tool 'fail' on server 'tools' returned an error: failed because quota/);
    assert.match(outputFor(server.requests[1]!.body, 'c_slow')!, /MCP server 'tools': calling tool 'sleep' failed: timed out after 3000 ms/);
    assert.equal(outputFor(server.requests[2]!.body, 'c_echo'), 'echo: after');
  });

  it('a server killed mid-run gives the model an error text with its stderr; the run continues', async () => {
    const mcp = await testStdioServer({ env: { MCP_TEST_STDERR: 'db connection lost' } });
    const pid = mcp.pid!;
    const { server, runConfig } = await scriptedModel([
      { output: [functionCall('sleep', { ms: 8000 }, 'c_sleep')] },
      { output: [functionCall('echo', { text: 'anyone?' }, 'c_echo')] },
      { output: [textMessage('the tools server is down')] },
    ]);
    // Killed once the call is running, however slow the machine is.
    void stderrShows(mcp, /sleep started/).then(() => process.kill(pid, 'SIGKILL'));
    const result = await new Runner(runConfig).run(new Agent({ name: 'survivor', mcpServers: [mcp] }), 'go');
    assert.equal(result.finalOutput, 'the tools server is down');
    assert.match(outputFor(server.requests[1]!.body, 'c_sleep')!, /MCP server 'tools': calling tool 'sleep' failed: .*[\s\S]*db connection lost/);
    assert.match(outputFor(server.requests[2]!.body, 'c_echo')!, /MCP server 'tools'.*[\s\S]*db connection lost/);
  });

  it('a name used twice is a UserError before any model call, naming the tool and both owners', async () => {
    const { server, runConfig } = await scriptedModel([{ output: [textMessage('never')] }]);
    const one = await testStdioServer({ name: 'one' });
    const two = await testStdioServer({ name: 'two', toolFilter: { allowedToolNames: ['add'] } });
    await assert.rejects(
      () => new Runner(runConfig).run(new Agent({ name: 'dup', mcpServers: [one, two] }), 'go'),
      (e: unknown) => e instanceof UserError && /tool name 'add' is used twice, by MCP server 'one' and by MCP server 'two'/.test(e.message),
    );
    const echoTool = tool({ name: 'echo', description: 'local echo', parameters: z.object({}), execute: () => 'x' });
    await assert.rejects(
      () => new Runner(runConfig).run(new Agent({ name: 'dup2', tools: [echoTool], mcpServers: [one] }), 'go'),
      (e: unknown) => e instanceof UserError && /'echo' is used twice, by function tool 'echo' and by MCP server 'one'/.test(e.message),
    );
    assert.equal(server.requests.length, 0);
  });

  it('a server used before connect() fails the run with a UserError', async () => {
    const { server, runConfig } = await scriptedModel([{ output: [textMessage('never')] }]);
    const idle = new MCPServerStdio({ command: process.execPath, args: ['-e', ''], name: 'idle' });
    await assert.rejects(() => new Runner(runConfig).run(new Agent({ name: 'early', mcpServers: [idle] }), 'go'), /MCP server 'idle' is not connected: call connect\(\) first/);
    assert.equal(server.requests.length, 0);
  });

  it('rejects a bad mcpServers value when the agent is made', () => {
    assert.throws(() => new Agent({ name: 'x', mcpServers: [{}] as never }), /mcpServers must hold MCP servers/);
    const s = new MCPServerStdio({ command: 'x', name: 'same' });
    assert.throws(() => new Agent({ name: 'x', mcpServers: [s, s] }), /two MCP servers are named 'same'/);
  });

  it('cancelling the run cancels the in-flight MCP request', async () => {
    const mcp = await testStdioServer();
    const { runConfig } = await scriptedModel([{ output: [functionCall('sleep', { ms: 20000 }, 'c1')] }, { output: [textMessage('late')] }]);
    const controller = new AbortController();
    void stderrShows(mcp, /sleep started/).then(() => controller.abort());
    const started = Date.now();
    await assert.rejects(() => new Runner(runConfig).run(new Agent({ name: 'cancel', mcpServers: [mcp] }), 'go', { signal: controller.signal }));
    assert.ok(Date.now() - started < 5000);
    for (let i = 0; i < 100 && !/sleep cancelled/.test(mcp.stderr); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(mcp.stderr, /sleep cancelled/);
  });
});
