#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// Node 20's --test does not expand globs itself, so the files are listed here.
// A watchdog ends the whole run if it exceeds AGENTRUN_TEST_TIMEOUT_S (default 1200 s), so a test
// file that leaks a handle fails loudly instead of hanging CI.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = collect('test', []);
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const limitS = Number(process.env.AGENTRUN_TEST_TIMEOUT_S ?? 1200);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--expose-gc', '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit', detached: true },
);
const watchdog = setTimeout(() => {
  console.error(`\nrun-tests: the suite did not finish within ${limitS} s; a test file is probably holding a handle open. Killing it.`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}, limitS * 1000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  });
}
child.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
