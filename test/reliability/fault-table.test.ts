// The fault table: every fault of the kit × blocking / streamed × Responses / Chat Completions
// ends in a successful retry or a clear typed error, never a hang, an unhandled rejection or a
// crash. Retries are invisible to the run (one raw response, one llm_start/llm_end); the
// generation span records the attempts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AgentsException, ModelBehaviorError, ModelConnectionError, ModelHttpError, ModelTimeoutError, type ModelSettings,
} from '../../src/index.js';
import { textMessage, type ScriptedServerEntry } from '../../src/testing/index.js';
import {
  APIS, DONE, FAST_RETRY, MODES, SECRET_KEY, agentFor, assertNoUnhandledRejections, errorTexts, recordSpans, runIn, scriptedServer, type Mode,
} from './helpers.js';

type Expect = { ok: true; requests: number } | { error: new (...args: never[]) => AgentsException; requests: number };

interface Fault {
  name: string;
  fault: ScriptedServerEntry;
  settings?: ModelSettings;
  /** The outcome per mode. */
  expect: Record<Mode, Expect> | Expect;
}

const LONG = { output: [textMessage('a long answer in several parts, '.repeat(4))] };
const TIMEOUT: ModelSettings = { ...FAST_RETRY, timeoutMs: 150 };

const FAULTS: Fault[] = [
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

for (const { api, useResponses } of APIS) {
  for (const mode of MODES) {
    for (const { name, fault, settings, expect } of FAULTS) {
      test(`${api}, ${mode}: ${name}`, async () => {
        const expected = 'ok' in expect || 'error' in expect ? expect : expect[mode];
        const exhausted = name.startsWith('retries exhausted');
        const script = exhausted ? [fault, fault, fault, DONE] : [fault, DONE];
        const server = await scriptedServer(script);
        const log: string[] = [];
        const hooks = {
          onLlmStart: () => void log.push('llm_start'),
          onLlmEnd: () => void log.push('llm_end'),
        };
        const agent = agentFor(server, useResponses, { modelSettings: { ...FAST_RETRY, ...settings } });
        const recorder = recordSpans();
        let outcome;
        try {
          outcome = await runIn(mode, agent, 'hi', { hooks });
        } finally {
          recorder.stop();
        }
        assert.equal(server.requests.length, expected.requests, 'HTTP attempts');
        const generation = recorder.spans.filter((s) => s.spanData.type === 'generation');
        assert.equal(generation.length, 1, 'one generation span however many attempts');
        const attempts = (generation[0]!.spanData as { attempts?: number }).attempts;
        assert.equal(attempts, expected.requests > 1 ? expected.requests : undefined, 'the span records the attempts');
        if ('ok' in expected) {
          assert.equal(outcome.error, undefined, `run failed: ${String(outcome.error)}`);
          assert.ok(outcome.result);
          assert.equal(outcome.result.rawResponses.length, 1, 'retries are invisible in rawResponses');
          assert.deepEqual(log, ['llm_start', 'llm_end'], 'hooks see one model call');
          assert.match(String(outcome.result.finalOutput), /done|long answer/);
          if (mode === 'streamed') {
            const created = outcome.events.filter((e) => e.type === 'raw_response_event' && e.data.type === 'response.created');
            assert.equal(created.length, 1, 'one response streamed to the run');
          }
        } else {
          const error = outcome.error;
          assert.ok(error instanceof expected.error, `expected ${expected.error.name}, got ${String(error)}`);
          assert.ok(error instanceof AgentsException);
          assert.ok(error.runData, 'the error carries runData');
          assert.equal(error.runData.rawResponses.length, 0);
          assert.deepEqual(log, ['llm_start'], 'hooks see one model call');
          for (const text of errorTexts(error)) assert.ok(!text.includes(SECRET_KEY), `the key leaked: ${text.slice(0, 200)}`);
        }
        assertNoUnhandledRejections();
      });
    }
  }
}
