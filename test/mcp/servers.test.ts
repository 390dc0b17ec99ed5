// The MCP server classes against real servers: the SDK-written test server and the published
// filesystem / everything servers over stdio, and SDK-written servers over streamable HTTP and SSE.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MCPServerError, MCPServerSse, MCPServerStdio, MCPServerStreamableHttp } from '../../src/mcp.js';
import { UserError } from '../../src/index.js';
import { EVERYTHING_SERVER, FILESYSTEM_SERVER, TEST_STDIO_SERVER } from './fixtures/paths.js';
import { isRunning } from './fixtures/process.js';
import { startHttpMcpServer, type TestHttpMcpServer } from './fixtures/http-server.js';

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function stdio(env: Record<string, string> = {}, extra: { timeoutMs?: number; cacheToolsList?: boolean } = {}): MCPServerStdio {
  const server = new MCPServerStdio({ command: process.execPath, args: [TEST_STDIO_SERVER], env, name: 'test', ...extra });
  cleanups.push(() => server.close());
  return server;
}

async function http(kind: 'streamable' | 'sse', options: { listDelayMs?: number } = {}): Promise<TestHttpMcpServer> {
  const server = await startHttpMcpServer({ kind, ...options });
  cleanups.push(() => server.close());
  return server;
}

describe('MCPServerStdio', () => {
  it('lists and calls tools, and close() ends the child process', async () => {
    const server = stdio();
    await server.connect();
    const pid = server.pid!;
    assert.ok(isRunning(pid));
    const tools = await server.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['add', 'crash', 'echo', 'fail', 'sleep']);
    const echo = tools.find((t) => t.name === 'echo')!;
    assert.equal(echo.description, 'Echo the text back');
    assert.deepEqual((echo.inputSchema as { required?: string[] }).required, ['text']);
    const result = await server.callTool('echo', { text: 'hi' });
    assert.deepEqual(result.content, [{ type: 'text', text: 'echo: hi' }]);
    assert.match(server.stderr, /test-stdio starting/);
    await server.close();
    assert.equal(isRunning(pid), false);
    assert.equal(server.connected, false);
  });

  it('is a UserError to use before connect()', async () => {
    const server = stdio();
    await assert.rejects(() => server.listTools(), (e: unknown) => e instanceof UserError && /'test' is not connected: call connect\(\) first/.test(e.message));
    await assert.rejects(() => server.callTool('echo', { text: 'x' }), UserError);
  });

  it('returns an isError result as it is', async () => {
    const server = stdio();
    await server.connect();
    const result = await server.callTool('fail', { why: 'testing' });
    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [{ type: 'text', text: 'failed because testing' }]);
  });

  it('bounds a call by timeoutMs, tells the server to cancel, and stays usable', async () => {
    // Long enough for the child to start on a loaded machine (connecting is bounded by it too).
    const server = stdio({}, { timeoutMs: 3000 });
    await server.connect();
    const started = Date.now();
    await assert.rejects(() => server.callTool('sleep', { ms: 8000 }), (e: unknown) => e instanceof MCPServerError && /calling tool 'sleep' failed: timed out after 3000 ms/.test(e.message));
    assert.ok(Date.now() - started < 7000);
    assert.deepEqual((await server.callTool('echo', { text: 'still here' })).content, [{ type: 'text', text: 'echo: still here' }]);
    for (let i = 0; i < 50 && !/sleep cancelled/.test(server.stderr); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(server.stderr, /sleep cancelled/);
  });

  it('cancels an in-flight call when its signal aborts', async () => {
    const server = stdio();
    await server.connect();
    const controller = new AbortController();
    const call = server.callTool('sleep', { ms: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 100);
    await assert.rejects(call, (e: unknown) => e instanceof MCPServerError && /calling tool 'sleep' failed: cancelled \(run cancelled\)/.test(e.message));
    for (let i = 0; i < 50 && !/sleep cancelled/.test(server.stderr); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(server.stderr, /sleep cancelled/);
  });

  it('a server that dies gives errors that show its stderr', async () => {
    const server = stdio({ MCP_TEST_STDERR: 'disk quota exceeded' });
    await server.connect();
    await assert.rejects(() => server.callTool('crash', {}), (e: unknown) => e instanceof MCPServerError && /crashing now/.test(e.message));
    await assert.rejects(() => server.callTool('echo', { text: 'x' }), (e: unknown) => e instanceof MCPServerError && /disk quota exceeded/.test(e.message));
  });

  it('a server that exits at start fails connect() with its stderr', async () => {
    const server = stdio({ MCP_TEST_EXIT_AT_START: '1', MCP_TEST_STDERR: 'missing API token' });
    await assert.rejects(() => server.connect(), (e: unknown) => e instanceof MCPServerError && /could not connect/.test(e.message) && /missing API token/.test(e.message));
    assert.equal(server.connected, false);
  });

  it('a command that does not exist fails connect()', async () => {
    const server = new MCPServerStdio({ command: join(tmpdir(), 'no-such-mcp-server-binary') });
    await assert.rejects(() => server.connect(), (e: unknown) => e instanceof MCPServerError && /could not connect/.test(e.message) && /ENOENT/.test(e.message));
  });

  it('rejects bad options', () => {
    assert.throws(() => new MCPServerStdio({ command: '' }), UserError);
    assert.throws(() => new MCPServerStdio({ command: 'x', timeoutMs: -1 }), /timeoutMs must be a positive number/);
    assert.throws(() => new MCPServerStdio({ command: 'x', requireApproval: 'sometimes' as never }), /requireApproval must be/);
  });
});

describe('published servers over stdio', () => {
  it('server-filesystem on a temp folder reads a real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentrun-mcp-fs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'notes.txt'), 'the answer is 42\n');
    const server = new MCPServerStdio({ command: process.execPath, args: [FILESYSTEM_SERVER, dir], name: 'fs' });
    cleanups.push(() => server.close());
    await server.connect();
    const names = (await server.listTools()).map((t) => t.name);
    assert.ok(names.includes('read_text_file') && names.includes('list_directory'), names.join(','));
    const result = await server.callTool('read_text_file', { path: join(dir, 'notes.txt') });
    assert.match(JSON.stringify(result.content), /the answer is 42/);
    await server.close();
  });

  it('server-everything echoes', async () => {
    const server = new MCPServerStdio({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], name: 'everything' });
    cleanups.push(() => server.close());
    await server.connect();
    const names = (await server.listTools()).map((t) => t.name);
    assert.ok(names.includes('echo'), names.join(','));
    const result = await server.callTool('echo', { message: 'hello everything' });
    assert.match(JSON.stringify(result.content), /hello everything/);
    await server.close();
  });
});

