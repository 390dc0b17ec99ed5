import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Agent, InputGuardrailTripwireTriggered, UserError, inputGuardrail, tool } from '../../src/index.js';
import type { InputGuardrail, ModelRequest, RunHooksLike } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from '../handoffs/run-modes.js';

const pass = (name: string, delayMs = 0, log?: string[]): InputGuardrail =>
  inputGuardrail(async () => {
    if (delayMs) await sleep(delayMs);
    log?.push(`guard:${name}`);
    return { outputInfo: { checked: name }, tripwireTriggered: false };
  }, { name });

const trip = (name: string, options: { delayMs?: number; runInParallel?: boolean; before?: () => Promise<unknown> } = {}): InputGuardrail =>
  inputGuardrail(async () => {
    if (options.before) await options.before();
    if (options.delayMs) await sleep(options.delayMs);
    return { outputInfo: { reason: `${name} says no` }, tripwireTriggered: true };
  }, { name, runInParallel: options.runInParallel });

/** A model whose first call waits until its request is aborted, recording that it was. */
function hangingModel() {
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => (started = resolve));
  const state = { aborted: false, reason: undefined as unknown };
  const model = new ScriptedModel([
    (request: ModelRequest) =>
      new Promise<never>((_resolve, reject) => {
        started();
        request.signal!.addEventListener('abort', () => {
          state.aborted = true;
          state.reason = request.signal!.reason;
          reject(request.signal!.reason);
        }, { once: true });
      }),
  ]);
  return { model, started: startedP, state };
}

