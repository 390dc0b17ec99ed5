import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Agent, OutputGuardrailTripwireTriggered, RunErrorHandlerResult, UserError, outputGuardrail } from '../../src/index.js';
import type { OutputGuardrail, RunHooksLike } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from '../handoffs/run-modes.js';

const check = (name: string, options: { trip?: boolean; delayMs?: number; log?: string[] } = {}): OutputGuardrail =>
  outputGuardrail(async (_ctx, agent, output) => {
    if (options.delayMs) await sleep(options.delayMs);
    options.log?.push(`guard:${name}:${agent.name}:${JSON.stringify(output)}`);
    return { outputInfo: { by: name }, tripwireTriggered: options.trip ?? false };
  }, { name });

runScenarios([
  {
    name: "the final agent's output guardrails and the run's run on the final output, after onAgentEnd",
    async run(mode) {
      const log: string[] = [];
      const hooks: RunHooksLike = { onAgentEnd: (_ctx, agent, output) => void log.push(`agent_end:${agent.name}:${JSON.stringify(output)}`) };
      const target = new Agent({ name: 'Target', model: new ScriptedModel([{ output: [textMessage('All good.')] }]), outputGuardrails: [check('target_guard', { log })] });
      const start = new Agent({
        name: 'Start',
        model: new ScriptedModel([{ output: [functionCall('transfer_to_target')] }]),
        handoffs: [target],
        outputGuardrails: [check('start_guard_never', { log })],
      });
      const { result } = await runIn(mode, start, 'x', { hooks, runConfig: { outputGuardrails: [check('run_guard', { log, delayMs: 5 })] } });
      assert.equal(result.finalOutput, 'All good.');
      assert.deepEqual(log, ['agent_end:Target:"All good."', 'guard:target_guard:Target:"All good."', 'guard:run_guard:Target:"All good."']);
      assert.deepEqual(result.outputGuardrailResults, [
        { guardrail: { name: 'target_guard' }, output: { outputInfo: { by: 'target_guard' }, tripwireTriggered: false }, agent: target, agentOutput: 'All good.' },
        { guardrail: { name: 'run_guard' }, output: { outputInfo: { by: 'run_guard' }, tripwireTriggered: false }, agent: target, agentOutput: 'All good.' },
      ]);
    },
  },
  {
    name: 'a tripped output guardrail fails the run with the result; the final output is not set',
    async run(mode) {
      const agent = new Agent({ name: 'A', model: new ScriptedModel([{ output: [textMessage('secret: 1234')] }]), outputGuardrails: [check('fine', { delayMs: 1 }), check('leak', { trip: true, delayMs: 10 })] });
      const { error, events } = await runFails(mode, agent, 'x');
      assert.ok(error instanceof OutputGuardrailTripwireTriggered);
      assert.equal(error.message, "Output guardrail 'leak' triggered tripwire");
      assert.equal(error.guardrailResult.agentOutput, 'secret: 1234');
      assert.equal(error.guardrailResult.agent, agent);
      assert.deepEqual(error.guardrailResult.output, { outputInfo: { by: 'leak' }, tripwireTriggered: true });
      assert.deepEqual(error.runData!.outputGuardrailResults.map((r) => r.guardrail.name), ['fine', 'leak']);
      assert.equal(error.runData!.lastAgent, agent);
      if (mode === 'streamed') assert.ok(events.some((e) => e.type === 'run_item_stream_event' && e.name === 'message_output_created'));
    },
  },
  {
    name: 'output guardrails run concurrently',
    async run(mode) {
      // Each guardrail waits for the other to have started: run one after the other, they would time out.
      let startA!: () => void;
      let startB!: () => void;
      const aStarted = new Promise<void>((r) => (startA = r));
      const bStarted = new Promise<void>((r) => (startB = r));
      const waitFor = (p: Promise<void>) => Promise.race([p.then(() => false), sleep(500).then(() => true)]);
      const a = outputGuardrail(async () => (startA(), { tripwireTriggered: await waitFor(bStarted), outputInfo: 'a' }), { name: 'a' });
      const b = outputGuardrail(async () => (startB(), { tripwireTriggered: await waitFor(aStarted), outputInfo: 'b' }), { name: 'b' });
      const agent = new Agent({ name: 'A', model: new ScriptedModel([{ output: [textMessage('hi')] }]), outputGuardrails: [a, b] });
      const { result } = await runIn(mode, agent, 'x');
      assert.equal(result.outputGuardrailResults.length, 2);
    },
  },
  {
    name: 'a structured final output reaches the guardrail parsed',
    async run(mode) {
      const seen: unknown[] = [];
      const agent = new Agent({
        name: 'A',
        model: new ScriptedModel([{ output: [textMessage('{"total":42}')] }]),
        outputType: z.object({ total: z.number() }),
        outputGuardrails: [outputGuardrail((_ctx, _agent, output) => (seen.push(output), { tripwireTriggered: false }), { name: 'g' })],
      });
      const { result } = await runIn(mode, agent, 'x');
      assert.deepEqual(seen, [{ total: 42 }]);
      assert.deepEqual(result.finalOutput, { total: 42 });
    },
  },
  {
    name: 'an error handler result passes the output guardrails too',
    async run(mode) {
      const seen: unknown[] = [];
      const agent = new Agent({
        name: 'A',
        model: new ScriptedModel([{ output: [functionCall('missing_tool')] }]),
        outputGuardrails: [outputGuardrail((_ctx, _agent, output) => (seen.push(output), { tripwireTriggered: output === 'blocked' }), { name: 'g' })],
      });
      const { result } = await runIn(mode, agent, 'x', {
        maxTurns: 1,
        runConfig: { toolNotFoundBehavior: 'return_error_to_model' },
        errorHandlers: { maxTurns: () => new RunErrorHandlerResult({ finalOutput: 'gave up', includeInHistory: false }) },
      });
      assert.equal(result.finalOutput, 'gave up');
      assert.deepEqual(seen, ['gave up']);
      const failed = await runFails(mode, agent.clone({ model: new ScriptedModel([{ output: [functionCall('missing_tool')] }]) }), 'x', {
        maxTurns: 1,
        runConfig: { toolNotFoundBehavior: 'return_error_to_model' },
        errorHandlers: { maxTurns: () => 'blocked' },
      });
      assert.ok(failed.error instanceof OutputGuardrailTripwireTriggered);
    },
  },
  {
    name: 'an output guardrail returning the wrong shape is a UserError naming it',
    async run(mode) {
      const bad = outputGuardrail(() => ({ tripwireTriggered: 'yes' }) as never, { name: 'sloppy' });
      const { error } = await runFails(mode, new Agent({ name: 'A', model: new ScriptedModel([{ output: [textMessage('x')] }]), outputGuardrails: [bad] }), 'x');
      assert.ok(error instanceof UserError);
      assert.match(error.message, /'sloppy'/);
    },
  },
]);
