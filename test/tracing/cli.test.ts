import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTracesArgs } from '../../src/cli/traces-command.js';
import { UserError } from '../../src/errors/index.js';
import { LocalTraceProcessor, flushTraces, setTraceProcessors, startSpan, trace } from '../../src/tracing/index.js';

test('argument parsing', () => {
  assert.deepEqual(parseTracesArgs([]), { port: 0 });
  assert.deepEqual(parseTracesArgs(['--db', 'x.db', '--port', '8123']), { db: 'x.db', port: 8123 });
  assert.deepEqual(parseTracesArgs(['-p', '0']), { port: 0 });
  for (const bad of [['--port', 'abc'], ['--port', '70000'], ['--bogus'], ['extra']]) {
    assert.throws(() => parseTracesArgs(bad), UserError, bad.join(' '));
  }
});

test('agentrun traces serves the database and exits cleanly on SIGTERM; bad usage exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-cli-'));
  const dbPath = join(dir, 'traces.db');
  const processor = new LocalTraceProcessor({ path: dbPath });
  setTraceProcessors([processor]);
  await trace('cli run', () => startSpan({ type: 'custom', name: 's', data: {} }).end());
  await flushTraces();
  processor.shutdown();
  setTraceProcessors([]);

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/agentrun.ts', 'traces', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const body = (await (await fetch(`${url}api/traces`)).json()) as { data: Array<{ workflowName: string }> };
    assert.deepEqual(body.data.map((t) => t.workflowName), ['cli run']);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }

  const missing = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/agentrun.ts', 'traces', '--db', join(dir, 'none.db')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /No trace database at .*none\.db.*AGENTRUN_TRACES=local/);
});
