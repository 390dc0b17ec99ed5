import { UserError } from '../errors/index.js';
import type { JsonValue } from './types.js';

/**
 * Check that `value` is plain JSON (null, booleans, finite numbers, strings, arrays, plain objects)
 * and throw a `UserError` naming the first offending path otherwise. A durable run's context and
 * input cross processes and are replayed after a crash, so a Date, Map, class instance, function or
 * cycle (which JSON would silently change or drop) is refused up front. An `undefined` property
 * is allowed (it is simply absent in JSON).
 */
export function assertJson(value: unknown, label: string): asserts value is JsonValue {
  const problem = findProblem(value, label, new Set());
  if (problem) throw new UserError(`${problem} (a durable run's ${label.split(/[.[]/)[0]} must be JSON)`);
}

function findProblem(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}, not a finite number`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (seen.has(value)) return `${path} is a cycle`;
  if (Array.isArray(value)) {
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      const problem = findProblem(value[i], `${path}[${i}]`, seen);
      if (problem) return problem;
    }
    seen.delete(value);
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${value.constructor?.name ?? 'class instance'}, not a plain object`;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // an absent optional field: JSON leaves it out, as it should
    const problem = findProblem(item, `${path}.${key}`, seen);
    if (problem) return problem;
  }
  seen.delete(value);
  return undefined;
}

/** The JSON form of a value, as the durable run records it (`undefined` stays `undefined`). */
export function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}
