// The project's rule: process-wide defaults live in one module, src/config/process-defaults.ts
// (issue 15). Module-level mutable variables elsewhere are only the memoisation and one-time
// bookkeeping that module's header lists; a new one must be added there, with its reason, or moved in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './source-files.js';

/** The files src/config/process-defaults.ts lists as keeping their own module-level state. */
const LISTED = new Set([
  'run/server-managed.ts', 'run/run-sync-driver.ts', 'run/immediate-guard.ts', 'tracing/clock.ts', 'tracing/ids.ts', 'tracing/context.ts', 'tracing/batch-processor.ts',
  'tracing/local/processor.ts', 'errors/redact.ts', 'sessions/sqlite-connection.ts', 'models/openai/chat-output.ts',
  'testing/ids.ts', 'cli/typescript-loader.ts',
  // A command-line script's own top level, not a library module.
  'testing/scripted-server-cli.ts',
]);

/** `file: name` for every `let` / `var` at the top level of `text`. */
function moduleVariables(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) !== 0) continue;
    for (const d of statement.declarationList.declarations) out.push(`${file}: ${d.name.getText(source)}`);
  }
  return out;
}

test('module-level mutable state in src/ is only where src/config/process-defaults.ts says', () => {
  const files = sourceFiles('src').map((path) => relative('src', path));
  assert.ok(files.length > 50, 'the source tree was found');
  const found = files.filter((f) => !LISTED.has(f)).flatMap((f) => moduleVariables(f, readFileSync(join('src', f), 'utf8')));
  assert.deepEqual(found, []);
  const header = readFileSync('src/config/process-defaults.ts', 'utf8');
  for (const file of LISTED) if (file !== 'testing/scripted-server-cli.ts') assert.ok(header.includes(file), `process-defaults.ts lists ${file}`);
});

test('the check finds module-level let and var, not const or locals', () => {
  // src/run/runner.ts and src/agent/as-tool.ts before the defaults moved.
  const before = `
    let defaultProvider: ModelProvider | undefined;
    var legacy = 1;
    const defaultRunner = new Runner();
    function f() { let local = 0; return local; }
    let nestedRunner: NestedRunner | undefined, other = 2;`;
  assert.deepEqual(moduleVariables('x.ts', before), ['x.ts: defaultProvider', 'x.ts: legacy', 'x.ts: nestedRunner', 'x.ts: other']);
});
