import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Agent, AgentHooks, RunContextWrapper, RunHooks, ToolGuardrailFunctionOutput, tool, toolInputGuardrail, toolOutputGuardrail } from '../../src/index.js';
import type { AgentInputItem, AgentLike, ModelResponse, RunHooksLike, Tool, ToolInputGuardrail, ToolOutputGuardrail } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { eventLabels, runFails, runIn, runScenarios } from '../handoffs/run-modes.js';

type Ctx = { user: string };

/** Run hooks as a subclass, recording every call with its arguments. */
class RecordingRunHooks extends RunHooks<Ctx> {
  readonly log: string[] = [];
  readonly contexts = new Set<RunContextWrapper<Ctx>>();
  override onAgentStart(ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>) {
    this.contexts.add(ctx);
    this.log.push(`run:agent_start:${agent.name}`);
  }
  override onAgentEnd(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, output: unknown) {
    this.log.push(`run:agent_end:${agent.name}:${String(output)}`);
  }
  override onHandoff(_ctx: RunContextWrapper<Ctx>, from: AgentLike<Ctx>, to: AgentLike<Ctx>) {
    this.log.push(`run:handoff:${from.name}->${to.name}`);
  }
  override async onToolStart(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, t: Tool<Ctx>) {
    await sleep(1); // async hooks are awaited before the run goes on
    this.log.push(`run:tool_start:${agent.name}:${t.name}`);
  }
  override onToolEnd(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, t: Tool<Ctx>, result: unknown) {
    this.log.push(`run:tool_end:${agent.name}:${t.name}:${String(result)}`);
  }
  override onLlmStart(ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, systemPrompt: string | undefined, input: AgentInputItem[]) {
    this.log.push(`run:llm_start:${agent.name}:${systemPrompt}:${input.length}:requests=${ctx.usage.requests}`);
  }
  override onLlmEnd(ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, response: ModelResponse) {
    this.log.push(`run:llm_end:${agent.name}:${response.output.map((o) => o.type).join('+')}:requests=${ctx.usage.requests}`);
  }
}

/** Agent hooks as a subclass; the name prefix tells whose hooks fired. */
class RecordingAgentHooks extends AgentHooks<Ctx> {
  constructor(private readonly prefix: string, private readonly log: string[]) {
    super();
  }
  override onStart(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>) { this.log.push(`${this.prefix}:start:${agent.name}`); }
  override onEnd(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, output: unknown) { this.log.push(`${this.prefix}:end:${agent.name}:${String(output)}`); }
  override onHandoff(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>, source: AgentLike<Ctx>) { this.log.push(`${this.prefix}:handoff:to=${agent.name}:from=${source.name}`); }
  override onToolStart(_ctx: RunContextWrapper<Ctx>, _agent: AgentLike<Ctx>, t: Tool<Ctx>) { this.log.push(`${this.prefix}:tool_start:${t.name}`); }
  override onToolEnd(_ctx: RunContextWrapper<Ctx>, _agent: AgentLike<Ctx>, t: Tool<Ctx>, result: unknown) { this.log.push(`${this.prefix}:tool_end:${t.name}:${String(result)}`); }
  override onLlmStart(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>) { this.log.push(`${this.prefix}:llm_start:${agent.name}`); }
  override onLlmEnd(_ctx: RunContextWrapper<Ctx>, agent: AgentLike<Ctx>) { this.log.push(`${this.prefix}:llm_end:${agent.name}`); }
}

const double = tool({ name: 'double', description: 'x2', parameters: z.object({ n: z.number() }), execute: ({ n }) => String(n * 2) });

/** Triage: tool turn, then handoff to Expert, which answers. */
function scenario(options: { triageHooks?: AgentHooks<Ctx> | object; expertHooks?: AgentHooks<Ctx> | object } = {}) {
  const expert = new Agent<Ctx>({ name: 'Expert', instructions: 'expert', model: new ScriptedModel([{ output: [textMessage('42')] }]), hooks: options.expertHooks });
  const triage = new Agent<Ctx>({
    name: 'Triage',
    instructions: 'triage',
    model: new ScriptedModel([{ output: [functionCall('double', { n: 21 })] }, { output: [functionCall('transfer_to_expert')] }]),
    tools: [double],
    handoffs: [expert],
    hooks: options.triageHooks,
  });
  return { triage, expert };
}

