import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { echoResponder, startScriptedServer, type ScriptedServer } from '../../src/testing/index.js';
import { UserError } from '../../src/errors/index.js';

type Payload = Record<string, unknown>;
let server: ScriptedServer;
after(() => server?.close());

async function call(path: string, body: Payload): Promise<Payload> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return (await res.json()) as Payload;
}

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  strict: true,
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      unit: { type: 'string', enum: ['C', 'F'] },
      where: { type: 'object', properties: { lat: { type: ['number', 'null'] } }, required: ['lat'] },
      optional: { type: 'string' },
    },
    required: ['city', 'days', 'unit', 'where'],
  },
};

test('Responses API: N tool calls after the user message, then the echoed text', async () => {
  server = await startScriptedServer({ fallback: echoResponder({ toolCalls: 2 }) });
  const input: Payload[] = [{ role: 'user', content: [{ type: 'input_text', text: 'hello there' }] }];
  for (let turn = 0; turn < 2; turn++) {
    const body = await call('/responses', { model: 'm', input, tools: [weatherTool] });
    const [item] = body.output as Payload[];
    assert.equal(item!.type, 'function_call', `turn ${turn} calls the tool`);
    assert.equal(item!.name, 'get_weather');
    assert.deepEqual(JSON.parse(item!.arguments as string), { city: 'echo', days: 1, unit: 'C', where: { lat: 1 } });
    input.push(item!, { type: 'function_call_output', call_id: item!.call_id, output: 'sunny' });
  }
  const final = await call('/responses', { model: 'm', input, tools: [weatherTool] });
  assert.deepEqual((final.output as Payload[])[0]!.content, [{ type: 'output_text', text: 'echo: hello there' }]);
  // A new user message starts the count again.
  input.push({ role: 'user', content: 'next' });
  assert.equal(((await call('/responses', { input, tools: [weatherTool] })).output as Payload[])[0]!.type, 'function_call');
  // Without tools it answers at once; a string input is one user message.
  const noTools = await call('/responses', { input: 'just text' });
  assert.deepEqual((noTools.output as Payload[])[0]!.content, [{ type: 'output_text', text: 'echo: just text' }]);
});

test('Chat Completions: tool messages count as tool results', async () => {
  const chatTool = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } };
  const messages: Payload[] = [{ role: 'system', content: 'sys' }, { role: 'user', content: 'find it' }];
  // The server from the first test makes 2 tool calls per user message.
  for (let turn = 0; turn < 2; turn++) {
    const reply = await call('/chat/completions', { messages, tools: [chatTool] });
    const message = (reply.choices as Payload[])[0]!.message as Payload;
    const [toolCall] = message.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>;
    assert.equal(toolCall!.function.name, 'lookup');
    assert.equal(toolCall!.function.arguments, '{"q":"echo"}');
    messages.push(message, { role: 'tool', tool_call_id: toolCall!.id, content: 'found' });
  }
  const second = await call('/chat/completions', { messages, tools: [chatTool] });
  assert.equal(((second.choices as Payload[])[0]!.message as Payload).content, 'echo: find it');
});

test('toolCalls: 0 always answers text; bad options are a UserError', async () => {
  const reply = await echoResponder({ toolCalls: 0 })({ input: 'x', tools: [weatherTool] }, { api: 'responses', request: { method: 'POST', path: '/v1/responses', headers: {}, body: {} } });
  assert.ok(!(reply instanceof Error) && 'output' in reply);
  assert.equal(reply.output[0]!.type, 'message');
  assert.throws(() => echoResponder({ toolCalls: -1 }), UserError);
});
