/**
 * The JSON of the history items a run has already sent, kept by the run itself (one per run
 * environment) so that it dies with the run. A process-wide WeakMap keyed by history arrays held
 * every finished run's text until the next full GC, and its ephemerons made every scavenge
 * slower: at 50 concurrent runs the heap stood at 72 MB instead of 29 MB.
 * See models/openai/wire-json.ts for the rule that makes the cache safe.
 */
export class InputJsonCache {
  /** The items whose JSON is in `json`, in order (compared by identity). */
  items: unknown[] = [];
  /** Their JSON texts joined with commas, without the brackets. */
  json = '';
}

/**
 * Set on a run's model and transport requests to the run's {@link InputJsonCache} when the input
 * is the run's own history; absent when a callModelInputFilter chose the input.
 */
export const CACHE_INPUT_JSON: unique symbol = Symbol('agentrun.cacheInputJson');

/** The input JSON cache a request carries, if any. */
export function inputJsonCacheOf(request: object): InputJsonCache | undefined {
  return (request as { [CACHE_INPUT_JSON]?: InputJsonCache })[CACHE_INPUT_JSON];
}