runScenarios([
  {
    name: 'a blocking guardrail that trips means no model call at all',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('never')] }]);
      const llm: string[] = [];
      const hooks: RunHooksLike = { onLlmStart: () => void llm.push('start') };
      const agent = new Agent({ name: 'A', model, inputGuardrails: [trip('blocker', { runInParallel: false })] });
      const { error, events } = await runFails(mode, agent, 'bad input', { hooks });
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      assert.equal(error.message, "Input guardrail 'blocker' triggered tripwire");
      assert.deepEqual(error.guardrailResult, { guardrail: { name: 'blocker' }, output: { outputInfo: { reason: 'blocker says no' }, tripwireTriggered: true } });
      assert.equal(model.calls.length, 0);
      assert.deepEqual(llm, []);
      assert.deepEqual(error.runData!.inputGuardrailResults, [error.guardrailResult]);
      assert.equal(error.runData!.lastAgent, agent);
      assert.equal(events.some((e) => e.type === 'raw_response_event'), false);
    },
  },
  {
    name: 'a parallel guardrail that trips after the model started cancels the model call (request signal aborted)',
    async run(mode) {
      const hanging = hangingModel();
      const agent = new Agent({ name: 'A', model: hanging.model, inputGuardrails: [trip('late', { before: () => hanging.started })] });
      const { error } = await runFails(mode, agent, 'bad input');
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      assert.equal(hanging.model.calls.length, 1);
      assert.equal(hanging.state.aborted, true);
      assert.equal(hanging.state.reason, error);
      assert.equal(error.runData!.rawResponses.length, 0);
    },
  },
  {
    name: 'a parallel trip that comes after turn 1 ran its tools still fails the run (as in the Python SDK: parallel guardrails gate nothing)',
    async run(mode) {
      const ran: string[] = [];
      const t = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => {
        ran.push('act');
        return 'done';
      } });
      const model = new ScriptedModel([{ output: [functionCall('act', {})] }, { output: [textMessage('never')] }]);
      const agent = new Agent({ name: 'A', model, tools: [t], inputGuardrails: [trip('slow', { delayMs: 30 })] });
      const { error } = await runFails(mode, agent, 'x');
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      assert.equal(model.calls.length, 1);
      assert.deepEqual(ran, ['act']);
      // The turn's results are not acted on: its tool outputs are not recorded.
      assert.equal(error.runData!.newItems.some((i) => i.type === 'tool_call_output_item'), false);
    },
  },
  {
    name: 'blocking guardrails finish before the model call; parallel ones run alongside it',
    async run(mode) {
      const log: string[] = [];
      const model = new ScriptedModel([(request) => (log.push('model'), { output: [textMessage('ok')] })], { latencyMs: 60 });
      const hooks: RunHooksLike = { onLlmStart: () => void log.push('llm_start'), onLlmEnd: () => void log.push('llm_end') };
      const blocking = inputGuardrail(async () => (await sleep(15), log.push('guard:blocking'), { tripwireTriggered: false }), { name: 'blocking', runInParallel: false });
      const parallel = inputGuardrail(async () => (log.push('guard:parallel:start'), await sleep(5), log.push('guard:parallel:end'), { tripwireTriggered: false }), { name: 'parallel' });
      const agent = new Agent({ name: 'A', model, inputGuardrails: [parallel, blocking] });
      const { result } = await runIn(mode, agent, 'x', { hooks });
      assert.equal(result.finalOutput, 'ok');
      assert.deepEqual(log, ['guard:blocking', 'guard:parallel:start', 'llm_start', 'model', 'guard:parallel:end', 'llm_end']);
      assert.deepEqual(result.inputGuardrailResults.map((r) => r.guardrail.name), ['blocking', 'parallel']);
    },
  },
  {
    name: "the starting agent's guardrails plus RunConfig.inputGuardrails run once, on turn 1 only, with the original input",
    async run(mode) {
      const seen: Array<{ name: string; agent: string; input: unknown; ctx: unknown }> = [];
      const g = (name: string) =>
        inputGuardrail<{ id: number }>((ctx, agent, input) => (seen.push({ name, agent: agent.name, input, ctx: ctx.context }), { tripwireTriggered: false }), { name });
      const t = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => 'done' });
      const target = new Agent<{ id: number }>({
        name: 'Target',
        model: new ScriptedModel([{ output: [textMessage('done')] }]),
        inputGuardrails: [g('target_never')],
      });
      const start = new Agent<{ id: number }>({
        name: 'Start',
        model: new ScriptedModel([{ output: [functionCall('act')] }, { output: [functionCall('transfer_to_target')] }]),
        tools: [t],
        handoffs: [target],
        inputGuardrails: [g('agent_level')],
      });
      const input = [{ role: 'user' as const, content: 'hello' }];
      const { result } = await runIn(mode, start, input, { context: { id: 7 }, runConfig: { inputGuardrails: [g('run_level')] } });
      assert.equal(result.finalOutput, 'done');
      assert.deepEqual(seen.map((s) => s.name).sort(), ['agent_level', 'run_level']);
      for (const s of seen) {
        assert.equal(s.agent, 'Start');
        assert.deepEqual(s.input, input);
        assert.deepEqual(s.ctx, { id: 7 });
      }
      assert.equal(result.inputGuardrailResults.length, 2);
    },
  },
  {
    name: 'results are recorded in completion order',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('ok')] }], { latencyMs: 5 });
      const agent = new Agent({ name: 'A', model, inputGuardrails: [pass('slow', 30), pass('fast', 1), pass('mid', 15)] });
      const { result } = await runIn(mode, agent, 'x');
      assert.deepEqual(result.inputGuardrailResults.map((r) => r.guardrail.name), ['fast', 'mid', 'slow']);
      assert.deepEqual(result.inputGuardrailResults[0]!.output, { outputInfo: { checked: 'fast' }, tripwireTriggered: false });
    },
  },
  {
    name: 'the first tripwire wins: slower siblings are not waited for and their results are not recorded',
    async run(mode) {
      const log: string[] = [];
      const model = new ScriptedModel([{ output: [textMessage('ok')] }], { latencyMs: 1000 });
      const agent = new Agent({ name: 'A', model, inputGuardrails: [pass('quick', 1, log), trip('tripper', { delayMs: 10 }), pass('sluggish', 300, log)] });
      const startedAt = Date.now();
      const { error } = await runFails(mode, agent, 'x');
      assert.ok(Date.now() - startedAt < 250, 'the run failed without waiting for the slow sibling');
      assert.ok(error instanceof InputGuardrailTripwireTriggered);
      assert.equal(error.guardrailResult.guardrail.name, 'tripper');
      assert.deepEqual(error.runData!.inputGuardrailResults.map((r) => r.guardrail.name), ['quick', 'tripper']);
      await sleep(350);
      assert.deepEqual(log, ['guard:quick', 'guard:sluggish']);
      assert.deepEqual(error.runData!.inputGuardrailResults.map((r) => r.guardrail.name), ['quick', 'tripper']);
    },
  },
  {
    name: 'a guardrail returning the wrong shape is a UserError naming it; a throwing one fails the run with its error',
    async run(mode) {
      const model = new ScriptedModel([{ output: [textMessage('ok')] }, { output: [textMessage('ok')] }]);
      const bad = inputGuardrail(() => ({ tripped: true }) as never, { name: 'sloppy', runInParallel: false });
      const first = await runFails(mode, new Agent({ name: 'A', model, inputGuardrails: [bad] }), 'x');
      assert.ok(first.error instanceof UserError);
      assert.match(first.error.message, /Guardrail 'sloppy' must return \{ tripwireTriggered: boolean/);
      const boom = new Error('guard crashed');
      const throwing = inputGuardrail(() => { throw boom; }, { name: 'crash' });
      const second = await runFails(mode, new Agent({ name: 'B', model, inputGuardrails: [throwing] }), 'x');
      assert.equal(second.error, boom);
    },
  },
  {
    name: "aborting the run's signal during a slow blocking guardrail ends the run at once, without a model call",
    async run(mode) {
      let finished = false;
      const model = new ScriptedModel([{ output: [textMessage('never')] }]);
      const slow = inputGuardrail(async () => (await sleep(300), (finished = true), { tripwireTriggered: false }), { name: 'slow', runInParallel: false });
      const controller = new AbortController();
      const reason = new Error('user gave up');
      setTimeout(() => controller.abort(reason), 20);
      const { error } = await runFails(mode, new Agent({ name: 'A', model, inputGuardrails: [slow] }), 'x', { signal: controller.signal });
      assert.equal(error, reason);
      assert.equal(finished, false, 'the run did not wait for the guardrail');
      assert.equal(model.calls.length, 0);
    },
  },
  {
    name: 'guardrail names default to the function name',
    async run(mode) {
      async function profanityCheck() {
        return { tripwireTriggered: false };
      }
      const agent = new Agent({ name: 'A', model: new ScriptedModel([{ output: [textMessage('ok')] }]), inputGuardrails: [inputGuardrail(profanityCheck)] });
      const { result } = await runIn(mode, agent, 'x');
      assert.deepEqual(result.inputGuardrailResults.map((r) => r.guardrail.name), ['profanityCheck']);
      assert.equal(inputGuardrail(profanityCheck).runInParallel, true);
    },
  },
]);
