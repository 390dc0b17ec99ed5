import { register as registerHooks } from 'node:module';

// A .ts file outside a `"type": "module"` package would be CommonJS, and its `import 'agentrun'`
// would then load a second, CommonJS copy of agentrun whose Agent class is not this CLI's. The
// user's own TypeScript files are loaded as ES modules instead, sharing this process's agentrun.
const FORCE_ESM_HOOK = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.format === 'commonjs' && resolved.url.startsWith('file:') && /\\.tsx?$/.test(resolved.url) && !resolved.url.includes('/node_modules/')) {
    return { ...resolved, format: 'module' };
  }
  return resolved;
}`;

let registered = false;

/** Lets `import()` load TypeScript with tsx's loaders (once per process), no build step. */
export async function registerTypeScript(): Promise<void> {
  if (registered) return;
  registered = true;
  // Running from source, this CLI is already under tsx; installed, it is plain JavaScript.
  if (!import.meta.url.endsWith('.ts')) {
    const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    esm.register();
    cjs.register(); // .cts files and require() of TypeScript
  }
  registerHooks(`data:text/javascript,${encodeURIComponent(FORCE_ESM_HOOK)}`);
}
