// MCP tool approvals through the normal interruption / RunState path (blocking and streamed), and
// the spans an MCP-using run records.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, Runner, RunState } from '../../src/index.js';
import { functionCall, textMessage } from '../../src/testing/index.js';
import { setTraceProcessors, type MCPListToolsSpanData, type FunctionSpanData } from '../../src/tracing/index.js';
import { RecordingProcessor } from '../tracing/helpers.js';
import { MCPServerStreamableHttp } from '../../src/mcp.js';
import { httpMcp, onCleanup, outputFor, scriptedModel } from './fixtures/run-helpers.js';

async function remoteServer(options: { requireApproval?: 'always' | { always?: string[] }; cacheToolsList?: boolean } = {}) {
  const remote = await httpMcp({ kind: 'streamable' });
  const mcp = new MCPServerStreamableHttp({ url: remote.url, name: 'remote', ...options });
  onCleanup(() => mcp.close());
  await mcp.connect();
  return { remote, mcp };
}

describe('approvals for MCP tools', () => {
  for (const mode of ['blocking', 'streamed'] as const) {
    it(`${mode}: requireApproval stops the run; approve runs the call, reject tells the model`, async () => {
      const { remote, mcp } = await remoteServer({ requireApproval: { always: ['echo'] } });
      const { server, runConfig } = await scriptedModel([
        { output: [functionCall('echo', { text: 'ok to send?' }, 'c_echo'), functionCall('sleep', { ms: 1 }, 'c_sleep')] },
        { output: [textMessage('sent')] },
        { output: [functionCall('echo', { text: 'again' }, 'c_echo2')] },
        { output: [textMessage('not sent')] },
      ]);
      const runner = new Runner(runConfig);
      const agent = new Agent({ name: 'careful', mcpServers: [mcp] });
      const run = async (input: string | RunState<unknown>) => {
        if (mode === 'blocking') return runner.run(agent, input);
        const streamed = runner.runStreamed(agent, input);
        for await (const _ of streamed.streamEvents()) void _;
        await streamed.completed;
        return streamed;
      };
      const first = await run('send it');
      assert.equal(first.interruptions.length, 1);
      assert.equal(first.interruptions[0]!.toolName, 'echo');
      assert.deepEqual(remote.calls, []); // nothing ran while waiting
      const state = first.toState();
      state.approve(first.interruptions[0]!);
      // Through the serialised form too, as a human approving later would.
      const resumed = await run(await RunState.fromString(agent, state.toString()));
      assert.equal(resumed.finalOutput, 'sent');
      assert.deepEqual(remote.calls.sort(), ['echo', 'sleep']);
      assert.equal(outputFor(server.requests[1]!.body, 'c_echo'), 'echo: ok to send?');

      const second = await run('once more');
      const rejectState = second.toState();
      rejectState.reject(second.interruptions[0]!);
      const rejected = await run(rejectState);
      assert.equal(rejected.finalOutput, 'not sent');
      assert.equal(outputFor(server.requests[3]!.body, 'c_echo2'), 'Tool execution was not approved.');
      assert.equal(remote.calls.filter((c) => c === 'echo').length, 1);
    });
  }
});

describe('tracing an MCP run', () => {
  let recorder: RecordingProcessor;
  beforeEach(() => {
    recorder = new RecordingProcessor();
    setTraceProcessors([recorder]);
  });
  afterEach(() => setTraceProcessors([]));

  it('an mcp_tools span per tools/list request (none on a cache hit), a function span per call naming the server', async () => {
    for (const cacheToolsList of [false, true]) {
      recorder.spans.length = 0;
      const { mcp } = await remoteServer({ cacheToolsList });
      const { runConfig } = await scriptedModel([{ output: [functionCall('echo', { text: 'traced' }, 'c1')] }, { output: [textMessage('done')] }]);
      await new Runner(runConfig).run(new Agent({ name: 'traced', mcpServers: [mcp] }), 'go');
      const lists = recorder.spans.filter((s) => s.spanData.type === 'mcp_tools');
      assert.equal(lists.length, cacheToolsList ? 1 : 2);
      const data = lists[0]!.spanData as MCPListToolsSpanData;
      assert.equal(data.server, 'remote');
      assert.deepEqual(data.result?.sort(), ['echo', 'fail', 'sleep']);
      const calls = recorder.spans.filter((s) => s.spanData.type === 'function');
      assert.equal(calls.length, 1);
      const fn = calls[0]!.spanData as FunctionSpanData;
      assert.equal(fn.name, 'echo');
      assert.deepEqual(fn.mcpData, { server: 'remote' });
      assert.equal(fn.output, 'echo: traced');
      assert.ok(lists.every((s) => s.traceId === calls[0]!.traceId));
    }
  });

  it('a failed listing records its error on the mcp_tools span', async () => {
    const remote = await httpMcp({ kind: 'streamable', listDelayMs: 3000 });
    const mcp = new MCPServerStreamableHttp({ url: remote.url, name: 'slowlist', timeoutMs: 1000 });
    onCleanup(() => mcp.close());
    await mcp.connect();
    const { runConfig } = await scriptedModel([{ output: [textMessage('never')] }]);
    await assert.rejects(() => new Runner(runConfig).run(new Agent({ name: 'slow', mcpServers: [mcp] }), 'go'), /'slowlist': listing tools failed: timed out after 1000 ms/);
    const span = recorder.spans.find((s) => s.spanData.type === 'mcp_tools')!;
    assert.match(span.error!.message, /timed out/);
  });
});
