/**
 * `agentrun/postgres`: the PostgreSQL session backend. A separate entry point so that `agentrun`
 * itself never loads pg.
 */
export {
  PostgresSession,
  type PostgresSessionOptions,
  type PostgresSessionUrlOptions,
} from './sessions/postgres-session.js';
export { SessionConnectionError, SessionCorruptError } from './sessions/errors.js';
export {
  PostgresRunStore, type PostgresRunStoreOptions, type PostgresRunStoreUrlOptions,
} from './durable/postgres-run-store.js';
