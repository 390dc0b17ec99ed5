import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent } from '../agent/agent.js';
import { AgentModuleError, CliUsageError } from './cli-errors.js';
import { registerTypeScript } from './typescript-loader.js';

/**
 * Imports a TypeScript or JavaScript module and returns the agent it exports: the default export,
 * or the export named `exportName`. A missing file or export, or a value that is not an `Agent`,
 * is a `CliUsageError` naming it.
 */
export async function loadAgent(file: string, exportName?: string): Promise<Agent<unknown, unknown>> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliUsageError(`No such file: ${file}`);
  await registerTypeScript();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new AgentModuleError(`Could not load ${file}`, { cause: error });
  }
  module = unwrapCommonJs(module);
  const name = exportName ?? 'default';
  const agents = Object.keys(module).filter((key) => module[key] instanceof Agent);
  const known = agents.length > 0 ? ` (agents it exports: ${agents.join(', ')})` : ' (it exports no agent)';
  if (!Object.hasOwn(module, name)) {
    const hint = exportName === undefined ? `has no default export; export the agent as default or name it with --agent` : `has no export named '${name}'`;
    throw new CliUsageError(`${file} ${hint}${known}`);
  }
  const value = module[name];
  if (!(value instanceof Agent)) {
    throw new CliUsageError(`The ${exportName === undefined ? 'default export' : `export '${name}'`} of ${file} is not an Agent (got ${describe(value)})${known}`);
  }
  return value as Agent<unknown, unknown>;
}

/** A TypeScript file compiled as CommonJS imports as `{ default: module.exports }`: use its exports. */
function unwrapCommonJs(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default as Record<string, unknown> | undefined;
  if (inner !== null && typeof inner === 'object' && inner.__esModule === true) return inner;
  return module;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `a function${value.name ? ` '${value.name}'` : ''}`;
  if (typeof value === 'object') return `an object${value.constructor?.name && value.constructor.name !== 'Object' ? ` of class ${value.constructor.name}` : ''}`;
  return `a ${typeof value}`;
}
