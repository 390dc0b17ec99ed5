// connectMcpServers: concurrent connection, each bounded; all closed when one fails.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectMcpServers, MCPServerError, MCPServerStdio, MCPServerStreamableHttp } from '../../src/mcp.js';
import { TEST_STDIO_SERVER } from './fixtures/paths.js';
import { isRunning } from './fixtures/process.js';
import { startHttpMcpServer, type TestHttpMcpServer } from './fixtures/http-server.js';

const remotes: TestHttpMcpServer[] = [];
after(() => Promise.all(remotes.map((r) => r.close())));

async function remote(initDelayMs: number): Promise<TestHttpMcpServer> {
  const r = await startHttpMcpServer({ kind: 'streamable', initDelayMs });
  remotes.push(r);
  return r;
}

describe('connectMcpServers', () => {
  it('connects several servers concurrently', async () => {
    // Each server takes 1000 ms to answer initialize: one after another would take over 4 s.
    const servers = await Promise.all([1000, 1000, 1000, 1000].map(async (d, i) => new MCPServerStreamableHttp({ url: (await remote(d)).url, name: `s${i}` })));
    const started = Date.now();
    const connected = await connectMcpServers(servers);
    const elapsed = Date.now() - started;
    try {
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
      for (const s of servers) assert.equal(s.connected, true);
      assert.equal(process.listenerCount('exit') > 0, true);
    } finally {
      await connected.close();
    }
    for (const s of servers) assert.equal(s.connected, false);
  });

  it('closes every server when one fails, naming the one that failed', async () => {
    const good = new MCPServerStdio({ command: process.execPath, args: [TEST_STDIO_SERVER], name: 'good' });
    const bad = new MCPServerStdio({
      command: process.execPath, args: [TEST_STDIO_SERVER], name: 'bad', env: { MCP_TEST_EXIT_AT_START: '1', MCP_TEST_STDERR: 'no credentials' },
    });
    const exitListeners = process.listenerCount('exit');
    let goodPid: number | null = null;
    const watch = setInterval(() => {
      goodPid ??= good.pid;
    }, 5);
    try {
      await assert.rejects(
        () => connectMcpServers([good, bad]),
        (e: unknown) => e instanceof MCPServerError && e.serverName === 'bad' && /Could not connect 1 of 2 MCP servers/.test(e.message) && /no credentials/.test(e.message),
      );
    } finally {
      clearInterval(watch);
    }
    assert.equal(good.connected, false);
    assert.ok(goodPid !== null);
    assert.equal(isRunning(goodPid!), false);
    assert.equal(process.listenerCount('exit'), exitListeners);
  });

  it('bounds each connection by timeoutMs', async () => {
    const slow = new MCPServerStreamableHttp({ url: (await remote(3000)).url, name: 'slow', timeoutMs: 400 });
    const started = Date.now();
    await assert.rejects(() => connectMcpServers([slow]), (e: unknown) => e instanceof MCPServerError && /'slow'/.test(e.message) && /timed out after 400 ms/.test(e.message));
    assert.ok(Date.now() - started < 2500);
    assert.equal(slow.connected, false);
  });

  it('close() removes the exit hook and works with await using', async () => {
    const before = process.listenerCount('exit');
    const server = new MCPServerStreamableHttp({ url: (await remote(0)).url });
    {
      await using connected = await connectMcpServers([server]);
      assert.equal(process.listenerCount('exit'), before + 1);
      assert.equal(connected.servers[0], server);
    }
    assert.equal(process.listenerCount('exit'), before);
    assert.equal(server.connected, false);
  });

  it('a process that exits without closing takes its stdio servers with it', async () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'exit-without-close.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    const pid = Number(run.stdout.trim());
    assert.ok(pid > 0);
    for (let i = 0; i < 50 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(isRunning(pid), false);
  });
});
