import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyReport, runFixture } from './spawn-fixture.js';

const runnerCase = (caseName: string) => runFixture({ fixture: 'runner-cases.cts', caseName });

test('Runner.runSync runs an async tool turn and a final text, returning a RunResult (not a Promise)', async () => {
  const report = onlyReport(await runnerCase('toolTurn')) as Record<string, unknown>;
  assert.equal(report.isRunResult, true);
  assert.equal(report.thenable, false);
  assert.equal(report.finalOutput, 'It is sunny in Paris.');
  assert.deepEqual(report.itemTypes, ['tool_call_item', 'tool_call_output_item', 'message_output_item']);
  assert.deepEqual(report.toolOutput, { type: 'function_call_output', call_id: 'call_1', output: 'Sunny in Paris (checked)' });
  // The whole run, tool I/O included, happened between the surrounding synchronous statements.
  assert.deepEqual(report.log, ['sync:before', 'tool:start', 'tool:end', 'sync:after']);
});

test('Runner.runSync fires async hooks in order', async () => {
  const report = onlyReport(await runnerCase('hooks')) as { events: string[]; finalOutput: string };
  assert.equal(report.finalOutput, 'Done.');
  assert.deepEqual(report.events, [
    'agent_start:assistant',
    'llm_start',
    'llm_end',
    'tool_start:get_weather',
    'tool_end:get_weather:Sunny',
    'llm_start',
    'llm_end',
    'agent_end:assistant:Done.',
  ]);
});

test('Runner.runSync works with MemorySession and SQLiteSession across calls', async () => {
  const report = onlyReport(await runnerCase('sessions')) as Record<string, { outputs: string[]; secondCallInput: string[]; storedCount: number }>;
  for (const kind of ['memory', 'sqlite']) {
    const r = report[kind]!;
    assert.deepEqual(r.outputs, ['Hello Ada.', 'You are Ada.'], kind);
    const input = r.secondCallInput.map((item) => JSON.parse(item) as Record<string, unknown>);
    assert.deepEqual(input[0], { role: 'user', content: 'My name is Ada.' }, kind);
    assert.equal(input[1]!.role, 'assistant', kind);
    assert.deepEqual(input.at(-1), { role: 'user', content: 'Who am I?' }, kind);
    assert.equal(r.storedCount, 4, kind);
  }
});

test('MaxTurnsExceeded is thrown synchronously with its runData', async () => {
  const report = onlyReport(await runnerCase('maxTurns'));
  assert.deepEqual(report, {
    instance: true,
    message: 'Max turns (1) exceeded',
    runData: { input: 'loop', newItemTypes: ['tool_call_item', 'tool_call_output_item'], rawResponses: 1, lastAgent: 'assistant' },
  });
});

test('an input guardrail trip is thrown synchronously with the guardrail result and runData', async () => {
  assert.deepEqual(onlyReport(await runnerCase('guardrailTrip')), {
    instance: true,
    guardrail: 'no_homework',
    outputInfo: { reason: 'homework' },
    runDataGuardrails: ['no_homework'],
    modelCalls: 0,
  });
});

test('Runner.runSync refuses inside a tool of a synchronous run and after an await, pointing to Runner.run', async () => {
  const report = onlyReport(await runnerCase('refusals')) as {
    finalOutput: string;
    toolOutput: string;
    afterAwait: { userError: boolean; message: string };
    innerCalls: number;
  };
  assert.equal(report.finalOutput, 'outer done');
  assert.match(report.toolOutput, /^UserError: .*while another Runner\.runSync is running.*await Runner\.run\(/);
  assert.equal(report.afterAwait.userError, true);
  assert.match(report.afterAwait.message, /inside a promise job.*await Runner\.run\(/);
  assert.equal(report.innerCalls, 0);
});

test('trace context flows through a synchronous run, nested in a user trace', async () => {
  assert.deepEqual(onlyReport(await runnerCase('tracing')), {
    finalOutput: 'Fine.',
    log: [
      'trace_start:sync workflow',
      'span:generation:traced',
      'span:function:traced',
      'span:generation:traced',
      'span:agent:traced',
      'runSync returned',
      'trace_end:sync workflow',
    ],
  });
});

test('Runner.runSync drives the real OpenAI model over HTTP, then the process exits on its own', async () => {
  const run = await runFixture({ fixture: 'runner-cases.cts', caseName: 'overHttp', deadlineMs: 10_000 });
  const report = onlyReport(run) as { finalOutput: string; requests: number; at: number };
  assert.equal(report.finalOutput, 'Sunny in Lima.');
  assert.equal(report.requests, 2);
  assert.ok(run.exitedAt - report.at < 2000, `exited ${run.exitedAt - report.at} ms after the run`);
});
