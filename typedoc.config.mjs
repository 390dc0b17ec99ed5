// TypeDoc (`npm run docs`): the API reference of every entry point the package exports, into the
// gitignored docs/api/. Entry points come from package.json "exports" (./dist/x.js → src/x.ts), so a
// new one is documented, and checked, as soon as it is exported. Every exported name needs TSDoc:
// a missing comment or a broken {@link} is a warning, and warnings are errors.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entryPoints = Object.values(pkg.exports).map((target) => target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));

/** @type {import('typedoc').TypeDocOptions} */
export default {
  name: 'agentrun',
  entryPoints,
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  // Exported names (and, through them, their documented members); option objects' fields are
  // documented where useful, not required one by one.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  validation: { notExported: false, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
  logLevel: 'Warn',
};
