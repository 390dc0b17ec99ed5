// The project's rule: errors are leaves of the import graph (issue 15). Every module may raise
// them, so src/errors imports nothing outside src/errors, not even types: a type import from the
// run would tie the errors' declarations to the run's, and errors ↔ guardrails imported each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './source-files.js';

/** Every module specifier in `text`: imports and re-exports (type-only too), and `import('...')` types. */
function specifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `file -> specifier` for every import of a file in `dir` that leaves `dir` (Node built-ins and packages too). */
function importsLeaving(dir: string, files: Array<{ name: string; text: string }>): string[] {
  const root = resolve(dir);
  const out: string[] = [];
  for (const { name, text } of files) {
    for (const spec of specifiers(name, text)) {
      const target = spec.startsWith('.') ? resolve(dirname(join(root, name)), spec) : spec;
      if (!target.startsWith(root + '/')) out.push(`${join(dir, name)} -> ${spec.startsWith('.') ? relative(root, target) : spec}`);
    }
  }
  return out;
}

test('src/errors imports nothing outside src/errors', () => {
  const files = sourceFiles('src/errors').map((path) => ({ name: relative('src/errors', path), text: readFileSync(path, 'utf8') }));
  assert.ok(files.length >= 3, 'the errors folder was found');
  assert.deepEqual(importsLeaving('src/errors', files), []);
});

test('the check finds every form of import that leaves the folder', () => {
  // src/errors/index.ts and run-error-data.ts before the rule: type imports of guardrails, agents and models.
  const before = `
    import type { InputGuardrailResult } from '../guardrails/types.js';
    export type { RunErrorData } from './run-error-data.js';
    import { AgentsException } from './agents-exception.js';
    export { X } from '../models/x.js';
    type T = import('../agent/agent-like.js').AgentLike;
    const lazy = () => import('node:fs');`;
  assert.deepEqual(importsLeaving('src/errors', [{ name: 'index.ts', text: before }]), [
    'src/errors/index.ts -> ../guardrails/types.js',
    'src/errors/index.ts -> ../models/x.js',
    'src/errors/index.ts -> ../agent/agent-like.js',
    'src/errors/index.ts -> node:fs',
  ]);
});
