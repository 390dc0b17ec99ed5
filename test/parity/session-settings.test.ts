// Python SDK parity: RunConfig.sessionSettings.limit reads only the session's latest items as
// history. Blocking and streamed, over HTTP through the scripted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, MemorySession, type AgentInputItem } from '../../src/index.js';
import { textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer } from '../run/helpers.js';

const user = (content: string): AgentInputItem => ({ role: 'user', content });
const said = (text: string): AgentInputItem => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

/** The input items of request `index`, as sent (Responses API). */
function sentInput(server: { requests: Array<{ body: Record<string, unknown> }> }, index: number): unknown[] {
  return server.requests[index]!.body.input as unknown[];
}

for (const mode of MODES) {
  test(`[${mode}] sessionSettings.limit: the model sees only the session's latest items, then the new input`, async () => {
    const session = new MemorySession();
    await session.addItems([user('one'), said('1'), user('two'), said('2')]);
    const server = await scriptedServer([{ output: [textMessage('3')] }, { output: [textMessage('4')] }]);
    const agent = new Agent({ name: 'mem', model: 'gpt-test' });
    const { error } = await runIn(mode, agent, 'three', { session, runConfig: { modelProvider: providerFor(server, true), sessionSettings: { limit: 2 } } });
    assert.equal(error, undefined);
    assert.deepEqual(sentInput(server, 0), [user('two'), said('2'), user('three')]);
    // The whole conversation is still stored; a limit only narrows what is read.
    assert.equal((await session.getItems()).length, 6);

    const unlimited = await runIn(mode, agent, 'four', { session, runConfig: { modelProvider: providerFor(server, true), sessionSettings: { limit: null } } });
    assert.equal(unlimited.error, undefined);
    assert.equal(sentInput(server, 1).length, 7);
  });

  test(`[${mode}] sessionSettings.limit: 0 reads no history; a tool output whose call is outside the window is left out`, async () => {
    const session = new MemorySession();
    await session.addItems([
      user('look it up'),
      { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'found' },
      said('It was found.'),
    ]);
    const server = await scriptedServer([{ output: [textMessage('a')] }, { output: [textMessage('b')] }]);
    const agent = new Agent({ name: 'mem', model: 'gpt-test' });
    await runIn(mode, agent, 'next', { session, runConfig: { modelProvider: providerFor(server, true), sessionSettings: { limit: 0 } } });
    assert.deepEqual(sentInput(server, 0), [user('next')]);

    // The latest 4 items start with call_1's output (its call is the 5th latest): it is dropped.
    await runIn(mode, agent, 'again', { session, runConfig: { modelProvider: providerFor(server, true), sessionSettings: { limit: 4 } } });
    const input = sentInput(server, 1) as Array<{ type?: string }>;
    assert.equal(input.some((i) => i.type === 'function_call_output'), false);
    assert.deepEqual(input.slice(-1), [user('again')]);
    assert.equal(input.length, 4); // said('It was found.'), user('next'), said('a'), user('again')
  });
}