runScenarios([
  {
    name: 'the full order: agent start, llm start/end, tool start/end, handoff, next agent, agent end; run hooks before agent hooks',
    async run(mode) {
      const hooks = new RecordingRunHooks();
      const log = hooks.log;
      const { triage } = scenario({ triageHooks: new RecordingAgentHooks('Triage', log), expertHooks: new RecordingAgentHooks('Expert', log) });
      const { result } = await runIn(mode, triage, 'what is 21*2?', { hooks, context: { user: 'ann' } });
      assert.equal(result.finalOutput, '42');
      assert.deepEqual(log, [
        'run:agent_start:Triage', 'Triage:start:Triage',
        'run:llm_start:Triage:triage:1:requests=0', 'Triage:llm_start:Triage',
        'run:llm_end:Triage:function_call:requests=1', 'Triage:llm_end:Triage',
        'run:tool_start:Triage:double', 'Triage:tool_start:double',
        'run:tool_end:Triage:double:42', 'Triage:tool_end:double:42',
        'run:llm_start:Triage:triage:3:requests=1', 'Triage:llm_start:Triage',
        'run:llm_end:Triage:function_call:requests=2', 'Triage:llm_end:Triage',
        'run:handoff:Triage->Expert', 'Triage:handoff:to=Expert:from=Triage',
        'run:agent_start:Expert', 'Expert:start:Expert',
        'run:llm_start:Expert:expert:5:requests=2', 'Expert:llm_start:Expert',
        'run:llm_end:Expert:message:requests=3', 'Expert:llm_end:Expert',
        'run:agent_end:Expert:42', 'Expert:end:Expert:42',
      ]);
      // One context object throughout: the run's.
      assert.deepEqual([...hooks.contexts], [result.contextWrapper]);
    },
  },
  {
    name: 'plain objects with a subset of the methods work, for run and agent hooks',
    async run(mode) {
      const log: string[] = [];
      const hooks: RunHooksLike<Ctx> = { onHandoff: (_c, from, to) => void log.push(`run:${from.name}->${to.name}`) };
      const { triage } = scenario({
        triageHooks: { onHandoff: (_c: unknown, to: AgentLike, from: AgentLike) => void log.push(`agent:${to.name}<-${from.name}`) },
        expertHooks: { onEnd: async (_c: unknown, _a: AgentLike, out: unknown) => void log.push(`expert end ${String(out)}`) },
      });
      await runIn(mode, triage, 'x', { hooks });
      assert.deepEqual(log, ['run:Triage->Expert', 'agent:Expert<-Triage', 'expert end 42']);
    },
  },
  {
    name: 'parallel tool calls each get a start and an end, ends after their own start',
    async run(mode) {
      const log: string[] = [];
      const slow = tool({ name: 'slow', description: 's', parameters: z.object({}), execute: async () => (await sleep(20), 'slow done') });
      const fast = tool({ name: 'fast', description: 'f', parameters: z.object({}), execute: () => 'fast done' });
      const agent = new Agent({ name: 'A', model: new ScriptedModel([{ output: [functionCall('slow'), functionCall('fast')] }, { output: [textMessage('ok')] }]), tools: [slow, fast] });
      await runIn(mode, agent, 'x', {
        hooks: { onToolStart: (_c, _a, t) => void log.push(`start:${t.name}`), onToolEnd: (_c, _a, t, r) => void log.push(`end:${t.name}:${String(r)}`) },
      });
      assert.deepEqual(log, ['start:slow', 'start:fast', 'end:fast:fast done', 'end:slow:slow done']);
    },
  },
]);

