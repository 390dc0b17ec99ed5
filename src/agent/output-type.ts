import { z } from 'zod';
import { ModelBehaviorError, UserError } from '../errors/index.js';
import type { SerializedOutputType } from '../models/interface.js';
import { isZodSchema, wireCopy, zodToJsonSchema } from './schema.js';
import { toStrictJsonSchema } from './strict-schema.js';
import { checkJsonSchema } from './json-schema-check.js';

/** A structured output type given as a JSON schema instead of zod. */
export interface JsonSchemaOutputType {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
  /** Default true. */
  strict?: boolean;
}

/** What `Agent.outputType` accepts: a zod schema or a JSON schema; absent means plain text. */
export type AgentOutputType = z.ZodType | JsonSchemaOutputType;

/** The TypeScript type of an agent's final output for a given output type. */
export type OutputOf<T> = T extends z.ZodType ? z.output<T> : T extends JsonSchemaOutputType ? unknown : string;

/**
 * An agent's output type, converted once: the schema sent to the model and the validator for the
 * final message. Non-object schemas are wrapped in `{ response: ... }` because the APIs require
 * an object at the root; the wrapper is removed again when parsing.
 */
export class OutputSchema {
  readonly serialized: SerializedOutputType;
  private readonly zod: z.ZodType | undefined;
  private readonly wrapped: boolean;

  constructor(outputType: AgentOutputType, agentName: string) {
    const where = `Agent '${agentName}' outputType`;
    let schema: Record<string, unknown>;
    let strict = true;
    let name = 'final_output';
    if (isZodSchema(outputType)) {
      this.zod = outputType;
      schema = zodToJsonSchema(outputType, where);
    } else if (outputType && (outputType as JsonSchemaOutputType).type === 'json_schema') {
      const js = outputType as JsonSchemaOutputType;
      if (typeof js.schema !== 'object' || js.schema === null) throw new UserError(`${where}: 'schema' must be a JSON schema object`);
      schema = js.schema;
      strict = js.strict ?? true;
      name = js.name || name;
    } else {
      throw new UserError(`${where} must be a zod schema or { type: 'json_schema', name, schema }`);
    }
    this.wrapped = schema.type !== 'object';
    if (this.wrapped) {
      const { $schema: _s, ...inner } = schema;
      schema = { type: 'object', properties: { response: inner }, required: ['response'], additionalProperties: false };
    }
    this.serialized = { name, schema: wireCopy(strict ? toStrictJsonSchema(schema, where) : schema), strict };
  }

  /**
   * Validate a final output given as a value (an error handler's): for a wrapped (non-object)
   * type, either the bare value or `{ response: value }`. Returns the validated value; a mismatch
   * (or a value with no JSON form) is a ModelBehaviorError.
   */
  parseValue(value: unknown): unknown {
    const payload = this.wrapped && !(typeof value === 'object' && value !== null && 'response' in value) ? { response: value } : value;
    let text: string | undefined;
    try {
      text = JSON.stringify(payload);
    } catch (error) {
      throw new ModelBehaviorError(`Final output has no JSON form: ${(error as Error).message}`, { cause: error });
    }
    if (text === undefined) throw new ModelBehaviorError('Final output has no JSON form');
    return this.parse(text);
  }

  /** Parse and validate the final message text; a mismatch is a ModelBehaviorError. */
  parse(text: string): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ModelBehaviorError(`Invalid JSON in final output: ${(error as Error).message}`, { cause: error });
    }
    if (this.wrapped) {
      if (typeof value !== 'object' || value === null || !('response' in value)) {
        throw new ModelBehaviorError("Final output is missing the 'response' wrapper field");
      }
      value = (value as { response: unknown }).response;
    }
    if (this.zod) {
      const parsed = this.zod.safeParse(value);
      if (!parsed.success) throw new ModelBehaviorError(`Final output does not match the output type: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
      return parsed.data;
    }
    const problem = checkJsonSchema(value, this.wrapped ? (this.serialized.schema.properties as Record<string, Record<string, unknown>>).response! : this.serialized.schema, this.serialized.schema);
    if (problem) throw new ModelBehaviorError(`Final output does not match the output type: ${problem}`);
    return value;
  }
}
