import { UserError } from '../errors/index.js';

/**
 * The JSON text of each object output checked by {@link checkToolOutput}, so the output item
 * serialises it once, not twice. Weak: it never keeps an output alive.
 */
const serialised = new WeakMap<object, string>();

/**
 * A tool's output as it goes to the model: strings as they are, `undefined` as `''`, anything
 * else as JSON text. Outputs that JSON cannot express (circular objects, BigInts, a function or a
 * symbol) are rejected by {@link checkToolOutput} before they get here.
 */
export function toolOutputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  if (typeof output === 'object' && output !== null) {
    const known = serialised.get(output);
    if (known !== undefined) return known;
  }
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}

/**
 * `output` itself when it can be sent to the model; otherwise a `UserError` naming the tool and
 * the reason, which the run treats as the tool's failure (error text to the model, or the run's
 * error with `failureErrorFunction: null`), never a silent `"[object Object]"`.
 */
export function checkToolOutput(toolName: string, output: unknown): unknown {
  const type = typeof output;
  if (type === 'string' || type === 'undefined' || type === 'number' || type === 'boolean' || output === null) return output;
  if (type === 'function' || type === 'symbol') throw unserialisable(toolName, `a ${type}`);
  if (type === 'bigint') throw unserialisable(toolName, 'a BigInt (convert it with String() or Number())');
  let text: string | undefined;
  try {
    text = JSON.stringify(output);
  } catch (error) {
    const reason = error instanceof TypeError && /circular/i.test(error.message) ? 'an object with a circular reference'
      : error instanceof TypeError && /bigint/i.test(error.message) ? 'an object containing a BigInt'
      : `an object JSON cannot express (${error instanceof Error ? error.message : String(error)})`;
    throw unserialisable(toolName, reason, error);
  }
  if (text === undefined) throw unserialisable(toolName, 'a value JSON cannot express');
  serialised.set(output as object, text);
  return output;
}

function unserialisable(toolName: string, what: string, cause?: unknown): UserError {
  return new UserError(`Tool '${toolName}' returned ${what}, which cannot be sent to the model as JSON; return a string or a JSON-serialisable value`, cause === undefined ? undefined : { cause });
}
