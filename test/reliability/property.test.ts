// A property test (fast-check) over random model outputs, against the scripted server and the
// real OpenAI models: random mixes of messages, tool calls with valid, random or malformed
// arguments, unknown tools, handoffs, unicode and large strings. For every script, in both modes
// and both APIs: every function call gets exactly one output, after it; the items keep the
// models' order; maxTurns holds; blocking and streamed give the same items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { Agent, MaxTurnsExceeded, OpenAIProvider, Runner, handoff, tool, type AgentOutputItem, type RunItem } from '../../src/index.js';
import { functionCall, textMessage, type ScriptedReply } from '../../src/testing/index.js';
import { APIS, SECRET_KEY, scriptedServer, within } from './helpers.js';

const MAX_TURNS = 4;
const FINAL: ScriptedReply = { output: [{ ...textMessage('final'), id: 'msg_final', status: 'completed' }] };
const BIG = 'λ🙂x'.repeat(6000);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(BIG) },
);
const args = fc.oneof(
  fc.record({ text }).map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 30 }), // random, mostly invalid JSON
  fc.constant('{"text": '), // malformed
  fc.jsonValue().map((value) => JSON.stringify(value)),
);
type Step = { kind: 'message'; text: string } | { kind: 'call'; name: string; args: string } | { kind: 'handoff' };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: text.map((t) => ({ kind: 'message' as const, text: t })) },
  { weight: 3, arbitrary: args.map((a) => ({ kind: 'call' as const, name: 'echo', args: a })) },
  { weight: 1, arbitrary: args.map((a) => ({ kind: 'call' as const, name: 'no_such_tool', args: a })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'handoff' as const }) },
);
/** Up to MAX_TURNS + 1 model replies, so some runs hit maxTurns. */
const script = fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: MAX_TURNS + 1 });

/** Replies with fixed ids, so both modes see identical items. */
function toReplies(turns: Step[][]): ScriptedReply[] {
  return turns.map((steps, t) => ({
    responseId: `resp_${t}`,
    output: steps.map((s, i): AgentOutputItem => {
      const id = `${t}_${i}`;
      if (s.kind === 'message') return { ...textMessage(s.text), id: `msg_${id}`, status: 'completed' };
      if (s.kind === 'handoff') return { ...functionCall('transfer_to_helper', '{}', `call_${id}`), id: `fc_${id}`, status: 'completed' };
      return { ...functionCall(s.name, s.args, `call_${id}`), id: `fc_${id}`, status: 'completed' };
    }),
  }));
}

const echo = tool({ name: 'echo', description: 'Echo the text', parameters: z.object({ text: z.string() }), execute: ({ text: t }) => t.slice(0, 10) });

/** What the items say, without ids the Chat Completions conversion generates. */
function project(items: RunItem[]): unknown[] {
  return items.map((item) => {
    const raw = item.rawItem as unknown as Record<string, unknown>;
    return { type: item.type, name: raw.name, callId: raw.call_id, args: raw.arguments, output: raw.output, content: raw.content };
  });
}

function checkInvariants(items: RunItem[], responses: AgentOutputItem[][], withMessages: boolean): void {
  const raws = items.map((item) => item.rawItem as unknown as Record<string, unknown>);
  // Every function call has exactly one output, after it; no output without its call.
  raws.forEach((raw, at) => {
    if (raw.type !== 'function_call') return;
    const outputs = raws.map((r, i) => ({ r, i })).filter(({ r }) => r.type === 'function_call_output' && r.call_id === raw.call_id);
    assert.equal(outputs.length, 1, `call ${String(raw.call_id)} (${String(raw.name)}) has one output`);
    assert.ok(outputs[0]!.i > at, 'the output comes after its call');
  });
  for (const raw of raws) {
    if (raw.type === 'function_call_output') assert.equal(raws.filter((r) => r.type === 'function_call' && r.call_id === raw.call_id).length, 1, 'each output has its call');
  }
  // The model's items appear in the order the model gave them (Chat Completions carries one
  // message before the calls, so there only the calls' order is the model's).
  const keep = (type: unknown): boolean => type === 'function_call' || (withMessages && type === 'message');
  const modelItems = raws.filter((r) => keep(r.type)).map((r) => String(r.call_id ?? r.id));
  const given = responses.flat().filter((r) => keep(r.type)).map((r) => String((r as { call_id?: string }).call_id ?? (r as { id?: string }).id));
  assert.deepEqual(modelItems, given.slice(0, modelItems.length), 'item order is the models\' order');
}

for (const { api, useResponses } of APIS) {
  test(`${api}: random model outputs keep the run's invariants, blocking and streamed alike`, async () => {
    await fc.assert(
      fc.asyncProperty(script, async (turns) => {
        const outcomes: Array<{ items: unknown[]; error: string | undefined; requests: number }> = [];
        for (const mode of ['blocking', 'streamed'] as const) {
          // Once the script is used up, the model answers with text (the run ends unless maxTurns does).
          const server = await scriptedServer(toReplies(turns), { fallback: FINAL });
          const provider = new OpenAIProvider({ apiKey: SECRET_KEY, baseURL: server.url, useResponses });
          const helper = new Agent({ name: 'helper', model: provider.getModel('gpt-test'), tools: [echo] });
          const agent = new Agent({ name: 'main', model: provider.getModel('gpt-test'), tools: [echo], handoffs: [handoff(helper)] });
          const options = { maxTurns: MAX_TURNS, runConfig: { toolNotFoundBehavior: 'return_error_to_model' as const } };
          let items: RunItem[] = [];
          let error: unknown;
          try {
            if (mode === 'blocking') {
              items = (await within(Runner.run(agent, 'go', options), 10_000, 'blocking run')).newItems;
            } else {
              const streamed = Runner.runStreamed(agent, 'go', options);
              for await (const _ of streamed.streamEvents()) void _;
              await within(streamed.completed, 10_000, 'streamed run');
              items = streamed.newItems;
            }
          } catch (caught) {
            error = caught;
            items = (caught as MaxTurnsExceeded).runData?.newItems ?? [];
          }
          await server.close();
          if (error !== undefined) assert.ok(error instanceof MaxTurnsExceeded, `only maxTurns may stop these runs, got ${String(error)}`);
          assert.ok(server.requests.length <= MAX_TURNS, 'maxTurns holds');
          if (error instanceof MaxTurnsExceeded) assert.equal(server.requests.length, MAX_TURNS);
          const replies = [...toReplies(turns), ...Array.from({ length: MAX_TURNS }, () => FINAL)];
          const responses = replies.slice(0, server.requests.length).map((r) => r.output);
          checkInvariants(items, responses, useResponses);
          outcomes.push({ items: project(items), error: error === undefined ? undefined : (error as Error).name, requests: server.requests.length });
        }
        assert.deepEqual(outcomes[1], outcomes[0], 'the same script gives the same items blocking and streamed');
      }),
      { numRuns: 25, seed: Number(process.env.AGENTRUN_FC_SEED ?? 17) },
    );
  });
}
