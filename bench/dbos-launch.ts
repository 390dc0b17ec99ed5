// The body of a DurableRunner worker process, shared by bench/dbos-worker.ts and the DBOS tests'
// worker (test/dbos/fixtures/worker.ts): configure DBOS, register the agents, launch, print
// `ready`; SIGTERM shuts DBOS down cleanly (the crash test uses SIGKILL instead).
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Agent, OpenAIProvider } from '../src/index.js';
import { DurableRunner } from '../src/dbos.js';

export interface WorkerSettings {
  /** DBOS application name and system database. */
  app: string;
  url: string;
  executorID: string;
  applicationVersion: string;
  agents: Array<Agent<unknown, unknown>>;
  workerConcurrency: number;
  pollingIntervalMs: number;
  /** The scripted model server's base URL, and the key sent to it. */
  modelUrl: string;
  apiKey: string;
}

/** Launch this process as a worker; resolves once DBOS has launched and `ready` is printed. */
export async function launchWorker(s: WorkerSettings): Promise<void> {
  DBOS.setConfig({ name: s.app, systemDatabaseUrl: s.url, executorID: s.executorID, applicationVersion: s.applicationVersion, logLevel: 'error' });
  new DurableRunner({
    agents: s.agents,
    workerConcurrency: s.workerConcurrency,
    pollingIntervalMs: s.pollingIntervalMs,
    runConfig: { modelProvider: new OpenAIProvider({ apiKey: s.apiKey, baseURL: s.modelUrl }), tracingDisabled: true },
  });
  await DBOS.launch();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    DBOS.shutdown().then(() => process.exit(0), () => process.exit(1));
  });
}
