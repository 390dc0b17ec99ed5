// The RunState codec: every saved version's fixture loads, resumes and round-trips; every
// negative fixture is a UserError naming its problem; toState() is a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as src from '../../src/index.js';
import { Agent, Runner, RunState, UserError } from '../../src/index.js';
import { ScriptedModel } from '../../src/testing/index.js';
import { FIXTURE_SCRIPT, fixtureGraph } from './fixtures/graph.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8').trim();
const VERSIONS = ['state-v1.json', 'state-v2.json'];

function graph() {
  const model = new ScriptedModel([FIXTURE_SCRIPT[2]!] as never);
  return { model, ...fixtureGraph(src, model) };
}

for (const name of VERSIONS) {
  test(`${name}: loads into the graph, shows its pending approval, and resumes to the same end`, async () => {
    const { model, triage } = graph();
    const state = await RunState.fromString(triage, fixture(name));
    assert.equal(state.currentAgent.name, 'refunds');
    assert.equal(state.currentTurn, 2);
    assert.deepEqual(state.context.context, { userId: 'u-42' });
    assert.equal(state.context.usage.requests, 2);
    assert.deepEqual(state.interruptions.map((i) => [i.toolName, i.arguments]), [['refund', '{"amount":500}']]);
    assert.deepEqual(state.generatedItems.map((i) => i.type), ['handoff_call_item', 'handoff_output_item', 'tool_call_item', 'tool_call_item']);
    state.approve(state.interruptions[0]!);
    const result = await Runner.run(triage, state);
    assert.equal(result.finalOutput, 'refunded order 7');
    assert.equal(model.calls.length, 1);
    const outputs = model.calls[0]!.input.filter((i) => (i as { type?: string }).type === 'function_call_output');
    assert.deepEqual(outputs.map((o) => (o as { output: string }).output), ['{"assistant":"refunds"}', '{"order":7,"total":500}', 'refunded 500']);
  });

  test(`${name}: decodes and re-encodes to the current version with the same content`, async () => {
    const { triage } = graph();
    const text = fixture(name);
    const once = (await RunState.fromString(triage, text)).toString();
    const twice = (await RunState.fromString(triage, once)).toString();
    assert.equal(twice, once);
    const decoded = JSON.parse(once);
    assert.equal(decoded.version, 2);
    const original = JSON.parse(text);
    for (const key of ['currentAgent', 'originalInput', 'currentTurn', 'modelResponses', 'context', 'usage', 'approvals']) {
      assert.deepEqual(decoded[key], original[key], key);
    }
    assert.deepEqual(decoded.generatedItems.map((i: { rawItem: unknown }) => i.rawItem), original.generatedItems.map((i: { rawItem: unknown }) => i.rawItem));
    if (name === 'state-v2.json') assert.equal(once, text, 'the current version round-trips byte for byte');
  });
}

const NEGATIVE: Array<[file: string, message: RegExp]> = [
  ['bad-truncated.json', /not valid JSON \(truncated or corrupted\?\)/],
  ['bad-tampered.json', /invalid version 2 state: field 'generatedItems\.1\.rawItem\.call_id'/],
  ['bad-future-version.json', /format version 3, written by a newer agentrun; this one reads versions 1 to 2/],
  ['bad-unknown-agent.json', /agent 'billing' is not in the agent graph of 'triage'/],
  ['bad-approval-not-pending.json', /approval item for call 'c_not_pending' \(refund\) is not a pending tool call/],
];
for (const [file, message] of NEGATIVE) {
  test(`${file} is a UserError naming the problem`, async () => {
    const { triage } = graph();
    await assert.rejects(RunState.fromString(triage, fixture(file)), (error: unknown) => {
      assert.ok(error instanceof UserError, String(error));
      assert.match((error as Error).message, message);
      return true;
    });
  });
}

test('a valid state given a graph without its agents is a UserError', async () => {
  const lone = new Agent({ name: 'triage', model: new ScriptedModel([]) });
  await assert.rejects(RunState.fromString(lone, fixture('state-v2.json')), /agent 'refunds' is not in the agent graph of 'triage' \(known: triage\)/);
});

test('missing version, non-object and non-string inputs are UserErrors', async () => {
  const { triage } = graph();
  const noVersion = JSON.parse(fixture('state-v2.json'));
  delete noVersion.version;
  await assert.rejects(RunState.fromString(triage, JSON.stringify(noVersion)), /missing or invalid 'version'/);
  await assert.rejects(RunState.fromString(triage, '[1,2]'), /a saved state is a JSON object/);
  await assert.rejects(RunState.fromString(triage, 42 as unknown as string), /expected a string, got number/);
  assert.throws(() => RunState.fromJSON(triage, { version: 0 }), UserError);
});

test('approve()/reject() of an item that is not pending is a UserError', async () => {
  const { triage } = graph();
  const state = await RunState.fromString(triage, fixture('state-v2.json'));
  const other = await RunState.fromString(triage, fixture('state-v2.json'));
  const item = other.interruptions[0]!;
  Object.assign(item, { rawItem: { ...item.rawItem, call_id: 'c_elsewhere' } });
  assert.throws(() => state.approve(item), /call 'c_elsewhere' \(refund\) is not a pending interruption/);
  assert.throws(() => state.reject(item), UserError);
});

test('toState() is a snapshot: resuming it leaves the result and the snapshot unchanged', async () => {
  const model = new ScriptedModel(FIXTURE_SCRIPT as never);
  const { triage } = fixtureGraph(src, model);
  const first = await Runner.run(triage, 'refund order 7');
  const snapshot = first.toState();
  const before = snapshot.toString();
  const resumed = first.toState();
  resumed.approve(resumed.interruptions[0]!);
  const done = await Runner.run(triage, resumed);
  assert.equal(done.finalOutput, 'refunded order 7');
  assert.equal(snapshot.toString(), before);
  assert.equal(first.newItems.length, 4);
  assert.equal(first.interruptions.length, 1);
  assert.equal(first.contextWrapper.usage.requests, 2);
  assert.equal(snapshot.approvals.size, 0);
});
