// hostedMcpTool: the Responses API's hosted `mcp` tool, passed through. Driven through the real
// OpenAI model against the scripted HTTP server: the tool on the wire, the API's mcp items kept in
// the history, approval requests as interruptions answered with mcp_approval_response on resume.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Agent, OpenAIProvider, Runner, RunState, UserError, hostedMcpTool, type AgentOutputItem, type RunResult,
} from '../../src/index.js';
import { startScriptedServer, textMessage, type ScriptedServer, type ScriptedServerEntry } from '../../src/testing/index.js';

const servers: ScriptedServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(script: ScriptedServerEntry[]): Promise<{ server: ScriptedServer; provider: OpenAIProvider }> {
  const server = await startScriptedServer({ script });
  servers.push(server);
  return { server, provider: new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses: true }) };
}

const docsTool = () => hostedMcpTool({
  serverLabel: 'docs',
  serverUrl: 'https://mcp.example.test/sse',
  requireApproval: { never: ['search'] },
  headers: { Authorization: 'Bearer token-for-docs' },
});
const agent = () => new Agent({ name: 'assistant', model: 'gpt-test', tools: [docsTool()] });

const listTools: AgentOutputItem = {
  type: 'mcp_list_tools', id: 'mcpl_1', server_label: 'docs',
  tools: [{ name: 'search', input_schema: { type: 'object' } }, { name: 'delete_page', input_schema: { type: 'object' } }],
};
const call: AgentOutputItem = {
  type: 'mcp_call', id: 'mcp_1', server_label: 'docs', name: 'search', arguments: '{"q":"agents"}', output: 'found 3 pages', error: null,
};
const approvalRequest: AgentOutputItem = {
  type: 'mcp_approval_request', id: 'mcpr_1', server_label: 'docs', name: 'delete_page', arguments: '{"page":"old"}',
};

function inputTypes(server: ScriptedServer, k: number): unknown[] {
  return (server.requests[k]!.body.input as Array<{ type?: string; role?: string }>).map((i) => i.type ?? i.role);
}

test('the hosted tool is sent as a Responses mcp tool; mcp_list_tools / mcp_call are kept in the history', async () => {
  const { server, provider } = await serve([
    { output: [listTools, call] },
    { output: [textMessage('Three pages about agents.')] },
  ]);
  // The first reply has no message: the run ends with '' (nothing ran locally); the second reply
  // answers a follow-up run that sends the history back.
  const result = await Runner.run(agent(), 'find agents', { runConfig: { modelProvider: provider } });
  assert.deepEqual(server.requests[0]!.body.tools, [{
    type: 'mcp', server_label: 'docs', server_url: 'https://mcp.example.test/sse',
    require_approval: { never: { tool_names: ['search'] } }, headers: { Authorization: 'Bearer token-for-docs' },
  }]);
  const kept = result.newItems.filter((i) => i.type === 'hosted_mcp_item').map((i) => i.rawItem);
  assert.deepEqual(kept.map((i) => i.type), ['mcp_list_tools', 'mcp_call']);
  assert.equal((kept[1] as { output: string }).output, 'found 3 pages');
  assert.equal(server.requests.length, 1);
  assert.equal(result.finalOutput, '');
  // The next run continues from the history: the mcp items go back to the model unchanged.
  const next = await Runner.run(agent(), [...result.toInputList(), { role: 'user', content: 'and?' }], { runConfig: { modelProvider: provider } });
  assert.equal(next.finalOutput, 'Three pages about agents.');
  assert.deepEqual(inputTypes(server, 1), ['user', 'mcp_list_tools', 'mcp_call', 'user']);
  const sentCall = (server.requests[1]!.body.input as Array<Record<string, unknown>>)[2]!;
  assert.equal(sentCall.id, 'mcp_1');
  assert.equal(sentCall.output, 'found 3 pages');
});

async function interrupted(streamed: boolean, provider: OpenAIProvider): Promise<RunResult<unknown, Agent<unknown, string>>> {
  if (!streamed) return Runner.run(agent(), 'clean up', { runConfig: { modelProvider: provider } }) as never;
  const stream = Runner.runStreamed(agent(), 'clean up', { runConfig: { modelProvider: provider } });
  const names: string[] = [];
  for await (const event of stream.streamEvents()) if (event.type === 'run_item_stream_event') names.push(event.name);
  await stream.completed;
  assert.deepEqual(names, ['hosted_mcp_item_created', 'hosted_mcp_item_created', 'tool_approval_requested']);
  return stream as never;
}

