import { UserError } from '../errors/index.js';
import type { AgentInputItem } from '../items/types.js';
import { SessionCorruptError } from './errors.js';

/**
 * Input checks and stored-item decoding shared by every session backend, so that all of them
 * accept and reject exactly the same things.
 */

/**
 * A session id is any non-empty, well-formed string. NUL and lone surrogates are refused because
 * PostgreSQL text cannot hold NUL and lone surrogates do not survive UTF-8 storage: an id that one
 * backend cannot round-trip is refused by all of them.
 */
export function assertSessionId(sessionId: unknown, backend: string): asserts sessionId is string {
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    const got = sessionId === '' ? 'an empty string' : isPlainish(sessionId) ? 'an object' : describe(sessionId);
    throw new UserError(`${backend}: sessionId must be a non-empty string, got ${got}`);
  }
  if (BAD_ID_CHARS.test(sessionId)) {
    throw new UserError(`${backend}: sessionId must not contain NUL characters or lone surrogates`);
  }
}

// In `u` mode a paired surrogate is one code point, so \p{Cs} matches lone surrogates only.
const BAD_ID_CHARS = /[\0\p{Cs}]/u;

/** `undefined`/`null` mean "all items"; otherwise a non-negative integer. */
export function checkLimit(limit: unknown, backend: string): number | undefined {
  if (limit === undefined || limit === null) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new UserError(`${backend}: getItems limit must be a non-negative integer, got ${describe(limit)}`);
  }
  return limit;
}

/** Items must be an array of JSON objects each carrying a string `type` or `role`. */
export function assertItems(items: unknown, backend: string): asserts items is AgentInputItem[] {
  if (!Array.isArray(items)) {
    throw new UserError(`${backend}: addItems expects an array of items, got ${describe(items)}`);
  }
  for (let i = 0; i < items.length; i++) {
    if (!isItemObject(items[i])) {
      throw new UserError(
        `${backend}: item ${i} must be an object with a string "type" or "role", got ${describe(items[i])}`,
      );
    }
  }
}

/**
 * Validate, then serialise each item to JSON text. Throws before anything is written, which is
 * what makes a rejected `addItems` leave the session untouched.
 */
export function serializeItems(items: unknown, backend: string): string[] {
  assertItems(items, backend);
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = stringifyItem(items[i], i, backend);
  return out;
}

/** Validate, then serialise the whole list as one JSON array text (for one-parameter bulk inserts). */
export function serializeItemList(items: unknown, backend: string): string {
  assertItems(items, backend);
  try {
    return JSON.stringify(items);
  } catch (err) {
    throw new UserError(`${backend}: items are not JSON-serialisable: ${(err as Error).message}`, { cause: err });
  }
}

/** Where a stored item came from, for corruption messages. */
export interface StoredItemContext {
  backend: string;
  sessionId: string;
  /** Row id or list index of the item. */
  position: string | number;
}

/** Parse one stored JSON text back into an item, or throw `SessionCorruptError`. */
export function parseStoredItem(raw: unknown, ctx: StoredItemContext): AgentInputItem {
  if (typeof raw !== 'string') {
    throw corrupt(ctx, `expected JSON text, found ${describe(raw)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw corrupt(ctx, `invalid JSON: ${(err as Error).message}`, err);
  }
  return checkStoredItem(value, ctx);
}

/** Check an already-decoded stored value (e.g. a jsonb column) is an item, or throw `SessionCorruptError`. */
export function checkStoredItem(value: unknown, ctx: StoredItemContext): AgentInputItem {
  if (!isItemObject(value)) {
    throw corrupt(ctx, `expected an item object with "type" or "role", found ${describe(value)}`);
  }
  return value;
}

function corrupt(ctx: StoredItemContext, detail: string, cause?: unknown): SessionCorruptError {
  return new SessionCorruptError({
    backend: ctx.backend,
    sessionId: ctx.sessionId,
    detail: `at ${ctx.position}: ${detail}`,
    cause,
  });
}

function stringifyItem(item: AgentInputItem, index: number, backend: string): string {
  try {
    return JSON.stringify(item);
  } catch (err) {
    throw new UserError(`${backend}: item ${index} is not JSON-serialisable: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function isPlainish(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isItemObject(value: unknown): value is AgentInputItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as { type?: unknown; role?: unknown };
  return typeof v.type === 'string' || typeof v.role === 'string';
}

/** A short, safe description of a bad value for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length > 60 ? `string ${JSON.stringify(value.slice(0, 60))}...` : `string ${JSON.stringify(value)}`;
  }
  if (typeof value === 'object') return 'an object without a string "type" or "role"';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
