// A DBOS worker for bench/dbos.ts (settings in AGENTRUN_BENCH_* variables). Prints `ready` after launch.
import { DBOS } from '@dbos-inc/dbos-sdk';
import { OpenAIProvider } from '../src/index.js';
import { DurableRunner } from '../src/dbos.js';
import { benchAgent } from './dbos-agents.js';

const env = (name: string): string => process.env[`AGENTRUN_BENCH_${name}`] ?? '';
DBOS.setConfig({ name: env('APP'), systemDatabaseUrl: env('URL'), executorID: env('EXECUTOR'), applicationVersion: 'bench', logLevel: 'error' });
new DurableRunner({
  agents: [benchAgent()],
  workerConcurrency: Number(env('CONCURRENCY')),
  pollingIntervalMs: 50,
  runConfig: { modelProvider: new OpenAIProvider({ apiKey: 'bench', baseURL: env('MODEL_URL') }), tracingDisabled: true },
});
await DBOS.launch();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  DBOS.shutdown().then(() => process.exit(0), () => process.exit(1));
});
