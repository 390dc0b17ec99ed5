/**
 * The JSON of the history items a run has already sent, kept by the run itself (one per run
 * environment) so that it dies with the run. A process-wide WeakMap keyed by history arrays held
 * every finished run's text until the next full GC, and its ephemerons made every scavenge
 * slower: at 50 concurrent runs the heap stood at 72 MB instead of 29 MB.
 * Requests carry it as `ModelRequest.inputJson` (see that field for who may use it).
 */
import type { InputJsonCache as InputJsonCacheContract } from '../models/interface.js';

export class InputJsonCache implements InputJsonCacheContract {
  /** The items whose JSON is in `#json`, in order (compared by identity). */
  readonly #items: unknown[] = [];
  /** Their JSON texts joined with commas, without the brackets. */
  #json = '';

  /**
   * A history array grows by appending: the cached JSON of its first items is reused while those
   * items are still the same objects in the same places, and only the new tail is serialized.
   * Anything else (another array, a replaced or removed item) starts over, so a request copied
   * with another input is still served its own text.
   */
  stringify(items: readonly unknown[]): string {
    const known = this.#items;
    let from = known.length <= items.length ? known.length : 0;
    for (let i = 0; i < from; i++) {
      if (known[i] !== items[i]) {
        from = 0;
        break;
      }
    }
    if (from === 0) {
      known.length = 0;
      this.#json = '';
    }
    let json = this.#json;
    for (let i = from; i < items.length; i++) {
      const item = items[i];
      const text = JSON.stringify(item) ?? 'null'; // as in an array: undefined and functions become null
      json = i === 0 ? text : json + ',' + text;
      known.push(item);
    }
    this.#json = json;
    return '[' + json + ']';
  }
}
