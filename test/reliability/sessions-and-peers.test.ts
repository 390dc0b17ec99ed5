// Sessions never hold a process open: a Redis or PostgreSQL session whose server is unreachable
// (refused, or accepting and silent) fails the run, and the process then exits by itself without
// close(). The optional peers (pg, ioredis, @opentelemetry/api): their entry points load without
// them, and using a feature is a UserError naming the package to install.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Run a fixture with tsx; resolves with its stdout once it exits, or fails if it is still alive after `ms`. */
function runFixture(args: string[], ms: number): Promise<{ stdout: string; code: number | null; elapsed: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process was still alive after ${ms} ms (stdout: ${stdout}; stderr: ${stderr.slice(0, 2000)})`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, code, elapsed: Date.now() - started });
    });
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never answers. */
const silent = net.createServer(() => undefined);
const sockets = new Set<net.Socket>();
silent.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
const silentReady = new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
after(() => {
  for (const socket of sockets) socket.destroy();
  silent.close();
});

for (const backend of ['redis', 'postgres'] as const) {
  const scheme = backend === 'redis' ? 'redis' : 'postgres';
  const path = backend === 'redis' ? '' : '/db';
  test(`${backend}: an unreachable server (refused) fails the run and the process exits without close()`, async () => {
    const url = `${scheme}://127.0.0.1:${await closedPort()}${path}`;
    const { stdout, code } = await runFixture([fixture('session-unreachable.ts'), backend, url], 15_000);
    assert.equal(code, 0);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { error?: string };
    assert.equal(report.error, 'SessionConnectionError', stdout);
  });

  test(`${backend}: a server that accepts and never answers fails the run and the process exits without close()`, async () => {
    await silentReady;
    const url = `${scheme}://127.0.0.1:${(silent.address() as net.AddressInfo).port}${path}`;
    const { stdout, code } = await runFixture([fixture('session-unreachable.ts'), backend, url], 15_000);
    assert.equal(code, 0);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { error?: string };
    assert.equal(report.error, 'SessionConnectionError', stdout);
  });
}

test('without pg, ioredis or @opentelemetry/api installed, the entry points load and their features name the package', async () => {
  const { stdout, code } = await runFixture([fixture('missing-peers.ts')], 15_000);
  assert.equal(code, 0, stdout);
  const report = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string>;
  assert.match(report.redis!, /^UserError: .*'ioredis'.*npm install ioredis/);
  assert.match(report.postgres!, /^UserError: .*'pg'.*npm install pg/);
  assert.match(report.postgresRunStore!, /^UserError: .*'pg'.*npm install pg/);
  assert.match(report.otel!, /^UserError: .*'@opentelemetry\/api'.*npm install @opentelemetry\/api/);
});
