// The project's rule: every source file stays under 400 lines (small modules, one concept per file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sourceFiles } from './source-files.js';

test('no file under src/ reaches 400 lines', () => {
  const files = sourceFiles('src');
  assert.ok(files.length > 50, 'the source tree was found');
  const long = files
    .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
    .filter((f) => f.lines >= 400)
    .map((f) => `${f.file}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});
