// The MCP example runs offline against its local stdio MCP server and prints the note it read.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

it('examples/mcp/mcp-demo.ts answers from the notes server', () => {
  const env = Object.assign({}, process.env);
  delete env.OPENAI_API_KEY;
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples', 'mcp', 'mcp-demo.ts'), 'Who handles escalation?'], { encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\[mcp\] notes: search_notes, read_note/);
  assert.match(run.stdout, /\[tool\] search_notes\(\{"query":"escalation"\}\)/);
  assert.match(run.stdout, /\[tool\] read_note\(\{"title":"escalation"\}\)/);
  assert.match(run.stdout, /assistant> From the team notes: Angry customers with orders over 200 EUR go to the duty manager, Priya\./);
});
