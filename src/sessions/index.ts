/**
 * Session backends bundled with `agentrun` itself. Redis and PostgreSQL live in the
 * `agentrun/redis` and `agentrun/postgres` entry points so their drivers load only when used.
 */
export type { Session } from './session.js';
export { MemorySession } from './memory-session.js';
export { SQLiteSession } from './sqlite-session.js';
export { SessionConnectionError, SessionCorruptError } from './errors.js';
