/**
 * `agentrun/redis`: the Redis session backend. A separate entry point so that `agentrun` itself
 * never loads ioredis.
 */
export { RedisSession, type RedisSessionOptions, type RedisSessionUrlOptions } from './sessions/redis-session.js';
export { SessionConnectionError, SessionCorruptError } from './sessions/errors.js';
