// serializeRunBody: the same text as JSON.stringify, with a run's history items serialized once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { Agent, OpenAIProvider, Runner, tool } from '../../src/index.js';
import { serializeRunBody } from '../../src/models/openai/wire-json.js';
import { InputJsonCache } from '../../src/utils/input-json-cache.js';

test('the text equals JSON.stringify of the body, whatever the values', () => {
  const item = { type: 'message', role: 'user', content: 'héllo "quoted" \n ✓ 😀', extra: undefined };
  const bodies: Record<string, unknown>[] = [
    { model: 'm', input: [item, { type: 'function_call_output', call_id: 'c', output: '{"a":1}' }], tools: [{ type: 'function', name: 't', parameters: { type: 'object' } }] },
    { model: 'm', input: [], instructions: undefined, stream: true, 'odd "key"': 1, fn: () => 1, nested: { a: [1, null, undefined] } },
    { input: [null, 3, 'text', { toJSON: () => ({ replaced: true }) }], tools: [], metadata: {} },
    { text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } }, input: 'not an array' },
  ];
  for (const body of bodies) {
    const cache = new InputJsonCache();
    assert.equal(serializeRunBody(body, cache), JSON.stringify(body));
    assert.equal(serializeRunBody(body, cache), JSON.stringify(body), 'and again, from the cache');
  }
});

test('string fields that change between calls are serialized afresh (their JSON is reused only for the same text)', () => {
  const cache = new InputJsonCache();
  const values = ['You are "helpful".', 'You are "helpful".', 'Line one\nline two ✓', 'gpt-4.1', '', 'You are "helpful".'];
  for (const value of values) {
    const body = { model: value, input: [], instructions: `${value}!`, 'odd "key"': value };
    assert.equal(serializeRunBody(body, cache), JSON.stringify(body));
  }
});

test('a growing history array: sent items are serialized once, new ones appended, a replaced slot starts over', () => {
  const first: Record<string, unknown> = { type: 'message', role: 'user', content: 'first' };
  const history: unknown[] = [first];
  const cache = new InputJsonCache();
  assert.equal(serializeRunBody({ input: history }, cache), JSON.stringify({ input: history }));
  first.content = 'changed in place';
  history.push({ type: 'function_call_output', call_id: 'c', output: 'x' });
  // The documented rule: a run never changes an item it has sent, so its first text stands.
  const text = serializeRunBody({ input: history }, cache);
  assert.ok(text.includes('"first"') && !text.includes('changed in place') && text.includes('"call_id":"c"'));
  assert.equal(JSON.parse(text).input.length, 2);
  // A different object in a slot already sent: nothing of the old text is reused.
  history[0] = { type: 'message', role: 'user', content: 'replaced' };
  assert.equal(serializeRunBody({ input: history }, cache), JSON.stringify({ input: history }));
  // A shorter array (not a continuation): serialized from scratch too.
  history.length = 1;
  assert.equal(serializeRunBody({ input: history }, cache), JSON.stringify({ input: history }));
});

/** A Responses server: a tool call until the input holds its output, then text; records request bodies. */
async function recordingServer(): Promise<{ url: string; bodies: Array<{ input: Array<Record<string, unknown>> }>; close(): void }> {
  const bodies: Array<{ input: Array<Record<string, unknown>> }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(text) as { input: Array<Record<string, unknown>> };
      bodies.push(body);
      const answered = body.input.some((i) => i.type === 'function_call_output');
      const output = !answered
        ? [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' }]
        : [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'done', annotations: [] }] }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `resp_${bodies.length}`, object: 'response', status: 'completed', output, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => server.close() };
}

/** An agent with one `lookup` tool and a runner sending to `url`. */
function lookupAgent(url: string): { agent: Agent; runner: Runner } {
  const lookup = tool({ name: 'lookup', description: 'Look up', parameters: z.object({ q: z.string() }), execute: ({ q }) => `found ${q}` });
  return { agent: new Agent({ name: 'a', model: 'm', tools: [lookup] }), runner: new Runner({ modelProvider: new OpenAIProvider({ apiKey: 'k', baseURL: url }), tracingDisabled: true }) };
}

test('a run sends its history as JSON.stringify would; with callModelInputFilter, exactly what the filter returns', async () => {
  const server = await recordingServer();
  try {
    const { agent, runner } = lookupAgent(server.url);
    await runner.run(agent, 'hi');
    assert.deepEqual(server.bodies[1]!.input.map((i) => i.type ?? i.role), ['user', 'function_call', 'function_call_output']);
    assert.equal(server.bodies[1]!.input[2]!.output, 'found x');

    // The filter edits the user's message in place on every call: each call must send the edit.
    let calls = 0;
    await runner.run(agent, 'hi', {
      runConfig: {
        callModelInputFilter: ({ modelData }) => {
          calls++;
          (modelData.input[0] as { content: string }).content = `edited ${calls}`;
          return modelData;
        },
      },
    });
    assert.equal(server.bodies[2]!.input[0]!.content, 'edited 1');
    assert.equal(server.bodies[3]!.input[0]!.content, 'edited 2');
  } finally {
    server.close();
  }
});

test('concurrent runs of one agent each send their own history (the cache is per run)', async () => {
  const server = await recordingServer();
  try {
    const { agent, runner } = lookupAgent(server.url);
    const first = await runner.run(agent, 'first');
    // The second run starts from the first one's items (the same objects) plus a new message.
    const results = await Promise.all([runner.run(agent, [...first.toInputList(), { role: 'user', content: 'again' }]), runner.run(agent, 'other')]);
    assert.deepEqual(results.map((r) => r.finalOutput), ['done', 'done']);
    const byFirstMessage = (content: string) => server.bodies.filter((b) => (b.input[0] as { content?: string }).content === content);
    // 'first': calls of 1 then 3 items; the continued run (its input already holds a tool output): one call of 5; 'other': 1 then 3.
    assert.deepEqual(byFirstMessage('first').map((b) => b.input.length), [1, 3, 5]);
    assert.deepEqual(byFirstMessage('other').map((b) => b.input.length), [1, 3]);
    const continued = byFirstMessage('first').slice(2);
    for (const body of continued) assert.equal((body.input[4] as { content?: string }).content, 'again');
  } finally {
    server.close();
  }
});
