import { randomBytes } from 'node:crypto';

// One random prefix per process plus a counter: unique, cheap, and shaped like real ids
// (`resp_` + 48 hex digits) without a crypto call per id.
const processPrefix = randomBytes(8).toString('hex');
let counter = 0;

/** A fresh id such as `msg_3f…01`; `prefix` includes its separator (`msg_`, `chatcmpl-`). */
export function newId(prefix: string): string {
  counter += 1;
  return prefix + processPrefix + counter.toString(16).padStart(32, '0');
}
