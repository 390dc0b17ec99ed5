// Python SDK parity: onLlmStart (run and agent hooks) and Model.getResponse each receive a list of
// their own, which does not change after the call (the run's history keeps growing elsewhere).
// Blocking and streamed; hooks over HTTP through the scripted server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent, tool, type AgentInputItem, type Model, type ModelRequest, type ModelResponse } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { MODES, providerFor, runIn, scriptedServer } from '../run/helpers.js';

const act = tool({ name: 'act', description: 'a', parameters: z.object({}), execute: () => 'acted' });

for (const mode of MODES) {
  test(`[${mode}] onLlmStart (run and agent hooks) gets its own list each call, unchanged after the call`, async () => {
    const server = await scriptedServer([
      { output: [functionCall('act', {}, 'call_1')] },
      { output: [functionCall('act', {}, 'call_2')] },
      { output: [textMessage('done')] },
    ]);
    const runSeen: Array<{ list: AgentInputItem[]; length: number }> = [];
    const agentSeen: Array<{ list: AgentInputItem[]; length: number }> = [];
    const agent = new Agent({
      name: 'a', model: 'gpt-test', tools: [act],
      hooks: { onLlmStart: (_ctx, _agent, _system, input) => void agentSeen.push({ list: input, length: input.length }) },
    });
    const { result, error } = await runIn(mode, agent, 'go', {
      runConfig: { modelProvider: providerFor(server, true) },
      hooks: {
        onLlmStart: (_ctx, _agent, _system, input) => {
          runSeen.push({ list: input, length: input.length });
          input.push({ role: 'user', content: 'a hook scribbling on its list' });
        },
      },
    });
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'done');
    assert.deepEqual(runSeen.map((s) => s.length), [1, 3, 5]);
    assert.deepEqual(agentSeen.map((s) => s.length), [1, 3, 5]);
    // Each call's list is as it was at the call (plus only the run hook's own scribble).
    assert.deepEqual(runSeen.map((s) => s.list.length), [2, 4, 6]);
    assert.deepEqual(agentSeen.map((s) => s.list.length), [1, 3, 5]);
    assert.equal(new Set([...runSeen, ...agentSeen].map((s) => s.list)).size, 6);
    // What a hook does to its list reaches neither the model nor the run.
    for (const request of server.requests) {
      assert.equal((request.body.input as Array<{ content?: unknown }>).some((i) => i.content === 'a hook scribbling on its list'), false);
    }
    assert.equal(result!.toInputList().length, 6);
  });

  test(`[${mode}] a custom Model gets its own input list per call, unchanged after the call`, async () => {
    const inner = new ScriptedModel([{ output: [functionCall('act', {}, 'call_1')] }, { output: [textMessage('done')] }]);
    const seen: Array<{ list: AgentInputItem[]; length: number }> = [];
    const model: Model = {
      getResponse(request: ModelRequest): Promise<ModelResponse> {
        seen.push({ list: request.input, length: request.input.length });
        return inner.getResponse(request);
      },
      streamResponse(request: ModelRequest) {
        seen.push({ list: request.input, length: request.input.length });
        return inner.streamResponse(request);
      },
    };
    const agent = new Agent({ name: 'a', model, tools: [act] });
    const { result, error } = await runIn(mode, agent, 'go');
    assert.equal(error, undefined);
    assert.equal(result!.finalOutput, 'done');
    assert.deepEqual(seen.map((s) => s.length), [1, 3]);
    assert.deepEqual(seen.map((s) => s.list.length), [1, 3]);
    assert.notEqual(seen[0]!.list, seen[1]!.list);
  });
}
