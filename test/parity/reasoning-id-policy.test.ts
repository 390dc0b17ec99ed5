// Python SDK parity: RunConfig.reasoningItemIdPolicy 'omit' strips the id of reasoning items the
// run sends back to the model (later turns, session history) and of result.toInputList(); the
// run's own items keep theirs. 'preserve' (the default) sends them as they came. Blocking and
// streamed, over HTTP through the scripted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, MemorySession, UserError, tool, type RunConfig } from '../../src/index.js';
import { functionCall, reasoning, textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer } from '../run/helpers.js';

const lookup = tool({ name: 'lookup', description: 'l', parameters: z.object({}), execute: () => 'found' });

type Sent = { type?: string; id?: string };
const reasoningSent = (server: { requests: Array<{ body: Record<string, unknown> }> }, index: number): Sent[] =>
  (server.requests[index]!.body.input as Sent[]).filter((i) => i.type === 'reasoning');

for (const mode of MODES) {
  test(`[${mode}] reasoningItemIdPolicy 'omit': the next turn, the session and toInputList get reasoning items without ids`, async () => {
    const server = await scriptedServer([
      { output: [reasoning('I should look it up.'), functionCall('lookup', {}, 'call_r')] },
      { output: [textMessage('found it')] },
      { output: [textMessage('again')] },
    ]);
    const session = new MemorySession();
    const agent = new Agent({ name: 'r', model: 'gpt-test', tools: [lookup] });
    const runConfig: RunConfig = { modelProvider: providerFor(server, true), reasoningItemIdPolicy: 'omit' };
    const { result, error } = await runIn(mode, agent, 'look', { session, runConfig });
    assert.equal(error, undefined);
    const own = result!.newItems[0]!.rawItem as Sent;
    assert.equal(own.type, 'reasoning');
    assert.match(String(own.id), /^rs_/); // the run's item keeps the id the model gave it

    const sent = reasoningSent(server, 1);
    assert.equal(sent.length, 1);
    assert.equal('id' in sent[0]!, false);
    assert.equal(result!.toInputList().filter((i) => i.type === 'reasoning').some((i) => 'id' in i), false);
    const stored = (await session.getItems()).filter((i) => i.type === 'reasoning');
    assert.equal(stored.length, 1);
    assert.equal('id' in stored[0]!, false);

    // History stored with ids (before the policy was set) is stripped on read too.
    const older = new MemorySession();
    await older.addItems([{ role: 'user', content: 'look' }, { type: 'reasoning', id: 'rs_old', summary: [] }, textMessage('ok')]);
    await runIn(mode, agent, 'next', { session: older, runConfig });
    assert.deepEqual(reasoningSent(server, 2), [{ type: 'reasoning', summary: [] }]);
  });

  test(`[${mode}] reasoningItemIdPolicy 'preserve' (and the default) sends reasoning ids back as they came`, async () => {
    for (const reasoningItemIdPolicy of [undefined, 'preserve'] as const) {
      const server = await scriptedServer([{ output: [reasoning('thinking'), functionCall('lookup', {}, 'call_r')] }, { output: [textMessage('ok')] }]);
      const agent = new Agent({ name: 'r', model: 'gpt-test', tools: [lookup] });
      const { result } = await runIn(mode, agent, 'look', { runConfig: { modelProvider: providerFor(server, true), reasoningItemIdPolicy } });
      const own = result!.newItems[0]!.rawItem as Sent;
      assert.deepEqual(reasoningSent(server, 1).map((i) => i.id), [own.id]);
      assert.deepEqual(result!.toInputList().filter((i) => i.type === 'reasoning').map((i) => (i as Sent).id), [own.id]);
    }
  });
}

test("reasoningItemIdPolicy must be 'preserve' or 'omit'", async () => {
  const server = await scriptedServer([]);
  const agent = new Agent({ name: 'r', model: 'gpt-test' });
  const { error } = await runIn('blocking', agent, 'x', { runConfig: { modelProvider: providerFor(server, true), reasoningItemIdPolicy: 'drop' as never } });
  assert.ok(error instanceof UserError);
  assert.match(error.message, /reasoningItemIdPolicy must be 'preserve' or 'omit'/);
});
