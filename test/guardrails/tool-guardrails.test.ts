import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  Agent, ToolGuardrailFunctionOutput, ToolInputGuardrailTripwireTriggered, ToolOutputGuardrailTripwireTriggered,
  tool, toolInputGuardrail, toolOutputGuardrail,
} from '../../src/index.js';
import type { ToolGuardrailData, ToolInputGuardrail, ToolOutputGuardrail } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { runFails, runIn, runScenarios } from '../handoffs/run-modes.js';

interface Rig {
  agent: Agent<{ user: string }>;
  model: ScriptedModel;
  executed: Array<{ to: string; body: string }>;
}

/** An agent with one `send_email` tool; the model calls it once, then answers. */
function rig(guards: { input?: ToolInputGuardrail<{ user: string }>[]; output?: ToolOutputGuardrail<{ user: string }>[] }): Rig {
  const executed: Rig['executed'] = [];
  const sendEmail = tool({
    name: 'send_email',
    description: 'Send an email',
    parameters: z.object({ to: z.string(), body: z.string() }),
    inputGuardrails: guards.input,
    outputGuardrails: guards.output,
    execute: (args) => {
      executed.push(args);
      return { status: 'sent', to: args.to };
    },
  });
  const model = new ScriptedModel([
    { output: [functionCall('send_email', { to: 'bob@example.com', body: 'card 4111 1111' }, 'call_mail')] },
    { output: [textMessage('Done.')] },
  ]);
  const agent = new Agent<{ user: string }>({ name: 'Mailer', model, tools: [sendEmail] });
  return { agent, model, executed };
}

const toolOutputSent = (model: ScriptedModel) => model.calls[1]!.input.find((i) => (i as { type?: string }).type === 'function_call_output') as { output: string };

runScenarios([
  {
    name: 'allow: the tool runs; input guardrails see parsed arguments, output guardrails see the result',
    async run(mode) {
      const seen: Array<{ kind: string; data: ToolGuardrailData<{ user: string }> & { output?: unknown } }> = [];
      const r = rig({
        input: [toolInputGuardrail((data) => (seen.push({ kind: 'in', data }), ToolGuardrailFunctionOutput.allow('fine')), { name: 'in_check' })],
        output: [toolOutputGuardrail(async (data) => (seen.push({ kind: 'out', data }), ToolGuardrailFunctionOutput.allow()), { name: 'out_check' })],
      });
      const { result } = await runIn(mode, r.agent, 'mail bob', { context: { user: 'ann' } });
      assert.equal(result.finalOutput, 'Done.');
      assert.equal(r.executed.length, 1);
      assert.deepEqual(seen.map((s) => s.kind), ['in', 'out']);
      const input = seen[0]!.data;
      assert.equal(input.toolName, 'send_email');
      assert.deepEqual(input.toolArguments, { to: 'bob@example.com', body: 'card 4111 1111' });
      assert.equal(input.toolCall.call_id, 'call_mail');
      assert.equal(input.agent, r.agent);
      assert.deepEqual(input.context.context, { user: 'ann' });
      assert.deepEqual(seen[1]!.data.output, { status: 'sent', to: 'bob@example.com' });
      assert.equal(toolOutputSent(r.model).output, '{"status":"sent","to":"bob@example.com"}');
    },
  },
  {
    name: 'input rejectContent: the tool does not run and the model gets the message; the run goes on',
    async run(mode) {
      const r = rig({ input: [toolInputGuardrail(({ toolArguments }) => (/\d{4} \d{4}/.test((toolArguments as { body: string }).body) ? ToolGuardrailFunctionOutput.rejectContent('Refused: the body contains a card number.') : ToolGuardrailFunctionOutput.allow()))] });
      const { result } = await runIn(mode, r.agent, 'mail bob');
      assert.deepEqual(r.executed, []);
      assert.equal(toolOutputSent(r.model).output, 'Refused: the body contains a card number.');
      const out = result.newItems.find((i) => i.type === 'tool_call_output_item');
      assert.equal(out && 'output' in out ? out.output : undefined, 'Refused: the body contains a card number.');
      assert.equal(result.finalOutput, 'Done.');
    },
  },
  {
    name: 'input raiseException: ToolInputGuardrailTripwireTriggered; the tool never runs',
    async run(mode) {
      const later: string[] = [];
      const r = rig({
        input: [
          toolInputGuardrail(() => ToolGuardrailFunctionOutput.raiseException({ reason: 'pii' }), { name: 'pii_block' }),
          toolInputGuardrail(() => (later.push('second'), ToolGuardrailFunctionOutput.allow()), { name: 'never_reached' }),
        ],
      });
      const { error } = await runFails(mode, r.agent, 'mail bob');
      assert.ok(error instanceof ToolInputGuardrailTripwireTriggered);
      assert.equal(error.message, "Tool input guardrail 'pii_block' triggered tripwire for tool 'send_email'");
      assert.equal(error.guardrailName, 'pii_block');
      assert.deepEqual(error.outputInfo, { reason: 'pii' });
      assert.deepEqual(r.executed, []);
      assert.deepEqual(later, []);
      assert.equal(r.model.calls.length, 1);
      assert.equal(error.runData!.lastAgent, r.agent);
    },
  },
  {
    name: 'output rejectContent: the tool ran, but the model gets the message instead of its result',
    async run(mode) {
      const r = rig({ output: [toolOutputGuardrail(() => ToolGuardrailFunctionOutput.rejectContent('[redacted]'))] });
      const { result } = await runIn(mode, r.agent, 'mail bob');
      assert.equal(r.executed.length, 1);
      assert.equal(toolOutputSent(r.model).output, '[redacted]');
      assert.equal(result.finalOutput, 'Done.');
    },
  },
  {
    name: 'output raiseException: ToolOutputGuardrailTripwireTriggered after the tool ran',
    async run(mode) {
      const r = rig({ output: [toolOutputGuardrail(() => ToolGuardrailFunctionOutput.raiseException('leaky'), { name: 'leak_check' })] });
      const { error } = await runFails(mode, r.agent, 'mail bob');
      assert.ok(error instanceof ToolOutputGuardrailTripwireTriggered);
      assert.equal(error.message, "Tool output guardrail 'leak_check' triggered tripwire for tool 'send_email'");
      assert.equal(error.outputInfo, 'leaky');
      assert.equal(r.executed.length, 1);
      assert.equal(r.model.calls.length, 1);
    },
  },
  {
    name: 'the first rejecting guardrail wins; later ones are not asked',
    async run(mode) {
      const asked: string[] = [];
      const g = (name: string, verdict: () => ToolGuardrailFunctionOutput) => toolInputGuardrail(() => (asked.push(name), verdict()), { name });
      const r = rig({ input: [g('one', () => ToolGuardrailFunctionOutput.allow()), g('two', () => ToolGuardrailFunctionOutput.rejectContent('no (two)')), g('three', () => ToolGuardrailFunctionOutput.raiseException())] });
      await runIn(mode, r.agent, 'mail bob');
      assert.deepEqual(asked, ['one', 'two']);
      assert.equal(toolOutputSent(r.model).output, 'no (two)');
    },
  },
]);
