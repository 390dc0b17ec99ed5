import { randomFillSync } from 'node:crypto';
import { UserError } from '../errors/index.js';

// One crypto fill serves many ids: ids are made on every span, and a syscall per id is wasted work.
// The pool is kept as hex text so an id is a substring of it (no native call per id).
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let poolOffset = 0;

function randomHex(bytes: number): string {
  const chars = bytes * 2;
  if (poolOffset + chars > poolHex.length) {
    randomFillSync(pool);
    poolHex = pool.toString('hex');
    poolOffset = 0;
  }
  const hex = poolHex.substring(poolOffset, poolOffset + chars);
  poolOffset += chars;
  return hex;
}

/** A new trace id in the OpenAI format: `trace_` followed by 32 hex characters. */
export function genTraceId(): string {
  return `trace_${randomHex(16)}`;
}

/** A new span id in the OpenAI format: `span_` followed by 24 hex characters. */
export function genSpanId(): string {
  return `span_${randomHex(12)}`;
}

/** A new group id (any string is accepted as a group id; this is just a convenient unique one). */
export function genGroupId(): string {
  return `group_${randomHex(12)}`;
}

// OpenAI's ingest format: `trace_<32 alphanumeric>`; generated ids use hex, a subset of it.
const TRACE_ID_PATTERN = /^trace_[A-Za-z0-9]{32}$/;

/** Throws a `UserError` naming the problem when `traceId` is not `trace_` + 32 alphanumeric characters. */
export function validateTraceId(traceId: unknown): asserts traceId is string {
  if (typeof traceId !== 'string' || !TRACE_ID_PATTERN.test(traceId)) {
    throw new UserError(
      `Invalid trace id ${JSON.stringify(traceId)}: expected 'trace_' followed by 32 alphanumeric characters ` +
        `(for example from genTraceId())`,
    );
  }
}
