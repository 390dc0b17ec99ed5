/** A value or a promise of it: every user callback may be sync or async. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A callback type checked bivariantly in its parameters (the way method parameters are), so an
 * agent or tool typed for a specific context still fits where `unknown` context is expected.
 */
export type Callback<A extends unknown[], R> = { bivarianceHack(...args: A): R }['bivarianceHack'];
