// The fault kit's faults with the outcome each must have, per run mode (the fault table and the
// secrets checks run them all).
import type { AgentsException, ModelSettings } from '../../src/index.js';
import { ModelBehaviorError, ModelConnectionError, ModelHttpError, ModelTimeoutError } from '../../src/index.js';
import { textMessage, type ScriptedServerEntry } from '../../src/testing/index.js';
import { DONE, FAST_RETRY, type Mode } from './helpers.js';

export type Expect = { ok: true; requests: number } | { error: new (...args: never[]) => AgentsException; requests: number };

export interface Fault {
  name: string;
  fault: ScriptedServerEntry;
  settings?: ModelSettings;
  /** The outcome per mode. */
  expect: Record<Mode, Expect> | Expect;
}

const LONG = { output: [textMessage('a long answer in several parts, '.repeat(4))] };
const TIMEOUT: ModelSettings = { ...FAST_RETRY, timeoutMs: 150 };

export const FAULTS: Fault[] = [
  { name: 'HTTP 429 with retry-after-ms', fault: { httpStatus: 429, headers: { 'retry-after-ms': '5' } }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 429 with retry-after seconds', fault: { httpStatus: 429, headers: { 'retry-after': '0.01' } }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 500', fault: { httpStatus: 500 }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 502 (text body)', fault: { httpStatus: 502, body: '<html>Bad Gateway</html>' }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 503', fault: { httpStatus: 503 }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 408', fault: { httpStatus: 408 }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 400 (not retried)', fault: { httpStatus: 400 }, expect: { error: ModelHttpError, requests: 1 } },
  { name: 'HTTP 401 (not retried)', fault: { httpStatus: 401 }, expect: { error: ModelHttpError, requests: 1 } },
  { name: 'HTTP 400 with x-should-retry: true', fault: { httpStatus: 400, headers: { 'x-should-retry': 'true' } }, expect: { ok: true, requests: 2 } },
  { name: 'HTTP 503 with x-should-retry: false', fault: { httpStatus: 503, headers: { 'x-should-retry': 'false' } }, expect: { error: ModelHttpError, requests: 1 } },
  { name: 'HTTP 500 with maxRetries 0', fault: { httpStatus: 500 }, settings: { retry: { maxRetries: 0 } }, expect: { error: ModelHttpError, requests: 1 } },
  { name: 'reset before any byte', fault: { resetConnection: true }, expect: { ok: true, requests: 2 } },
  { name: 'reset before any byte, maxRetries 0', fault: { resetConnection: true }, settings: { retry: { maxRetries: 0 } }, expect: { error: ModelConnectionError, requests: 1 } },
  { name: 'delay before headers beyond timeoutMs', fault: { ...DONE, delayBeforeHeadersMs: 400 }, settings: TIMEOUT, expect: { ok: true, requests: 2 } },
  { name: 'delay before headers within timeoutMs', fault: { ...DONE, delayBeforeHeadersMs: 20 }, settings: TIMEOUT, expect: { ok: true, requests: 1 } },
  {
    name: 'delay between events beyond timeoutMs',
    fault: { ...LONG, eventDelayMs: 400 },
    settings: TIMEOUT,
    // Blocking: one JSON frame, no gap. Streamed: the first event reached the run, so no replay.
    expect: { blocking: { ok: true, requests: 1 }, streamed: { error: ModelTimeoutError, requests: 1 } },
  },
  { name: 'slow stream within timeoutMs between events', fault: { ...LONG, eventDelayMs: 20 }, settings: TIMEOUT, expect: { ok: true, requests: 1 } },
  { name: 'cut before any event / mid-body', fault: { ...LONG, breakStreamAfterEvents: 0 }, expect: { ok: true, requests: 2 } },
  {
    name: 'cut after 2 events',
    fault: { ...LONG, breakStreamAfterEvents: 2 },
    expect: { blocking: { ok: true, requests: 2 }, streamed: { error: ModelConnectionError, requests: 1 } },
  },
  { name: 'malformed JSON', fault: { ...LONG, malformedJson: true }, expect: { error: ModelBehaviorError, requests: 1 } },
  {
    name: 'malformed SSE (an HTML page with a 200)',
    fault: { ...LONG, malformedSse: true },
    expect: { blocking: { ok: true, requests: 1 }, streamed: { error: ModelBehaviorError, requests: 1 } },
  },
  { name: 'retries exhausted (three 500s)', fault: { httpStatus: 500 }, expect: { error: ModelHttpError, requests: 3 } },
];

