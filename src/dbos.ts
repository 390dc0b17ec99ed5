/**
 * `agentrun/dbos`: durable, distributed agent runs on DBOS Transact and PostgreSQL. A separate
 * entry point so that `agentrun` itself never loads `@dbos-inc/dbos-sdk` (an optional peer).
 */
export { DurableRunner } from './dbos/durable-runner.js';
export type { DurableRunnerOptions, DurableStartOptions } from './dbos/options.js';
export type {
  DurableRunResult, DurableRunStatus, DurableInterruption, DurableRunItem, DurableStreamEvent, JsonValue,
} from './dbos/types.js';
