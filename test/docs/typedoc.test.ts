// `npm run docs` builds the API reference with TypeDoc: every entry point, and no warning (a public
// name without TSDoc, a broken {@link}): typedoc.config.mjs treats warnings as errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the TypeDoc API reference builds for every entry point without warnings', async () => {
  const out = mkdtempSync(join(tmpdir(), 'agentrun-typedoc-'));
  try {
    const child = spawn(process.execPath, ['node_modules/typedoc/bin/typedoc', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /warning|error/i, output);

    // One module page per package export ('.' is the agentrun module itself).
    const exported = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> }).exports);
    assert.ok(exported.length >= 5);
    for (const subpath of exported) {
      const module = subpath === '.' ? 'agentrun' : subpath.slice(2);
      assert.ok(existsSync(join(out, 'modules', `${module}.html`)), `${subpath} documented`);
    }
    assert.match(readFileSync(join(out, 'classes', 'agentrun.Runner.html'), 'utf8'), /Run the agent loop to a final output/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
