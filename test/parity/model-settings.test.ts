// Python SDK parity: the ModelSettings fields of Python 0.22 that agentrun lacked
// (frequencyPenalty, presencePenalty, verbosity, topLogprobs, responseInclude, promptCacheRetention)
// reach the request body of both OpenAI APIs, blocking and streamed, and RunConfig.modelSettings
// overlays them like the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { Agent } from '../../src/index.js';
import { textMessage } from '../../src/testing/index.js';
import { APIS, MODES, providerFor, runIn, scriptedServer } from '../run/helpers.js';

for (const { label, useResponses } of APIS) {
  for (const mode of MODES) {
    test(`${label}, ${mode}: the Python ModelSettings fields are sent under the API's own names`, async () => {
      const server = await scriptedServer([{ output: [textMessage('{"ok":true}')] }]);
      const agent = new Agent({
        name: 'settings', model: 'gpt-test', outputType: z.object({ ok: z.boolean() }),
        modelSettings: { frequencyPenalty: 0.5, presencePenalty: 1, verbosity: 'high', topLogprobs: 2, promptCacheRetention: 'in_memory' },
      });
      const { result, error } = await runIn(mode, agent, 'hi', {
        runConfig: { modelProvider: providerFor(server, useResponses), modelSettings: { promptCacheRetention: '24h', responseInclude: ['reasoning.encrypted_content'] } },
      });
      assert.equal(error, undefined);
      assert.deepEqual(result!.finalOutput, { ok: true });
      const body = server.requests[0]!.body;
      assert.equal(body.frequency_penalty, 0.5);
      assert.equal(body.presence_penalty, 1);
      assert.equal(body.prompt_cache_retention, '24h'); // the RunConfig's value wins
      if (useResponses) {
        assert.equal(body.top_logprobs, 2);
        assert.deepEqual(body.include, ['reasoning.encrypted_content', 'message.output_text.logprobs']);
        const text = body.text as { verbosity?: string; format?: { type: string } };
        assert.equal(text.verbosity, 'high');
        assert.equal(text.format?.type, 'json_schema'); // the output type's format is kept beside it
      } else {
        assert.equal(body.verbosity, 'high');
        assert.equal(body.logprobs, true);
        assert.equal(body.top_logprobs, 2);
        assert.equal(body.include, undefined);
      }
    });
  }
}

test('unset Python ModelSettings fields are not sent', async () => {
  for (const { useResponses } of APIS) {
    const server = await scriptedServer([{ output: [textMessage('ok')] }]);
    const agent = new Agent({ name: 'plain', model: 'gpt-test' });
    await runIn('blocking', agent, 'hi', { runConfig: { modelProvider: providerFor(server, useResponses) } });
    const body = server.requests[0]!.body;
    for (const key of ['frequency_penalty', 'presence_penalty', 'verbosity', 'top_logprobs', 'logprobs', 'include', 'prompt_cache_retention', 'text']) {
      assert.equal(key in body, false, key);
    }
  }
});
