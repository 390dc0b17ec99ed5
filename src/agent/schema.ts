import { z } from 'zod';
import { ModelBehaviorError, UserError } from '../errors/index.js';
import { toStrictJsonSchema } from './strict-schema.js';

/** A zod schema (zod 4). Detected structurally so a second zod copy in node_modules still works. */
export type ZodLike = z.ZodType;

export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/** A JSON schema given directly for tool parameters. */
export type JsonObjectSchema = { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

/** Convert a zod schema to the JSON schema sent to the model. */
export function zodToJsonSchema(schema: z.ZodType, where: string): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`${where}: the zod schema cannot be converted to JSON schema: ${(error as Error).message}`, { cause: error });
  }
}

/** Build the (optionally strict) JSON schema once, at definition time. */
export function buildParametersSchema(parameters: unknown, strict: boolean, where: string): Record<string, unknown> {
  const raw = isZodSchema(parameters) ? zodToJsonSchema(parameters, where) : parameters;
  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'object') {
    throw new UserError(`${where}: parameters must be a zod object or a JSON schema with type 'object'`);
  }
  if (!strict) {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    return wireCopy(rest);
  }
  return wireCopy(toStrictJsonSchema(raw, where));
}

/**
 * A plain-JSON copy of a schema that goes out with every model request. The conversions above
 * delete keys (`$schema`), which leaves V8 objects in dictionary mode, and JSON.stringify takes its
 * slow path on those on every call; objects made by JSON.parse are in fast mode.
 */
export function wireCopy<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema)) as T;
}

/** Parse and validate JSON text with an optional zod schema; errors are ModelBehaviorErrors. */
export function parseJsonWith(text: string, schema: z.ZodType | undefined, what: string): unknown {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ModelBehaviorError(`Invalid JSON for ${what}: ${(error as Error).message}`, { cause: error });
  }
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ModelBehaviorError(`Invalid arguments for ${what}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
