/**
 * Checks a value against the JSON-schema subset that OpenAI structured outputs use (type,
 * properties, required, additionalProperties, items, enum, const, anyOf, $ref to $defs).
 * Returns the first problem as a path + message, or undefined when the value conforms.
 */
type Schema = Record<string, unknown>;

export function checkJsonSchema(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string | undefined {
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(root, schema.$ref);
    return target ? checkJsonSchema(value, target, root, path) : undefined;
  }
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as Schema[]).some((s) => checkJsonSchema(value, s, root, path) === undefined);
    return ok ? undefined : `${path}: does not match any allowed schema`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return `${path}: must be one of ${JSON.stringify(schema.enum)}`;
  if ('const' in schema && schema.const !== value) return `${path}: must be ${JSON.stringify(schema.const)}`;
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types && !types.some((t) => matchesType(value, t))) return `${path}: expected ${types.join(' or ')}`;
  if (isPlainObject(value)) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in value)) return `${path}: missing required property '${key}'`;
    }
    for (const [key, sub] of Object.entries(value)) {
      if (key in props) {
        const problem = checkJsonSchema(sub, props[key]!, root, `${path}.${key}`);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return `${path}: unexpected property '${key}'`;
      }
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    for (let i = 0; i < value.length; i++) {
      const problem = checkJsonSchema(value[i], schema.items as Schema, root, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isPlainObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: return true;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isPlainObject(node) ? node[part] : undefined;
  return isPlainObject(node) ? node : undefined;
}
