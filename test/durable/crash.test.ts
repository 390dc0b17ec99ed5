// Real crashes: a child process runs a durable run against the scripted HTTP server, its 'ship'
// tool signals READY and hangs, the parent SIGKILLs it, and another process resumes the run.
// Compared with an uninterrupted run: same final output, no model call repeated, the saved tool
// output (lookup) not re-run, the interrupted tool re-run with the same call id, the session
// without duplicates. SQLite file store and PostgreSQL, blocking and streamed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SQLiteRunStore, SQLiteSession, type AgentInputItem, type RunStore } from '../../src/index.js';
import { PostgresRunStore } from '../../src/postgres.js';
import { functionCall, startScriptedServer, textMessage, type ScriptedServer } from '../../src/testing/index.js';
import { PG_URL } from './stores.js';

const CHILD = fileURLToPath(new URL('./crash/crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = [
  { output: [functionCall('lookup', { order: 7 }, 'c_look')] },
  { output: [functionCall('ship', { order: 7 }, 'c_ship')] },
  { output: [textMessage('order 7 is on its way')] },
];

interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Run the child; with `killOnReady`, SIGKILL it as soon as it prints READY. */
function runChild(config: Record<string, unknown>, killOnReady: boolean): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (killOnReady && stdout.includes('READY ')) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function resultOf(run: ChildResult): { finalOutput: unknown; events: number } {
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `the child printed no result (code ${run.code}, signal ${run.signal}):\n${run.stderr}`);
  return JSON.parse(line.slice('RESULT '.length));
}

/** Session items without the ids the scripted server made up, so two runs compare. */
async function sessionItems(path: string): Promise<unknown[]> {
  const session = new SQLiteSession('crash-session', path);
  const items = await session.getItems();
  session.close();
  return JSON.parse(JSON.stringify(items, (key, value) => (key === 'id' ? undefined : value)));
}

const effectsOf = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n');

interface Scenario {
  dir: string;
  server: ScriptedServer;
  config: Record<string, unknown>;
  openStore(): RunStore;
  cleanup(): Promise<void>;
}

async function scenario(storeKind: 'sqlite' | 'postgres', streamed: boolean, name: string): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), `agentrun-crash-${name}-`));
  const server = await startScriptedServer({ script: SCRIPT });
  const tableName = `crash_runs_${randomBytes(6).toString('hex')}`;
  const store = storeKind === 'sqlite' ? { kind: 'sqlite', path: join(dir, 'runs.db') } : { kind: 'postgres', url: PG_URL, tableName };
  const config = {
    streamed, store, serverUrl: server.url, runId: `run-${name}`, sessionPath: join(dir, 'session.db'), effects: join(dir, 'effects.log'),
  };
  return {
    dir, server, config,
    openStore: () => (storeKind === 'sqlite' ? new SQLiteRunStore(join(dir, 'runs.db')) : PostgresRunStore.fromUrl(PG_URL, { tableName })),
    cleanup: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      if (storeKind === 'postgres') {
        const client = new pg.Client(PG_URL);
        await client.connect();
        await client.query(`DROP TABLE IF EXISTS "${tableName}"`);
        await client.end();
      }
    },
  };
}

