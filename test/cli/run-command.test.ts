import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '../../src/index.js';
import { echoResponder, startScriptedServer } from '../../src/testing/index.js';
import { envWithoutKey, runCli } from './cli-helpers.js';

const AGENTS = 'test/cli/fixtures/agents.ts';

test('run --offline streams only the answer to stdout; the tool call goes to stderr; exit 0', async () => {
  const run = await runCli(['run', AGENTS, 'weather', 'in', 'Paris?', '--offline'], { env: envWithoutKey() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'echo: weather in Paris?\n');
  assert.match(run.stderr, /\[tool call\] get_weather\(\{"city":"echo"\}\)/);
  assert.match(run.stderr, /\[tool output\] Sunny in echo/);
});

test('run reads its input from stdin when no words are given, and --json prints one object', async () => {
  const run = await runCli(['run', AGENTS, '--offline', '--json'], { env: envWithoutKey(), stdin: 'from a pipe\n' });
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { finalOutput: string; lastAgent: string; newItems: Array<{ type?: string; output?: string }>; usage: { requests: number } };
  assert.equal(out.finalOutput, 'echo: from a pipe');
  assert.equal(out.lastAgent, 'Weather agent');
  assert.deepEqual(out.newItems.map((item) => item.type), ['function_call', 'function_call_output', 'message']);
  assert.equal(out.newItems[1]!.output, 'Sunny in echo');
  assert.equal(out.usage.requests, 2);
});

test('run without an API key says how to use the offline scripted model (exit 2); an agent with its own Model needs none', async () => {
  const noKey = await runCli(['run', AGENTS, 'hi'], { env: envWithoutKey() });
  assert.equal(noKey.code, 2);
  assert.equal(noKey.stdout, '');
  assert.match(noKey.stderr, /No OpenAI API key: set OPENAI_API_KEY .*add --offline/);
  const own = await runCli(['run', AGENTS, 'hi', '--agent', 'ownModel'], { env: envWithoutKey() });
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.stdout, 'scripted hello\n');
});

test('run uses OPENAI_BASE_URL and the key from the environment, and --model names the model', async () => {
  const server = await startScriptedServer({ fallback: echoResponder({ toolCalls: 0 }) });
  try {
    const run = await runCli(['run', AGENTS, 'hello', '--model', 'my-local-model'], {
      env: envWithoutKey({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'echo: hello\n');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.body.model, 'my-local-model');
    assert.equal(server.requests[0]!.body.stream, true);
  } finally {
    await server.close();
  }
});

test('a failed run exits 1 with the error class and message on stderr', async () => {
  const run = await runCli(['run', AGENTS, 'hi', '--offline', '--max-turns', '1'], { env: envWithoutKey() });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /agentrun: MaxTurnsExceeded: Max turns \(1\) exceeded/);
  const broken = await runCli(['run', 'test/cli/fixtures/broken.ts', 'hi', '--offline'], { env: envWithoutKey() });
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /Could not load test\/cli\/fixtures\/broken\.ts:\nError: broken on purpose/);
});

test('bad usage exits 2 with a message naming the problem', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run'], /missing <file>/],
    [['run', 'test/cli/fixtures/none.ts', 'hi'], /No such file: test\/cli\/fixtures\/none\.ts/],
    [['run', AGENTS, 'hi', '--agent', 'nope'], /has no export named 'nope' \(agents it exports: default, ownModel\)/],
    [['run', AGENTS, 'hi', '--agent', 'notAnAgent'], /export 'notAnAgent' of .* is not an Agent \(got an object\)/],
    [['run', 'test/cli/fixtures/no-default.ts', 'hi'], /has no default export; export the agent as default or name it with --agent \(agents it exports: helper\)/],
    [['run', AGENTS, 'hi', '--bogus'], /Unknown option '--bogus'/],
    [['run', AGENTS, 'hi', '--max-turns', 'many'], /--max-turns must be a non-negative integer, got 'many'/],
    [['chat', AGENTS, '--json'], /unknown option '--json'/],
    [['frobnicate'], /Unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(args, { env: envWithoutKey() });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '');
  }
});

test('help and --help print usage and exit 0', async () => {
  const help = await runCli(['help']);
  assert.equal(help.code, 0);
  for (const command of ['run <file>', 'chat <file>', 'traces']) assert.ok(help.stdout.includes(command), command);
  for (const command of ['run', 'chat', 'traces']) {
    const run = await runCli([command, '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, new RegExp(`^Usage: agentrun ${command}`));
  }
});

test('--session keeps the conversation in SQLite under $AGENTRUN_HOME', async () => {
  const home = mkdtempSync(join(tmpdir(), 'agentrun-home-'));
  try {
    const env = envWithoutKey({ AGENTRUN_HOME: home });
    const id = `cli-${process.pid}`;
    for (const words of [['first'], ['second']]) {
      const run = await runCli(['run', 'test/cli/fixtures/chat-agent.ts', ...words, '--session', id], { env });
      assert.equal(run.code, 0, run.stderr);
    }
    const session = new SQLiteSession(id, join(home, 'sessions.db'));
    const items = await session.getItems();
    session.close();
    assert.deepEqual(items.map((item) => ('role' in item ? item.role : item.type)), ['user', 'assistant', 'user', 'assistant']);
    const last = JSON.stringify(items[3]);
    assert.match(last, /you said 'second' \(user messages so far: 2\)/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
