import { createRequire } from 'node:module';
import { UserError } from '../errors/index.js';

const require = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

/**
 * Load the optional peer dependency `name` (`pg`, `ioredis`, `@opentelemetry/api`) when `feature`
 * first needs it, so that importing `agentrun/postgres`, `agentrun/redis` or `agentrun/otel` never
 * fails by itself. Missing, it is a `UserError` naming the package and how to install it.
 */
export function loadOptionalPeer<T>(name: string, feature: string): T {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached as T;
  let value: T;
  try {
    value = require(name) as T;
  } catch (error) {
    if (isNotFound(error, name)) {
      throw new UserError(`${feature} needs the optional peer dependency '${name}', which is not installed: run \`npm install ${name}\``, { cause: error });
    }
    throw error;
  }
  loaded.set(name, value);
  return value;
}

function isNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String((error as Error).message).includes(name);
}
