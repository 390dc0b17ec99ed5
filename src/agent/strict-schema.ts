import { UserError } from '../errors/index.js';

type JsonObject = Record<string, unknown>;

/**
 * Make a JSON schema valid for OpenAI strict mode: every object closes with
 * `additionalProperties: false` and lists all its properties as required. A property the schema
 * leaves optional cannot be expressed in strict mode, so it is a UserError naming the field
 * (make it nullable instead, or pass `strict: false`). Returns a new schema; the input is not changed.
 */
export function toStrictJsonSchema(schema: unknown, where: string): JsonObject {
  if (!isObject(schema)) throw new UserError(`${where}: the JSON schema must be an object`);
  return strictify(schema, where, '$') as JsonObject;
}

function strictify(node: unknown, where: string, path: string): unknown {
  if (Array.isArray(node)) return node.map((n, i) => strictify(n, where, `${path}[${i}]`));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) props[name] = strictify(sub, where, `${path}.${name}`);
      out.properties = props;
    } else if (key === '$defs' || key === 'definitions') {
      const defs: JsonObject = {};
      for (const [name, sub] of Object.entries(value as JsonObject)) defs[name] = strictify(sub, where, `${path}.${key}.${name}`);
      out[key] = defs;
    } else if (isObject(value) || Array.isArray(value)) {
      out[key] = strictify(value, where, `${path}.${key}`);
    } else {
      out[key] = value;
    }
  }
  const isObjectType = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (isObjectType || isObject(out.properties)) {
    if (out.additionalProperties !== undefined && out.additionalProperties !== false) {
      throw new UserError(`${where}: ${path} allows additional properties, which strict mode does not support; pass strict: false`);
    }
    out.additionalProperties = false;
    const props = isObject(out.properties) ? Object.keys(out.properties) : [];
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    for (const name of props) {
      if (!required.has(name)) {
        throw new UserError(
          `${where}: property '${path}.${name}' is optional; strict mode needs every property required (make it nullable instead, or pass strict: false)`,
        );
      }
    }
    out.required = props;
    if (!isObject(out.properties)) out.properties = {};
  }
  delete out.$schema;
  return out;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
