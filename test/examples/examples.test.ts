// Every example runs offline (no OPENAI_API_KEY) on its scripted model, and prints what it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runExample(file: string, args: string[] = []): Promise<Ran> {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const EXPECTED: Record<string, string> = {
  'hello-haiku': "Code within the code,\nFunctions calling themselves,\nInfinite loop's dance.\n",
  'weather-tool': [
    'Final output: The current temperature in Paris is 72°F.',
    'Items generated: 3',
    '  - ToolCallItem (tool_call_item)',
    '  - ToolCallOutputItem (tool_call_output_item)',
    '  - MessageOutputItem (message_output_item)',
    '',
  ].join('\n'),
  'multi-turn': 'San Francisco\nCalifornia\nNice to meet you, Alice!\nYour name is Alice.\nThe session holds 4 items.\n',
  quiz: [
    'Quiz Master: Question 1: What is the capital of France?',
    'You: Paris',
    'Quiz Master: Correct! Score: 1/1. Question 2: How many continents are there?',
    'You: 7',
    'Quiz Master: Correct! Score: 2/2. Question 3: Which planet is the largest?',
    'You: Saturn',
    'Quiz Master: We ran out of time. Final score so far: 2/3.',
    '',
  ].join('\n'),
  streaming: [
    '[Agent: Storyteller]',
    'Unit 7 swept the empty station every night. One night it found a flower growing through the tiles, and it swept around it ever after.',
    '[Event: message_output_created, message_output_item]',
    'Streamed in several deltas; final output ready.',
    '',
  ].join('\n'),
  'call-model-input-filter': 'filter: sending 10 of 25 items\nI can see notes 9, 10, 11, 12.\nThe run still holds all 26 items.\n',
  handoffs: [
    'Triage agent calls lookup_account',
    'handoff: Triage agent -> Billing agent',
    'Billing agent: Your balance due is $42.00, payable by card. (I was sent: user.)',
    '',
  ].join('\n'),
  guardrails: [
    'ok: You can reset your password from the sign-in page.',
    'blocked by no_math_homework: {"isHomework":true}',
    'blocked by no_phone_numbers: {"leaked":true}',
    '',
  ].join('\n'),
  approvals: [
    'needs approval: cancel_order({"orderId":"1001"})',
    'approved -> Result: order 1001 cancelled',
    'needs approval: cancel_order({"orderId":"1002"})',
    'rejected -> Result: Tool execution was not approved.',
    '',
  ].join('\n'),
  'sqlite-session': 'Your list: milk, eggs, bread.\nYour list: milk, eggs, bread, coffee.\nstored items: 6\nafter undoing the last turn: 4\n',
  'durable-run': [
    'worker: killed by SIGKILL inside charge_card; charges in the ledger: 1',
    'resuming order-7 (running; model calls made before the crash: 1)',
    'final output: Done: charged 4200 cents for order 7 (already charged); order 7 shipped.',
    'charges in the ledger: 1',
    'model calls after the restart: 2 (the saved first response was not asked for again)',
    'stored status: order-7 completed',
    '',
  ].join('\n'),
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`examples/${name}.ts prints its result offline`, async () => {
    const ran = await runExample(`examples/${name}.ts`);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, expected);
    assert.match(ran.stderr, /^\[offline\] OPENAI_API_KEY is not set/);
  });
}

test('examples/cli-agent.ts runs through the CLI offline', async () => {
  const ran = await runExample('src/cli/agentrun.ts', ['run', 'examples/cli-agent.ts', "What's the temperature in Paris?", '--offline']);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, "echo: What's the temperature in Paris?\n");
  assert.match(ran.stderr, /\[tool call\] get_temperature\(\{"city":"echo"\}\)\n\[tool output\] 72°F in echo/);
});

test('npm start (examples/demo.ts) runs the support demo offline', async () => {
  const ran = await runExample('examples/demo.ts');
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /^\[offline\] OPENAI_API_KEY is not set/);
  assert.match(ran.stdout, /\[tool call\] lookup_order\(\{"orderId":"1234"\}\)/);
  assert.match(ran.stdout, /\[handoff\] Triage agent -> Refunds agent/);
  assert.match(ran.stdout, /final output \(Refunds agent\): Done: order 1234 is refunded in full\. Your refund reference is RF-1234-01/);
  assert.match(ran.stdout, /model calls: 4/);
});
