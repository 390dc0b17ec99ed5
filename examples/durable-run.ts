/**
 * A durable run survives a crash: a child process starts a run with a SQLiteRunStore and is killed
 * with SIGKILL inside a tool, right after the tool's side effect; this process finds the cut-off
 * run in the store and resumes it. The saved model response is not asked for again, and the tool
 * that was cut off runs again with the same ctx.toolCallId, which it uses as its idempotency key:
 * the customer is charged once.
 *   npx tsx examples/durable-run.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Agent, Runner, SQLiteRunStore, tool } from '../src/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { toolOutputsSinceUser } from './shared/request.js';

type Ledger = Record<string, string>;
const readLedger = (path: string): Ledger => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Ledger) : {});

/** The agent, its tools writing to `ledgerPath`; `crashAfterCharge` kills the process inside charge_card. */
function shopAgent(ledgerPath: string, crashAfterCharge: boolean): Agent {
  const chargeCard = tool({
    name: 'charge_card',
    description: 'Charge the customer for the order.',
    parameters: z.object({ order: z.string(), cents: z.number().int() }),
    execute: async ({ order, cents }, ctx) => {
      // The idempotency key: a re-run after a crash finds the first charge and returns it.
      const ledger = readLedger(ledgerPath);
      const done = ledger[ctx.toolCallId];
      if (done !== undefined) return `${done} (already charged)`;
      ledger[ctx.toolCallId] = `charged ${cents} cents for ${order}`;
      writeFileSync(ledgerPath, JSON.stringify(ledger));
      if (crashAfterCharge) process.kill(process.pid, 'SIGKILL'); // the crash: after the side effect, before the tool returns
      return ledger[ctx.toolCallId]!;
    },
  });
  const shipOrder = tool({
    name: 'ship_order',
    description: 'Ship a paid order.',
    parameters: z.object({ order: z.string() }),
    execute: async ({ order }) => `${order} shipped`,
  });
  return new Agent({ name: 'Shop', instructions: 'Charge, then ship the order.', tools: [chargeCard, shipOrder] });
}

// Offline: charge, then ship, then answer.
let modelCalls = 0;
const script = (body: Record<string, unknown>) => {
  modelCalls++;
  const [charged] = toolOutputsSinceUser(body, 'charge_card');
  if (charged === undefined) return { output: [functionCall('charge_card', { order: 'order 7', cents: 4200 })] };
  const [shipped] = toolOutputsSinceUser(body, 'ship_order');
  if (shipped === undefined) return { output: [functionCall('ship_order', { order: 'order 7' })] };
  return { output: [textMessage(`Done: ${charged}; ${shipped}.`)] };
};

const [mode, dbPath, ledgerPath] = process.argv.slice(2);
if (mode === '--crashing-worker') {
  // The child: starts the run and dies inside charge_card.
  const model = await exampleModel(script);
  await Runner.run(shopAgent(ledgerPath!, true), 'Ship order 7', { runStore: new SQLiteRunStore(dbPath), runId: 'order-7', runConfig: model.runConfig });
  throw new Error('unreachable: the worker was to be killed inside charge_card');
}

const dir = mkdtempSync(join(tmpdir(), 'agentrun-durable-'));
const db = join(dir, 'runs.db');
const ledger = join(dir, 'ledger.json');
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--crashing-worker', db, ledger], { stdio: ['ignore', 'inherit', 'ignore'] });
const [, signal] = (await new Promise((resolve) => child.once('exit', (...args) => resolve(args)))) as [number | null, string | null];
console.log(`worker: killed by ${signal} inside charge_card; charges in the ledger: ${Object.keys(readLedger(ledger)).length}`);

// After the "restart": find the runs that were cut off and resume them.
const runStore = new SQLiteRunStore(db);
const model = await exampleModel(script);
for (const run of await runStore.list({ status: 'running' })) {
  console.log(`resuming ${run.runId} (${run.status}; model calls made before the crash: ${run.turn})`);
  const result = await Runner.resume(shopAgent(ledger, false), run.runId, { runStore, runConfig: model.runConfig });
  console.log(`final output: ${result.finalOutput}`);
}
console.log(`charges in the ledger: ${Object.keys(readLedger(ledger)).length}`);
if (!model.live) console.log(`model calls after the restart: ${modelCalls} (the saved first response was not asked for again)`);
console.log(`stored status: ${(await runStore.list({})).map((r) => `${r.runId} ${r.status}`).join(', ')}`);

await model.close();
await runStore.close();
rmSync(dir, { recursive: true, force: true });
