// A DBOS worker for bench/dbos.ts (settings in AGENTRUN_BENCH_* variables). Prints `ready` after launch.
import { launchWorker } from './dbos-launch.js';
import { benchAgent } from './dbos-agents.js';

const env = (name: string): string => process.env[`AGENTRUN_BENCH_${name}`] ?? '';
await launchWorker({
  app: env('APP'), url: env('URL'), executorID: env('EXECUTOR'), applicationVersion: 'bench',
  agents: [benchAgent()], workerConcurrency: Number(env('CONCURRENCY')), pollingIntervalMs: 50,
  modelUrl: env('MODEL_URL'), apiKey: 'bench',
});
