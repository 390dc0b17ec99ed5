// Runner.runSync with a runStore checkpoints like run: a run that fails in a CommonJS process
// (runSync at its top level) is resumed by another process without re-asking the model or
// re-running the saved tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./sync/main.cjs', import.meta.url));
const TSX_CJS = createRequire(import.meta.url).resolve('tsx/cjs');

function phase(args: string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--require', TSX_CJS, MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  assert.ok(line.startsWith('{'), `no report (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line);
}

test('runSync with a SQLite runStore: a failed run resumes in another process from its last save', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-sync-durable-'));
  try {
    const db = join(dir, 'runs.db');
    const effects = join(dir, 'effects.log');
    const failed = phase([db, 'fail', effects]);
    assert.match(String(failed.message), /boom/);
    assert.deepEqual(failed.rows, [['sync-run', 'failed', 1]]);
    const resumed = phase([db, 'resume', effects]);
    assert.equal(resumed.finalOutput, 'all noted');
    assert.equal(resumed.calls, 1, 'only the last turn asked the model');
    assert.deepEqual(resumed.rows, [['sync-run', 'completed', 2]]);
    assert.deepEqual(readFileSync(effects, 'utf8').trim().split('\n'), ['note c1', 'explode c2', 'explode c2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
