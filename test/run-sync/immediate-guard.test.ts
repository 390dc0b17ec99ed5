// Runner.runSync's immediate guard (src/run/immediate-guard.ts) exists because of two facts about
// Node. These tests check both on the Node running them, so a Node that changes either fails here:
// then the guard is either unneeded (remove it) or no longer installs (runSync would abort on a
// throwing immediate again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { immediateShape } from '../../src/run/immediate-guard.js';
import { onlyReport, runNode } from './spawn-fixture.js';

const ADDON = fileURLToPath(new URL('../../native/build/Release/agentrun_sync.node', import.meta.url));
const GUARD = fileURLToPath(new URL('../../src/run/immediate-guard.ts', import.meta.url));
const TSX_CJS = createRequire(import.meta.url).resolve('tsx/cjs');

/** Drives the loop with the raw addon, as runSync does, while an immediate throws. */
function driveWithThrowingImmediate(guarded: boolean): string {
  return `
    const addon = require(${JSON.stringify(ADDON)});
    const caught = [];
    if (${guarded}) {
      const guard = require(${JSON.stringify(GUARD)});
      if (!guard.installImmediateGuard()) throw new Error('guard not installed');
      guard.routeImmediateThrows((error) => caught.push(error.message));
    }
    process.setUncaughtExceptionCaptureCallback((error) => caught.push('captured: ' + error.message));
    let done = false;
    setImmediate(() => { throw new Error('thrown by an immediate'); });
    setTimeout(() => { done = true; }, 20);
    while (!done) { addon.drain(process._tickCallback); if (!addon.runOnce()) break; }
    console.log(JSON.stringify({ survived: true, caught }));`;
}

test("Node's Immediate keeps its callback in an own `_onImmediate` property, none on its prototype", () => {
  const shape = immediateShape();
  assert.equal(shape.ownCallback, true);
  assert.equal(shape.prototypeCallback, false);
  assert.equal(Object.isExtensible(shape.prototype), true);
});

test('without the guard, an immediate that throws while the loop is driven from JavaScript aborts Node', async () => {
  const run = await runNode(['-e', driveWithThrowingImmediate(false)], { deadlineMs: 15_000, cwd: process.cwd() });
  assert.equal(run.signal ?? run.code, run.signal ? 'SIGABRT' : 134, `exit ${run.code} / ${run.signal}\n${run.stderr}`);
  assert.match(run.stderr, /ToLocalChecked Empty MaybeLocal/);
  assert.match(run.stderr, /CheckImmediate/);
  assert.doesNotMatch(run.stdout, /survived/);
});

test('with the guard, the throw reaches the drive and the process goes on', async () => {
  const run = await runNode(['--require', TSX_CJS, '-e', driveWithThrowingImmediate(true)], { deadlineMs: 15_000, cwd: process.cwd() });
  assert.deepEqual(onlyReport(run), { survived: true, caught: ['thrown by an immediate'] });
});
