/**
 * Request bodies serialized incrementally. A run re-sends its whole history on every model call,
 * so `JSON.stringify(body)` serializes the first items again and again (quadratic over a long
 * run). For a run's own requests the transport instead keeps, per history array, the JSON of the
 * items already sent and serializes only the new tail. The rule that makes this safe: an item is
 * serialized when it is first sent, and a run never changes an item it has sent (it appends new
 * ones). Code that changes an item in place afterwards (a hook, a stream reader) does not change
 * what later calls send; `callModelInputFilter`, the way to change what is sent, turns the cache
 * off for its run. The cache belongs to the run (`ModelRequest.inputJson`, passed on as
 * `TransportRequest.inputJson`).
 */
import type { InputJsonCache } from '../interface.js';

// Tools arrays are shared by every run of an agent (run/agent-setup.ts): a few long-lived entries.
const arrayJson = new WeakMap<object, string>();

/** @internal The JSON text of `body`, with the items of `body.input` served from the run's `cache` (and the `tools` array from this module's). */
export function serializeRunBody(body: Record<string, unknown>, cache: InputJsonCache): string {
  let out = '{';
  for (const key in body) {
    const value = body[key];
    let json: string | undefined;
    if (key === 'input' && Array.isArray(value)) json = cache.stringify(value);
    else if (key === 'tools' && Array.isArray(value)) json = toolsJson(value);
    else if (typeof value === 'string') json = stringJson(key, value);
    else json = JSON.stringify(value);
    if (json === undefined) continue; // undefined, functions, symbols: left out, as JSON.stringify does
    if (out.length > 1) out += ',';
    out += keyJson(key) + json;
  }
  return out + '}';
}

// The body's keys, and its string values that are the same on every call of an agent (`model`,
// `instructions`), keep their JSON text: a JSON.stringify call per key and string was about half
// of this function's time on a 4-key body.
const keyPrefixes = new Map<string, string>();
const lastStrings = new Map<string, { value: string; json: string }>();

/** `"key":`, cached (the keys are the Responses API's body fields: a handful). */
function keyJson(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = JSON.stringify(key) + ':';
    if (keyPrefixes.size < 256) keyPrefixes.set(key, prefix); // a body of unusual keys cannot grow it without bound
  }
  return prefix;
}

/** The JSON of `value`, reusing the last one made for the same key when the text is the same. */
function stringJson(key: string, value: string): string {
  const last = lastStrings.get(key);
  if (last !== undefined && last.value === value) return last.json;
  const json = JSON.stringify(value);
  if (lastStrings.size < 256 || last !== undefined) lastStrings.set(key, { value, json });
  return json;
}

/** The agent's serialized tools: one array per agent, the same on every call of every run. */
function toolsJson(tools: unknown[]): string {
  let json = arrayJson.get(tools);
  if (json === undefined) {
    json = JSON.stringify(tools);
    arrayJson.set(tools, json);
  }
  return json;
}
