// RunStore behaviour, the same on every shipped store: create, list, load, delete, and leases
// (a live one refuses a resume; a stale one, or one of a dead process on this host, is taken over).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RunLeaseLostError, UserError, type LeaseHolder, type RunCheckpoint } from '../../src/index.js';
import { STORE_KINDS } from './stores.js';

const STATE = readFileSync(fileURLToPath(new URL('./fixtures/state-v2.json', import.meta.url)), 'utf8').trim();
const holder = (owner: string, pid = process.pid): LeaseHolder => ({ owner, pid, hostname: hostname() });
const checkpoint = (over: Partial<RunCheckpoint> = {}): RunCheckpoint => ({
  status: 'running', agentName: 'refunds', turn: 2, state: { text: STATE }, steps: { text: '[]' }, release: false, ...over,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

for (const kind of STORE_KINDS) {
  test(`${kind.name}: create, list by status, load (interruptions readable), delete`, async () => {
    const { store, cleanup } = kind.make();
    try {
      const stored = await store.acquire('run-a', holder('o1'), { kind: 'create', checkpoint: checkpoint() });
      assert.equal(stored.runId, 'run-a');
      assert.equal(stored.status, 'running');
      await store.acquire('run-b', holder('o2'), { kind: 'create', checkpoint: checkpoint({ status: 'interrupted', release: true }) });
      await store.save('run-b', 'o2', checkpoint({ status: 'interrupted', turn: 3, release: true }));
      await assert.rejects(store.acquire('run-a', holder('o3'), { kind: 'create', checkpoint: checkpoint() }), /Run 'run-a' already exists/);
      const all = await store.list();
      assert.deepEqual(all.map((r) => r.runId).sort(), ['run-a', 'run-b']);
      const interrupted = await store.list({ status: 'interrupted' });
      assert.deepEqual(interrupted.map((r) => [r.runId, r.status, r.agentName, r.turn]), [['run-b', 'interrupted', 'refunds', 3]]);
      assert.ok(interrupted[0]!.updatedAt instanceof Date && Math.abs(interrupted[0]!.updatedAt.getTime() - Date.now()) < 60_000);
      const state = await store.load('run-b');
      assert.ok(state);
      assert.equal(state.interruptions[0]!.toolName, 'refund');
      state.approve(state.interruptions[0]!);
      assert.equal(state.approvals.get('c_refund'), true);
      assert.equal(await store.load('run-missing'), undefined);
      await store.delete('run-a');
      await store.delete('run-a');
      assert.deepEqual((await store.list()).map((r) => r.runId), ['run-b']);
    } finally {
      await cleanup();
    }
  });

  test(`${kind.name}: a live lease refuses a resume from another store; saves need the lease`, async () => {
    const { store, reopen, cleanup } = kind.make();
    try {
      await store.acquire('run-l', holder('owner-1'), { kind: 'create', checkpoint: checkpoint() });
      const other = reopen();
      await assert.rejects(other.acquire('run-l', holder('owner-2'), { kind: 'resume' }), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match((error as Error).message, new RegExp(`Run 'run-l' is being executed by process ${process.pid} on this host`));
        return true;
      });
      await assert.rejects(other.save('run-l', 'owner-2', checkpoint()), RunLeaseLostError);
      await assert.rejects(other.acquire('nope', holder('owner-2'), { kind: 'resume' }), /No run 'nope' in the run store/);
      await store.save('run-l', 'owner-1', checkpoint({ turn: 5, steps: { text: '[["model:6",{"output":[]}]]' } }));
      await store.release('run-l', 'owner-1');
      const taken = await other.acquire('run-l', holder('owner-2'), { kind: 'resume' });
      assert.equal(taken.turn, 5);
      assert.equal(taken.steps, '[["model:6",{"output":[]}]]');
      await assert.rejects(store.renew('run-l', 'owner-1'), RunLeaseLostError);
      await other.renew('run-l', 'owner-2');
    } finally {
      await cleanup();
    }
  });

  test(`${kind.name}: a stale lease is taken over; so is one held by a dead process on this host`, async () => {
    const { store, reopen, cleanup } = kind.make({ leaseMs: 300 });
    try {
      await store.acquire('run-s', holder('stale'), { kind: 'create', checkpoint: checkpoint() });
      await assert.rejects(reopen().acquire('run-s', holder('eager'), { kind: 'resume' }), /is being executed/);
      await sleep(350);
      await reopen().acquire('run-s', holder('late'), { kind: 'resume' });
      await assert.rejects(store.save('run-s', 'stale', checkpoint()), RunLeaseLostError);

      const dead = deadPid();
      const { store: s2, cleanup: c2 } = kind.make({ leaseMs: 60_000 });
      try {
        await s2.acquire('run-d', holder('dead', dead), { kind: 'create', checkpoint: checkpoint() });
        const taken = await s2.acquire('run-d', holder('heir'), { kind: 'resume' });
        assert.equal(taken.runId, 'run-d');
        // The heir's lease is alive and its process exists: nobody else takes it.
        await assert.rejects(s2.acquire('run-d', holder('third'), { kind: 'resume' }), /is being executed/);
      } finally {
        await c2();
      }
    } finally {
      await cleanup();
    }
  });
}

test('bad store options and run ids are UserErrors', async () => {
  const { MemoryRunStore, SQLiteRunStore } = await import('../../src/index.js');
  const { PostgresRunStore } = await import('../../src/postgres.js');
  assert.throws(() => new MemoryRunStore({ leaseMs: 5 }), /leaseMs must be a number of milliseconds >= 100/);
  assert.throws(() => new SQLiteRunStore(42 as unknown as string), /dbPath must be a string/);
  assert.throws(() => PostgresRunStore.fromUrl('mysql://x'), /URL must start with postgres:\/\//);
  assert.throws(() => PostgresRunStore.fromUrl('postgres://x/y', { tableName: 'a;drop' }), /tableName must be/);
  assert.throws(() => new PostgresRunStore({ pool: {} as never }), /pool must be a pg Pool/);
  await assert.rejects(new MemoryRunStore().load(''), /runId must be a non-empty string/);
});
