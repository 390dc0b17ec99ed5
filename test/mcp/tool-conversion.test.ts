// MCP tools as agentrun function tools: filters, strict schemas, names used twice, results.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MCPServerStdio } from '../../src/mcp.js';
import { RunContextWrapper, UserError } from '../../src/index.js';
import { mcpFunctionTools, resultText } from '../../src/agent/mcp-tools.js';
import type { MCPServer } from '../../src/agent/mcp-server.js';
import { TEST_STDIO_SERVER } from './fixtures/paths.js';

const opened: MCPServerStdio[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

function server(name: string, options: Partial<ConstructorParameters<typeof MCPServerStdio>[0]> = {}): MCPServerStdio {
  const s = new MCPServerStdio({ command: process.execPath, args: [TEST_STDIO_SERVER], name, ...options });
  opened.push(s);
  return s;
}

const agent = { name: 'tester' };
const runContext = new RunContextWrapper({ user: 'ann' });

function offered(servers: MCPServer[], options: { strict?: boolean; taken?: Map<string, string> } = {}) {
  return mcpFunctionTools({ agent, servers, config: { convertSchemasToStrict: options.strict }, runContext, taken: options.taken ?? new Map() });
}

describe('MCP tools as function tools', () => {
  let plain: MCPServerStdio;
  before(async () => {
    plain = server('plain', { cacheToolsList: true });
    await plain.connect();
  });

  it('keeps names and descriptions; schemas strict only where possible when asked', async () => {
    const loose = await offered([plain]);
    assert.deepEqual(loose.map((t) => t.name).sort(), ['add', 'crash', 'echo', 'fail', 'sleep']);
    assert.ok(loose.every((t) => t.strict === false));
    const strict = await offered([plain], { strict: true });
    const byName = new Map(strict.map((t) => [t.name, t]));
    assert.equal(byName.get('echo')!.strict, true);
    assert.equal(byName.get('echo')!.serialized.parameters.additionalProperties, false);
    // 'why' is optional: strict mode cannot say so, so the schema goes as the server gave it.
    assert.equal(byName.get('fail')!.strict, false);
    assert.deepEqual(byName.get('fail')!.serialized.parameters.required, undefined);
    assert.equal(byName.get('echo')!.description, 'Echo the text back');
  });

  it('applies static allow / block lists and callable filters', async () => {
    const allow = server('allow', { toolFilter: { allowedToolNames: ['echo', 'add', 'sleep'], blockedToolNames: ['sleep'] }, cacheToolsList: true });
    await allow.connect();
    assert.deepEqual((await offered([allow])).map((t) => t.name).sort(), ['add', 'echo']);
    const seen: unknown[] = [];
    const fn = server('fn', {
      toolFilter: async (ctx, t) => {
        seen.push([ctx.agent.name, ctx.serverName, (ctx.runContext.context as { user: string }).user]);
        return t.name.startsWith('e') || t.name === 'fail';
      },
    });
    await fn.connect();
    assert.deepEqual((await offered([fn])).map((t) => t.name).sort(), ['echo', 'fail']);
    assert.deepEqual(seen[0], ['tester', 'fn', 'ann']);
    // listTools() itself is not filtered
    assert.equal((await fn.listTools()).length, 5);
  });

  it('a name used twice is a UserError naming the tool and both owners', async () => {
    const twin = server('twin', { cacheToolsList: true });
    await twin.connect();
    await assert.rejects(() => offered([plain, twin]), (e: unknown) => e instanceof UserError && /tool name 'echo' is used twice, by MCP server 'plain' and by MCP server 'twin'/.test(e.message));
    await assert.rejects(
      () => offered([plain], { taken: new Map([['echo', "function tool 'echo'"]]) }),
      (e: unknown) => e instanceof UserError && /'echo' is used twice, by function tool 'echo' and by MCP server 'plain'/.test(e.message),
    );
  });

  it('maps requireApproval to needsApproval', async () => {
    const some = server('some', { requireApproval: { always: ['crash'], never: ['echo'] }, cacheToolsList: true });
    await some.connect();
    const tools = new Map((await offered([some])).map((t) => [t.name, t.needsApproval]));
    assert.equal(tools.get('crash'), true);
    assert.equal(tools.get('echo'), false);
    assert.equal(tools.get('add'), false);
    const all = server('all', { requireApproval: 'always' });
    await all.connect();
    assert.ok((await offered([all])).every((t) => t.needsApproval === true));
  });

  it('results: text parts joined by newlines, other parts as JSON; isError throws with the server text', async () => {
    const [add] = (await offered([plain])).filter((t) => t.name === 'add');
    const result = await plain.callTool('add', { a: 2, b: 3 });
    const listed = (await plain.listTools()).find((t) => t.name === 'add')!;
    assert.equal(resultText(plain, listed, result), '5\n{"type":"image","data":"aGk=","mimeType":"image/png"}');
    assert.ok(add);
    const failed = await plain.callTool('fail', { why: 'no disk' });
    assert.throws(() => resultText(plain, listed, failed), /MCP tool 'add' on server 'plain' returned an error: failed because no disk/);
  });

  it('structured content when the server opts in and the tool declares an output schema', () => {
    const s = { name: 'x', useStructuredContent: true } as MCPServer;
    const listed = { name: 't', inputSchema: { type: 'object' }, outputSchema: { type: 'object' } };
    const result = { content: [{ type: 'text', text: 'ignored' }], structuredContent: { n: 1 } };
    assert.equal(resultText(s, listed, result), '{"n":1}');
    assert.equal(resultText({ name: 'x' } as MCPServer, listed, result), 'ignored');
  });
});