runScenarios([
  {
    name: 'tool hooks bracket execution: calls that never run fire none; onToolEnd gets the real result or the failure text',
    async run(mode) {
      const log: string[] = [];
      const make = (name: string, execute: () => unknown, guards: { inputGuardrails?: ToolInputGuardrail[]; outputGuardrails?: ToolOutputGuardrail[] } = {}) =>
        tool({ name, description: name, parameters: z.object({ q: z.string() }), execute, ...guards });
      const blocked = make('blocked', () => 'never', { inputGuardrails: [toolInputGuardrail(() => ToolGuardrailFunctionOutput.rejectContent('blocked by policy'))] });
      const redacted = make('redacted', () => 'the secret', { outputGuardrails: [toolOutputGuardrail(() => ToolGuardrailFunctionOutput.rejectContent('[redacted]'))] });
      const broken = make('broken', () => { throw new Error('disk full'); });
      const picky = make('picky', () => 'never');
      const model = new ScriptedModel([
        { output: [functionCall('blocked', { q: 'a' }, 'c1'), functionCall('redacted', { q: 'b' }, 'c2'), functionCall('broken', { q: 'c' }, 'c3'), functionCall('picky', '{"q": 1', 'c4')] },
        { output: [textMessage('ok')] },
      ]);
      const agent = new Agent({ name: 'A', model, tools: [blocked, redacted, broken, picky] });
      await runIn(mode, agent, 'x', {
        hooks: { onToolStart: (_c, _a, t) => void log.push(`start:${t.name}`), onToolEnd: (_c, _a, t, r) => void log.push(`end:${t.name}:${String(r)}`) },
      });
      assert.deepEqual(log.filter((l) => l.startsWith('start:')), ['start:redacted', 'start:broken']);
      assert.deepEqual(log.filter((l) => l.startsWith('end:')).sort(), [
        'end:broken:An error occurred while running the tool. Please try again. Error: disk full',
        'end:redacted:the secret',
      ]);
      const sent = model.calls[1]!.input.filter((i) => (i as { type?: string }).type === 'function_call_output').map((i) => (i as { output: string }).output);
      assert.equal(sent[0], 'blocked by policy');
      assert.equal(sent[1], '[redacted]');
      assert.match(sent[3]!, /^An error occurred while running the tool\. Please try again\. Error: Invalid JSON for tool 'picky'/);
    },
  },
]);

/** Each hook, when it throws, fails the run with that very error, in both modes. */
const THROWING: Array<{ hook: keyof RunHooksLike<Ctx>; afterHandoff: boolean }> = [
  { hook: 'onAgentStart', afterHandoff: false },
  { hook: 'onLlmStart', afterHandoff: false },
  { hook: 'onLlmEnd', afterHandoff: false },
  { hook: 'onToolStart', afterHandoff: false },
  { hook: 'onToolEnd', afterHandoff: false },
  { hook: 'onHandoff', afterHandoff: false },
  { hook: 'onAgentEnd', afterHandoff: true },
];

runScenarios(THROWING.map(({ hook, afterHandoff }) => ({
  name: `a throwing run hook ${hook} fails the run with its error`,
  async run(mode) {
    const boom = new Error(`${hook} exploded`);
    const { triage, expert } = scenario();
    const hooks: RunHooksLike<Ctx> = { [hook]: async () => { throw boom; } };
    const { error, events } = await runFails(mode, triage, 'x', { hooks });
    assert.equal(error, boom);
    assert.equal((error as { runData?: unknown }).runData, undefined, 'a foreign error is passed through untouched');
    if (mode === 'streamed') assert.equal(eventLabels(events).includes('agent:Expert'), afterHandoff);
    if (afterHandoff) assert.equal((expert.model as ScriptedModel).calls.length, 1);
    else assert.equal((expert.model as ScriptedModel).calls.length, 0);
  },
})));

runScenarios([
  {
    name: "a throwing agent hook (the handing-off agent's onHandoff) fails the run; no switch happened",
    async run(mode) {
      const boom = new TypeError('agent hook bug');
      const { triage, expert } = scenario({ triageHooks: { onHandoff: () => { throw boom; } } });
      const { error } = await runFails(mode, triage, 'x');
      assert.equal(error, boom);
      assert.equal((expert.model as ScriptedModel).calls.length, 0);
    },
  },
]);
