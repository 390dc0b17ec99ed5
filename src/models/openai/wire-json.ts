/**
 * Request bodies serialized incrementally. A run re-sends its whole history on every model call,
 * so `JSON.stringify(body)` serializes the first items again and again (quadratic over a long
 * run). For a run's own requests the transport instead keeps, per history array, the JSON of the
 * items already sent and serializes only the new tail. The rule that makes this safe: an item is
 * serialized when it is first sent, and a run never changes an item it has sent (it appends new
 * ones). Code that changes an item in place afterwards (a hook, a stream reader) does not change
 * what later calls send; `callModelInputFilter`, the way to change what is sent, turns the cache
 * off for its run.
 */
/** The serialized prefix of a history array: its first items (by identity) and their joined JSON. */
interface Serialized {
  items: unknown[];
  json: string;
}

// Keyed by the history array (one entry per run), not by item: an entry per item made the
// garbage collector process thousands of young ephemerons, and a lookup per item per call.
const histories = new WeakMap<object, Serialized>();
const arrayJson = new WeakMap<object, string>();

/** @internal The JSON text of `body`, with the items of `body.input` (and the `tools` array) served from the cache. */
export function serializeRunBody(body: Record<string, unknown>): string {
  let out = '{';
  for (const key in body) {
    const value = body[key];
    let json: string | undefined;
    if (key === 'input' && Array.isArray(value)) json = inputJson(value);
    else if (key === 'tools' && Array.isArray(value)) json = toolsJson(value);
    else json = JSON.stringify(value);
    if (json === undefined) continue; // undefined, functions, symbols: left out, as JSON.stringify does
    if (out.length > 1) out += ',';
    out += JSON.stringify(key) + ':' + json;
  }
  return out + '}';
}

/**
 * A history array grows by appending: the cached JSON of its first items is reused while those
 * items are still the same objects in the same places, and only the new tail is serialized.
 */
function inputJson(items: unknown[]): string {
  let cached = histories.get(items);
  let from = 0;
  if (cached !== undefined) {
    const known = cached.items;
    if (known.length <= items.length) {
      from = known.length;
      for (let i = 0; i < known.length; i++) {
        if (known[i] !== items[i]) {
          from = 0;
          break;
        }
      }
    }
  }
  if (cached === undefined || from === 0) {
    cached = { items: [], json: '' };
    histories.set(items, cached);
  }
  let json = cached.json;
  for (let i = from; i < items.length; i++) {
    const item = items[i];
    const text = JSON.stringify(item) ?? 'null'; // as in an array: undefined and functions become null
    json = json.length === 0 && i === 0 ? text : json + ',' + text;
    cached.items.push(item);
  }
  cached.json = json;
  return '[' + json + ']';
}

/** The agent's serialized tools: one array per agent and run, the same on every call. */
function toolsJson(tools: unknown[]): string {
  let json = arrayJson.get(tools);
  if (json === undefined) {
    json = JSON.stringify(tools);
    arrayJson.set(tools, json);
  }
  return json;
}
