// Runner.runSync with a runStore, at the top level of a CommonJS process. Phase 'fail': the
// second tool fails fatally after the first one's output was saved. Phase 'resume': another
// process resumes the run (async, as a restarted service would) and finishes it.
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { Agent, Runner, SQLiteRunStore, tool } from '../../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../../src/testing/index.js';

const [dbPath, phase, effects] = process.argv.slice(2) as [string, 'fail' | 'resume', string];
const model = new ScriptedModel(
  phase === 'fail'
    ? [{ output: [functionCall('note', { n: 1 }, 'c1'), functionCall('explode', {}, 'c2')] }]
    : [{ output: [textMessage('all noted')] }],
);
const note = tool({ name: 'note', description: 'n', parameters: z.object({ n: z.number() }), execute: ({ n }, ctx) => { appendFileSync(effects, `note ${ctx.toolCallId}\n`); return `noted ${n}`; } });
const explode = tool({
  name: 'explode', description: 'e', parameters: z.object({}), failureErrorFunction: null,
  execute: (_a, ctx) => {
    appendFileSync(effects, `explode ${ctx.toolCallId}\n`);
    if (phase === 'fail') throw new Error('boom');
    return 'fine now';
  },
});
const agent = new Agent({ name: 'noter', model, tools: [note, explode] });
const runStore = new SQLiteRunStore(dbPath);
if (phase === 'fail') {
  let message = '';
  try {
    Runner.runSync(agent, 'note things', { runStore, runId: 'sync-run' });
  } catch (error) {
    message = (error as Error).message;
  }
  void runStore.list().then((rows) => {
    process.stdout.write(`${JSON.stringify({ message, rows: rows.map((r) => [r.runId, r.status, r.turn]), calls: model.calls.length })}\n`);
    return runStore.close();
  });
} else {
  void Runner.resume(agent, 'sync-run', { runStore }).then(async (result) => {
    const rows = await runStore.list();
    process.stdout.write(`${JSON.stringify({ finalOutput: result.finalOutput, rows: rows.map((r) => [r.runId, r.status, r.turn]), calls: model.calls.length })}\n`);
    await runStore.close();
  });
}
