// The fault table: every fault of the kit × blocking / streamed × Responses / Chat Completions
// ends in a successful retry or a clear typed error, never a hang, an unhandled rejection or a
// crash. Retries are invisible to the run (one raw response, one llm_start/llm_end); the
// generation span records the attempts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentsException } from '../../src/index.js';
import { FAULTS } from './faults.js';
import {
  APIS, DONE, FAST_RETRY, MODES, SECRET_KEY, agentFor, assertNoUnhandledRejections, errorTexts, recordSpans, runIn, scriptedServer,
} from './helpers.js';

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
