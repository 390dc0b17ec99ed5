// @dbos-inc/dbos-sdk is an optional peer: without it agentrun/dbos imports, and creating a
// DurableRunner is a UserError naming the package to install (resolve hooks hide the SDK in a child).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

it('without the DBOS SDK, agentrun/dbos imports and a DurableRunner is a UserError saying what to install', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(fixtures, 'no-sdk-main.ts')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), [
    'imported',
    "UserError: agentrun/dbos needs the optional peer dependency '@dbos-inc/dbos-sdk', which is not installed: run `npm install @dbos-inc/dbos-sdk`",
  ]);
});
