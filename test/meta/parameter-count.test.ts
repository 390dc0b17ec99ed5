// The project's rule: a function with more than four parameters takes an options object instead
// (issue 15). Checked on the syntax tree, so every function form counts: declarations, methods,
// constructors, accessors, arrows and function expressions. Function *types* (signatures in
// interfaces and type aliases, bodiless declarations) describe callbacks others write and are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { sourceFiles } from './source-files.js';

const MAX_PARAMETERS = 4;

/** `file:line name (n parameters)` for each function in `text` with more than four parameters. */
function longParameterLists(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      // `this` is a type annotation, not an argument.
      const count = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this')).length;
      if (count > MAX_PARAMETERS) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const name = node.name && ts.isIdentifier(node.name) ? node.name.text : `<${ts.SyntaxKind[node.kind]}>`;
        found.push(`${file}:${line} ${name} (${count} parameters)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no function in src/ takes more than four parameters', () => {
  const files = sourceFiles('src');
  assert.ok(files.length > 50, 'the source tree was found');
  assert.deepEqual(files.flatMap((file) => longParameterLists(file, readFileSync(file, 'utf8'))), []);
});

test('the check finds the cases the rule is about, and only those', () => {
  // src/hooks/dispatch.ts before the rule was enforced: a six-parameter function and a five-parameter arrow.
  const before = `
    function fire<C>(runHooks: H, runName: K, runArgs: unknown[], agentHooks: G, agentName: L, agentArgs: unknown[] = runArgs): void {}
    export const fireToolEnd = <C>(h: H, ctx: X, agent: A, tool: T, result: unknown) => fire(h, 'a', [], undefined, 'b');
    class Store { constructor(a: 1, b: 2, c: 3, d: 4, e: 5) {} method(a: 1, b: 2, c: 3, d: 4, e: 5) {} }
    const expression = function (a: 1, b: 2, c: 3, d: 4, e: 5) {};`;
  assert.deepEqual(longParameterLists('before.ts', before), [
    'before.ts:2 fire (6 parameters)',
    'before.ts:3 <ArrowFunction> (5 parameters)',
    'before.ts:4 <Constructor> (5 parameters)',
    'before.ts:4 method (5 parameters)',
    'before.ts:5 <FunctionExpression> (5 parameters)',
  ]);
  const allowed = `
    type Callback = (a: 1, b: 2, c: 3, d: 4, e: 5) => void;
    interface Hooks { onEvent(a: 1, b: 2, c: 3, d: 4, e: 5): void; }
    declare function external(a: 1, b: 2, c: 3, d: 4, e: 5): void;
    function typed(this: Window, a: 1, b: 2, c: 3, d: 4) {}
    const four = (a: 1, b: 2, c: 3, d: 4) => a;`;
  assert.deepEqual(longParameterLists('allowed.ts', allowed), []);
});
