import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyReport, runFixture, runNode } from './spawn-fixture.js';

const cases = (caseName: string) => runFixture({ fixture: 'driver-cases.cts', caseName });

interface Refusal {
  name: string;
  userError: boolean;
  message: string;
}

function assertRefusal(report: unknown, pattern: RegExp): void {
  const refusal = report as Refusal;
  assert.equal(refusal.name, 'UserError');
  assert.equal(refusal.userError, true);
  assert.match(refusal.message, pattern);
  assert.match(refusal.message, /await Runner\.run\(/);
}

test('a chain of real timers, immediates, ticks, file and HTTP I/O settles synchronously, in order', async () => {
  const report = onlyReport(await cases('order')) as { value: unknown; order: string[] };
  assert.deepEqual(report.value, { answer: 42 });
  assert.deepEqual(report.order, [
    'sync:before',
    'start',
    'timer',
    'immediate',
    'nextTick',
    'file',
    'http:pong',
    'sync:after',
  ]);
});

test('a rejection is thrown synchronously as the original error object, and is not reported as unhandled', async () => {
  const run = await cases('rejection');
  assert.deepEqual(onlyReport(run), { threw: true, same: true, instance: true, detail: { code: 42 }, unhandledListeners: 0 });
  assert.doesNotMatch(run.stderr, /Unhandled|tool exploded/);
});

test('an error thrown synchronously by start() propagates as is and leaves the driver usable', async () => {
  assert.deepEqual(onlyReport(await cases('syncThrow')), { same: true, after: 'ok' });
});

test('after an await, in a .then() callback and at an ES module top level it refuses with a UserError', async () => {
  const afterAwait = onlyReport(await cases('afterAwait')) as { reports: unknown[] };
  assertRefusal(afterAwait.reports[0], /inside a promise job/);
  assertRefusal(onlyReport(await cases('inThen')), /inside a promise job/);

  const esm = await runFixture({ fixture: 'esm-top-level.mts', entry: 'esm' });
  assert.equal(esm.code, 0, esm.stderr);
  const [refusal, awaited] = esm.reports as [{ userError: boolean; message: string }, unknown];
  assert.equal(refusal.userError, true);
  assert.match(refusal.message, /top level of an ES module/);
  assert.deepEqual(awaited, { awaited: 'top-level await works' });
});

test('nested use, from inside the driven work or synchronously from start(), refuses with a UserError', async () => {
  const nested = onlyReport(await cases('nested')) as { outer: string; inner: unknown };
  assert.equal(nested.outer, 'outer-done');
  assertRefusal(nested.inner, /while another Runner\.runSync is running/);
  const fromStart = onlyReport(await cases('nestedSyncStart')) as { inner: unknown };
  assertRefusal(fromStart.inner, /while another Runner\.runSync is running/);
});

test('timer, immediate, nextTick, I/O callbacks and worker scripts are refused (the loop is not re-entrant)', async () => {
  const inTimer = onlyReport(await cases('inTimer')) as { reports: unknown[] };
  assert.equal(inTimer.reports.length, 3);
  for (const report of inTimer.reports) assertRefusal(report, /inside an event-loop callback/);
  assertRefusal(onlyReport(await cases('inIoCallback')), /inside an event-loop callback/);
  const worker = onlyReport(await cases('inWorker')) as { message: string };
  assert.match(worker.message, /^UserError: .*inside an event-loop callback/);
});

test('stray exceptions and unhandled rejections during the drive are thrown as the original error, aborting the run', async () => {
  const run = await cases('strayErrors');
  const report = onlyReport(run) as Record<string, unknown>;
  for (const kind of ['timer', 'immediate', 'nextTick', 'unhandledRejection', 'queueMicrotask', 'ioCallback']) {
    assert.deepEqual(report[kind], { same: true, aborted: true, reason: true }, kind);
  }
  assert.equal(report.after, 'ok');
  assert.equal(run.stderr, '');
});

test("an application's own uncaught-exception capture callback keeps receiving stray errors", async () => {
  assert.deepEqual(onlyReport(await cases('userCaptureCallback')), { value: 'completed', seen: ['to the app'] });
});

test('with the domain module loaded (no capture callback allowed) stray errors still surface', async () => {
  assert.deepEqual(onlyReport(await cases('withDomain')), { value: 'ok', same: true, listenersLeft: 0 });
});

test('a promise that nothing can settle is a UserError instead of a hang, and the run is aborted', async () => {
  const report = onlyReport(await cases('neverSettles')) as { report: Refusal; aborted: boolean };
  assert.equal(report.report.userError, true);
  assert.match(report.report.message, /can never finish/);
  assert.equal(report.aborted, true);
});

test('no handle is left behind: the process exits on its own right after the call', async () => {
  const run = await runFixture({ fixture: 'driver-cases.cts', caseName: 'leavesNoHandles', deadlineMs: 5000 });
  const report = onlyReport(run) as { value: string; at: number };
  assert.equal(report.value, 'done');
  assert.ok(run.exitedAt - report.at < 2000, `exited ${run.exitedAt - report.at} ms after the call`);
});

test('outside drives, immediates keep their usual behaviour (arguments, clearImmediate, fatal throw)', async () => {
  const run = await cases('immediatesOutsideDrives');
  assert.deepEqual(run.reports, [{ seen: [1, 'two'] }]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Error: thrown after the drive/);
  assert.doesNotMatch(run.stderr, /FATAL/);
});

test('repeated calls stay correct (200 sequential drives)', async () => {
  assert.deepEqual(onlyReport(await cases('many')), { total: 19900 });
});

test('`node -e` code also runs before the event loop, so it may drive', async () => {
  const driver = fileURLToPath(new URL('../../src/run/run-sync-driver.ts', import.meta.url));
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs');
  const code = `const { runPromiseSync } = require(${JSON.stringify(driver)});
    console.log(JSON.stringify(runPromiseSync(() => new Promise((r) => setTimeout(() => r({ evaluated: true }), 5)))));`;
  const run = await runNode(['--require', tsxCjs, '-e', code], { deadlineMs: 15_000, cwd: process.cwd() });
  assert.deepEqual(onlyReport(run), { evaluated: true });
});

test('without the native addon it throws a UserError that says how to build it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'agentrun-noaddon-'));
  try {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    mkdirSync(join(root, 'src', 'run'), { recursive: true });
    mkdirSync(join(root, 'src', 'errors'), { recursive: true });
    for (const file of ['run-sync-driver.ts', 'immediate-guard.ts']) cpSync(join(src, 'run', file), join(root, 'src', 'run', file));
    cpSync(join(src, 'errors'), join(root, 'src', 'errors'), { recursive: true });
    writeFileSync(
      join(root, 'main.cjs'),
      `const { runPromiseSync } = require('./src/run/run-sync-driver.ts');
       try { runPromiseSync(async () => 1); console.log('null'); }
       catch (e) { console.log(JSON.stringify({ name: e.constructor.name, message: e.message })); }`,
    );
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs');
    const run = await runNode(['--require', tsxCjs, join(root, 'main.cjs')], { deadlineMs: 15_000, cwd: root });
    const report = onlyReport(run) as { name: string; message: string };
    assert.equal(report.name, 'UserError');
    assert.match(report.message, /native addon/);
    assert.match(report.message, /npm rebuild agentrun/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
