import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseScriptedServerArgs } from '../../src/testing/scripted-server-args.js';
import { UserError } from '../../src/errors/index.js';

type Payload = Record<string, unknown>;
const CLI = 'src/testing/scripted-server-cli.ts';

const closed = new WeakMap<ChildProcess, Promise<number | null>>();

function spawnCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Listen from the start: 'close' (exit + stdio drained) must not be missed.
  closed.set(child, new Promise((resolve) => child.once('close', (code) => resolve(code))));
  return child;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      child.stdout!.resume(); // keep draining so the process can close cleanly
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code} before printing its URL`)));
  });
}

/** The exit code, once the process has exited and its stdio is drained. */
function exitCode(child: ChildProcess): Promise<number | null> {
  return closed.get(child)!;
}

async function post(url: string, body: Payload): Promise<Payload> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return (await res.json()) as Payload;
}

test('--echo: prints one JSON line with the URL, serves requests, stops on SIGTERM', async () => {
  const child = spawnCli(['--echo', '--tool-calls', '1', '--latency-ms', '5']);
  try {
    const info = JSON.parse(await firstLine(child)) as { url: string; port: number; pid: number };
    assert.equal(info.pid, child.pid);
    assert.equal(info.url, `http://127.0.0.1:${info.port}/v1`);
    const tools = [{ type: 'function', name: 'noop', parameters: { type: 'object', properties: {} } }];
    const first = await post(`${info.url}/responses`, { input: 'ping', tools });
    const [call] = first.output as Payload[];
    assert.equal(call!.type, 'function_call');
    const second = await post(`${info.url}/responses`, {
      input: ['ping', call, { type: 'function_call_output', call_id: call!.call_id, output: 'ok' }].map((i) => (typeof i === 'string' ? { role: 'user', content: i } : i)),
      tools,
    });
    assert.deepEqual((second.output as Payload[])[0]!.content, [{ type: 'output_text', text: 'echo: ping' }]);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exitCode(child), 0);
});

test('--script FILE --repeat replays the script in a loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scripted-cli-'));
  const file = join(dir, 'script.json');
  writeFileSync(file, JSON.stringify([
    { output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'first' }] }] },
    { httpStatus: 429, body: { error: { message: 'slow down' } } },
  ]));
  const child = spawnCli(['--script', file, '--repeat']);
  try {
    const { url } = JSON.parse(await firstLine(child)) as { url: string };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages":[]}' });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 429, 200, 429]);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exitCode(child), 0);
});

test('bad flags exit with status 2 and a message naming the flag', async () => {
  const child = spawnCli(['--echo', '--latency-ms', 'soon']);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  assert.equal(await exitCode(child), 2);
  assert.match(stderr, /--latency-ms must be a non-negative integer/);
});

test('--help prints the usage and exits 0', async () => {
  const child = spawnCli(['--help']);
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  assert.equal(await exitCode(child), 0);
  assert.match(stdout, /Usage: scripted-server-cli/);
});

test('argument parsing: exactly one mode, known flags, readable script', () => {
  assert.throws(() => parseScriptedServerArgs([]), (e: unknown) => e instanceof UserError && /exactly one of --echo and --script/.test(e.message));
  assert.throws(() => parseScriptedServerArgs(['--echo', '--bogus']), /unknown flag --bogus/);
  assert.throws(() => parseScriptedServerArgs(['--script', '/nonexistent/x.json']), /cannot read script/);
  assert.throws(() => parseScriptedServerArgs(['--echo', '--port']), /--port needs a value/);
  const options = parseScriptedServerArgs(['--echo', '--latency-ms', '20', '--event-delay-ms', '3', '--port', '0']);
  assert.equal(options.latencyMs, 20);
  assert.equal(options.eventDelayMs, 3);
  assert.equal(options.recordRequests, false);
  assert.equal(typeof options.fallback, 'function');
});
