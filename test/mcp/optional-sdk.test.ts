// @modelcontextprotocol/sdk is an optional peer: without it agentrun/mcp imports, and using it is
// a UserError naming the package to install (a resolve hook makes the SDK unresolvable in a child).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

it('without the MCP SDK, connecting and serving are UserErrors saying what to install', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(fixtures, 'no-sdk-register.mjs'), join(fixtures, 'no-sdk-main.ts')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.equal(line, 'UserError: agentrun/mcp needs the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk');
});
