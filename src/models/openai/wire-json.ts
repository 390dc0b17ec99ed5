/**
 * Request bodies serialized incrementally. A run re-sends its whole history on every model call,
 * so `JSON.stringify(body)` serializes the first items again and again (quadratic over a long
 * run). For a run's own requests the transport instead serializes each history item once and
 * joins the cached texts. The rule that makes this safe: an item is serialized when it is first
 * sent, and a run never changes an item it has sent (it appends new ones). Code that changes an
 * item in place afterwards (a hook, a stream reader) does not change what later calls send;
 * `callModelInputFilter`, the way to change what is sent, turns the cache off for its run.
 */
const itemJson = new WeakMap<object, string>();
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

function inputJson(items: unknown[]): string {
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'object' || item === null) {
      parts[i] = JSON.stringify(item) ?? 'null';
      continue;
    }
    let json = itemJson.get(item);
    if (json === undefined) {
      json = JSON.stringify(item);
      itemJson.set(item, json);
    }
    parts[i] = json;
  }
  return '[' + parts.join(',') + ']';
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
