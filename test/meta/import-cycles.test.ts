// The project's rule: no import cycles in src/ (issue 15). Type-only imports are erased at build
// time and cannot form a run-time cycle, so they are left out, as the issue allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import madge from 'madge';

test('src/ has no import cycles (type-only imports aside)', async () => {
  const graph = await madge('src', {
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    detectiveOptions: { ts: { skipTypeImports: true }, es6: { skipTypeImports: true } },
  });
  const files = Object.keys(graph.obj());
  assert.ok(files.length > 50, `madge read the source tree (${files.length} files)`);
  assert.deepEqual(graph.circular(), []);
});