for (const storeKind of ['sqlite', 'postgres'] as const) {
  for (const streamed of [false, true]) {
    const label = `${storeKind}, ${streamed ? 'streamed' : 'blocking'}`;
    test(`crash (${label}): SIGKILL inside a tool, resume in another process: same result, nothing completed is repeated`, async () => {
      const reference = await scenario(storeKind, streamed, 'ref');
      const crashed = await scenario(storeKind, streamed, 'crash');
      try {
        const plain = await runChild({ ...reference.config, mode: 'start', hangAt: 'none' }, false);
        const expected = resultOf(plain);
        assert.equal(expected.finalOutput, 'order 7 is on its way');

        const killed = await runChild({ ...crashed.config, mode: 'start', hangAt: 'ship' }, true);
        assert.equal(killed.signal, 'SIGKILL', killed.stderr);
        assert.ok(!killed.stdout.includes('RESULT'));
        assert.equal(crashed.server.requests.length, 2, 'turns 1 and 2 were asked before the crash');
        const store = crashed.openStore();
        try {
          assert.deepEqual((await store.list()).map((r) => [r.runId, r.status, r.turn]), [['run-crash', 'running', 2]]);
        } finally {
          await store.close();
        }

        // The dead process's lease (30 s) is taken over at once: its pid no longer exists on this host.
        const resumed = await runChild({ ...crashed.config, mode: 'resume', hangAt: 'none' }, false);
        const got = resultOf(resumed);
        assert.equal(got.finalOutput, expected.finalOutput);
        if (streamed) assert.ok(got.events > 0);
        assert.equal(crashed.server.requests.length, reference.server.requests.length, 'no model call repeated');
        assert.equal(crashed.server.requests.length, 3);
        assert.deepEqual(effectsOf(reference.config.effects as string), ['lookup c_look', 'ship-start c_ship', 'ship-done c_ship']);
        assert.deepEqual(effectsOf(crashed.config.effects as string), ['lookup c_look', 'ship-start c_ship', 'ship-start c_ship', 'ship-done c_ship']);
        const items = await sessionItems(crashed.config.sessionPath as string);
        assert.deepEqual(items, await sessionItems(reference.config.sessionPath as string));
        assert.equal(items.length, 6, 'user, 2 × (call, output), answer');
        const after = crashed.openStore();
        try {
          assert.deepEqual((await after.list()).map((r) => [r.runId, r.status, r.turn]), [['run-crash', 'completed', 3]]);
        } finally {
          await after.close();
        }
      } finally {
        await reference.cleanup();
        await crashed.cleanup();
      }
    });
  }
}

/** Earlier turns of the conversation, in the session before the run starts. */
const HISTORY: AgentInputItem[] = [
  { role: 'user', content: 'I ordered number 7 yesterday' },
  { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Noted: order 7' }] },
];

async function seedSession(path: string): Promise<void> {
  const session = new SQLiteSession('crash-session', path);
  await session.addItems(HISTORY);
  session.close();
}

/** A request's input items without ids the scripted server made up. */
const inputOf = (request: { body: Record<string, unknown> }): unknown => JSON.parse(JSON.stringify(request.body.input, (key, value) => (key === 'id' ? undefined : value)));

for (const streamed of [false, true]) {
  const label = `sqlite, ${streamed ? 'streamed' : 'blocking'}`;
  test(`crash (${label}): SIGKILL after the session-input step is journaled, before the first save: the resumed run sees the session history`, async () => {
    const reference = await scenario('sqlite', streamed, 'ref');
    const crashed = await scenario('sqlite', streamed, 'crash');
    try {
      await seedSession(reference.config.sessionPath as string);
      await seedSession(crashed.config.sessionPath as string);
      const expected = resultOf(await runChild({ ...reference.config, mode: 'start', hangAt: 'none' }, false));
      assert.equal(expected.finalOutput, 'order 7 is on its way');

      const killed = await runChild({ ...crashed.config, mode: 'start', hangAt: 'first-save' }, true);
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      assert.ok(killed.stdout.includes('READY first-save'));
      assert.equal(crashed.server.requests.length, 0);
      const store = crashed.openStore();
      try {
        // The row was created with the journaled step, and its state still without the history.
        assert.deepEqual((await store.list()).map((r) => [r.runId, r.status, r.turn]), [['run-crash', 'running', 0]]);
        assert.equal((await store.load('run-crash'))!.originalInput, 'ship order 7');
      } finally {
        await store.close();
      }

      const got = resultOf(await runChild({ ...crashed.config, mode: 'resume', hangAt: 'none' }, false));
      assert.equal(got.finalOutput, expected.finalOutput);
      // Every model call was asked with the same input as in the uninterrupted run: history included.
      assert.equal(crashed.server.requests.length, 3);
      assert.deepEqual(crashed.server.requests.map(inputOf), reference.server.requests.map(inputOf));
      assert.equal((crashed.server.requests[0]!.body.input as unknown[]).length, 3, 'the history and the new input');
      assert.deepEqual(effectsOf(crashed.config.effects as string), effectsOf(reference.config.effects as string));
      // The session got the new input once, then the run's items: no duplicates.
      const items = await sessionItems(crashed.config.sessionPath as string);
      assert.deepEqual(items, await sessionItems(reference.config.sessionPath as string));
      assert.equal(items.length, 8, 'history (2), user, 2 × (call, output), answer');
    } finally {
      await reference.cleanup();
      await crashed.cleanup();
    }
  });
}