for (const streamed of [false, true]) {
  for (const approve of [true, false]) {
    const mode = streamed ? 'streamed' : 'blocking';
    test(`${mode}: an mcp_approval_request interrupts the run; ${approve ? 'approve' : 'reject'} sends mcp_approval_response approve ${approve}`, async () => {
      const { server, provider } = await serve([
        { output: [listTools, approvalRequest] },
        { output: [{ ...call, id: 'mcp_2', name: 'delete_page', arguments: '{"page":"old"}', output: 'deleted' } as AgentOutputItem, textMessage('Done.')] },
      ]);
      const first = await interrupted(streamed, provider);
      assert.equal(first.finalOutput, undefined);
      assert.equal(first.interruptions.length, 1);
      const item = first.interruptions[0]!;
      assert.equal(item.type, 'tool_approval_item');
      assert.equal(item.toolName, 'delete_page');
      assert.equal(item.arguments, '{"page":"old"}');
      assert.equal(item.callId, 'mcpr_1');
      assert.equal(server.requests.length, 1);

      // The state survives text, and the restored interruption is the one to decide on.
      const state = await RunState.fromString(agent(), first.toState().toString());
      const restored = state.interruptions[0]!;
      assert.equal(restored.callId, 'mcpr_1');
      if (approve) state.approve(restored);
      else state.reject(restored);
      let resumed;
      if (streamed) {
        resumed = Runner.runStreamed(agent(), state, { runConfig: { modelProvider: provider } });
        for await (const _ of resumed.streamEvents());
        await resumed.completed;
      } else {
        resumed = await Runner.run(agent(), state, { runConfig: { modelProvider: provider } });
      }
      assert.equal(resumed.finalOutput, 'Done.');
      assert.equal(server.requests.length, 2);
      const input = server.requests[1]!.body.input as Array<Record<string, unknown>>;
      assert.deepEqual(input.map((i) => i.type ?? i.role), ['user', 'mcp_list_tools', 'mcp_approval_request', 'mcp_approval_response']);
      assert.deepEqual(input[3], { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve });
      assert.deepEqual(
        resumed.newItems.filter((i) => i.type === 'hosted_mcp_item').map((i) => i.rawItem.type),
        ['mcp_list_tools', 'mcp_approval_request', 'mcp_approval_response', 'mcp_call'],
      );
    });
  }
}

test('an approval decision for a hosted MCP request is checked against the state like a function call', async () => {
  const { provider } = await serve([{ output: [approvalRequest] }]);
  const first = await Runner.run(agent(), 'clean up', { runConfig: { modelProvider: provider } });
  const data = JSON.parse(first.toState().toString()) as { nextStep: { interruptions: Array<{ rawItem: { id: string } }> } };
  assert.equal(data.nextStep.interruptions[0]!.rawItem.id, 'mcpr_1');
  data.nextStep.interruptions[0]!.rawItem.id = 'mcpr_other';
  const tampered = JSON.stringify(data);
  await assert.rejects(RunState.fromString(agent(), tampered), (e: unknown) => e instanceof UserError && /not a pending tool call/.test((e as Error).message));
});

test('an mcp item for a server the agent does not have is a ModelBehaviorError', async () => {
  const { provider } = await serve([{ output: [{ ...call, server_label: 'elsewhere' } as AgentOutputItem] }]);
  await assert.rejects(
    Runner.run(agent(), 'hi', { runConfig: { modelProvider: provider } }),
    (e: unknown) => e instanceof Error && e.name === 'ModelBehaviorError' && /'elsewhere'/.test(e.message),
  );
});

test('the Chat Completions model refuses a hosted MCP tool with a UserError naming it', async () => {
  const { server } = await serve([{ output: [textMessage('unused')] }]);
  const provider = new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses: false });
  await assert.rejects(
    Runner.run(agent(), 'hi', { runConfig: { modelProvider: provider } }),
    (e: unknown) => e instanceof UserError && /hosted MCP tool 'docs'/.test(e.message) && /Responses/.test(e.message),
  );
  assert.equal(server.requests.length, 0);
});

test('hostedMcpTool checks its options; two tools with one label are a UserError', () => {
  assert.throws(() => hostedMcpTool({ serverLabel: '', serverUrl: 'https://x.test' }), UserError);
  assert.throws(() => hostedMcpTool({ serverLabel: 'a', serverUrl: '' }), /serverUrl/);
  assert.throws(() => hostedMcpTool({ serverLabel: 'a', serverUrl: 'https://x.test', requireApproval: 'sometimes' as never }), /requireApproval/);
  assert.throws(() => new Agent({ name: 'a', tools: [docsTool(), docsTool()] }), /two hosted MCP tools labelled 'docs'/);
  assert.deepEqual(hostedMcpTool({ serverLabel: 'a', serverUrl: 'https://x.test' }).serialized, { type: 'mcp', server_label: 'a', server_url: 'https://x.test' });
});

test('an AI SDK model refuses a hosted MCP tool and hosted MCP items with a UserError', async () => {
  const { toCallOptions } = await import('../../src/ai-sdk/call-options.js');
  const request = { input: [{ role: 'user' as const, content: 'hi' }], modelSettings: {}, tools: [docsTool().serialized] };
  assert.throws(() => toCallOptions(request), (e: unknown) => e instanceof UserError && /hosted MCP tool 'docs'/.test(e.message));
  assert.throws(() => toCallOptions({ ...request, tools: [], input: [listTools] }), (e: unknown) => e instanceof UserError && /mcp_list_tools/.test(e.message));
});
