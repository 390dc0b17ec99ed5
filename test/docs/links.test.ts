// The user documentation stays inside the repository: every relative link (and #anchor) resolves,
// external links go only to public https sites, and every docs page is reachable from the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = process.cwd();

function markdownFiles(): string[] {
  const files = ['README.md', 'examples/README.md'];
  for (const name of readdirSync('docs')) if (name.endsWith('.md')) files.push(`docs/${name}`);
  return files;
}

/** GitHub's heading anchors: lower-cased, punctuation dropped, spaces as hyphens. */
function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const out = new Set<string>();
  for (const match of text.matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(match[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-'));
  }
  return out;
}

function links(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

test('every link in README.md, docs/ and examples/README.md resolves inside the repository or to a public website', () => {
  const problems: string[] = [];
  for (const file of markdownFiles()) {
    for (const target of links(file)) {
      if (/^https?:\/\//.test(target)) {
        if (!/^https:\/\/(?!localhost|127\.|\[)/.test(target)) problems.push(`${file}: ${target} is not a public https site`);
        continue;
      }
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : normalize(join(dirname(file), path));
      if (relative(ROOT, join(ROOT, resolved)).startsWith('..')) {
        problems.push(`${file}: ${target} leaves the repository`);
        continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${file}: ${target} does not exist`);
        continue;
      }
      if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) {
        problems.push(`${file}: ${target}: no heading #${anchor} in ${resolved}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('a reader can reach every docs page from the README', () => {
  const seen = new Set<string>(['README.md']);
  const queue = ['README.md'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of links(file)) {
      if (/^https?:/.test(target)) continue;
      const path = target.split('#')[0]!;
      const resolved = path === '' ? file : normalize(join(dirname(file), path));
      if (resolved.endsWith('.md') && existsSync(resolved) && !seen.has(resolved)) {
        seen.add(resolved);
        queue.push(resolved);
      }
    }
  }
  const unreachable = markdownFiles().filter((file) => !seen.has(file));
  assert.deepEqual(unreachable, []);
});