describe('MCPServerStreamableHttp and MCPServerSse', () => {
  for (const kind of ['streamable', 'sse'] as const) {
    it(`${kind}: lists, calls, sends headers, caches the list until invalidated`, async () => {
      const remote = await http(kind);
      const options = { url: remote.url, headers: { authorization: 'Bearer t0ken' }, cacheToolsList: true, name: kind };
      const server = kind === 'streamable' ? new MCPServerStreamableHttp(options) : new MCPServerSse(options);
      cleanups.push(() => server.close());
      await server.connect();
      assert.deepEqual((await server.listTools()).map((t) => t.name).sort(), ['echo', 'fail', 'sleep']);
      await server.listTools();
      assert.equal(remote.listRequests, 1);
      server.invalidateToolsCache();
      await server.listTools();
      assert.equal(remote.listRequests, 2);
      assert.deepEqual((await server.callTool('echo', { text: 'over http' })).content, [{ type: 'text', text: 'echo: over http' }]);
      assert.ok(remote.headers.every((h) => h.authorization === 'Bearer t0ken'));
      await server.close();
    });
  }

  it('without cacheToolsList every listTools() asks the server', async () => {
    const remote = await http('streamable');
    const server = new MCPServerStreamableHttp({ url: remote.url });
    cleanups.push(() => server.close());
    await server.connect();
    await server.listTools();
    await server.listTools();
    await server.listTools();
    assert.equal(remote.listRequests, 3);
    await server.close();
  });

  it('a slow listing is bounded by timeoutMs', async () => {
    const remote = await http('streamable', { listDelayMs: 3000 });
    const server = new MCPServerStreamableHttp({ url: remote.url, timeoutMs: 1000, name: 'slow' });
    cleanups.push(() => server.close());
    await server.connect();
    await assert.rejects(() => server.listTools(), (e: unknown) => e instanceof MCPServerError && /'slow': listing tools failed: timed out after 1000 ms/.test(e.message));
    await server.close();
  });

  it('an unreachable URL fails connect()', async () => {
    const remote = await http('streamable');
    const url = remote.url;
    await remote.close();
    const server = new MCPServerStreamableHttp({ url, timeoutMs: 2000, name: 'gone' });
    await assert.rejects(() => server.connect(), (e: unknown) => e instanceof MCPServerError && /'gone': could not connect/.test(e.message));
  });
});
