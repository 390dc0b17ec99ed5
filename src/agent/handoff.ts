import type { z } from 'zod';
import type { Agent } from './agent.js';
import type { AgentLike } from './agent-like.js';
import type { RunContextWrapper } from './run-context.js';
import type { AgentInputItem } from '../items/types.js';
import type { RunItem } from '../items/run-items.js';
import type { SerializedFunctionTool } from '../models/interface.js';
import { UserError } from '../errors/index.js';
import { buildParametersSchema, isZodSchema, parseJsonWith, type JsonObjectSchema } from './schema.js';

import type { Callback, MaybePromise } from '../utils/types.js';

/** What a handoff input filter receives and returns. */
export interface HandoffInputData {
  /** The run input before this run started (history included). */
  inputHistory: string | AgentInputItem[];
  /** Items generated before the turn that handed off. */
  preHandoffItems: RunItem[];
  /** Items of the handoff turn, including the handoff call and output. */
  newItems: RunItem[];
  /** A copy with some fields replaced. */
  clone(overrides: Partial<Omit<HandoffInputData, 'clone'>>): HandoffInputData;
}

export function makeHandoffInputData(data: Omit<HandoffInputData, 'clone'>): HandoffInputData {
  // Object.assign rather than a spread followed by `clone` (see Runner's config copy).
  return Object.assign({}, data, {
    clone(overrides: Partial<Omit<HandoffInputData, 'clone'>>): HandoffInputData {
      return makeHandoffInputData(Object.assign({}, data, overrides));
    },
  });
}

/** Rewrites what the next agent sees at a handoff; returns the same shape it was given. */
export type HandoffInputFilter = (data: HandoffInputData) => MaybePromise<HandoffInputData>;

/** Replaces the default summary when `nestHandoffHistory` folds the transcript. */
export type HandoffHistoryMapper = (transcript: AgentInputItem[]) => MaybePromise<AgentInputItem[]>;

/** Options of `handoff(agent, options)`. */
export interface HandoffOptions<TContext, P extends z.ZodType | JsonObjectSchema | undefined> {
  toolNameOverride?: string;
  toolDescriptionOverride?: string;
  /** Called when the handoff happens, with the parsed input when `inputType` is set. */
  onHandoff?: Callback<[ctx: RunContextWrapper<TContext>, input: P extends z.ZodType ? z.output<P> : unknown], MaybePromise<void>>;
  /** Arguments the model must send with the handoff (zod object or JSON schema). */
  inputType?: P;
  inputFilter?: HandoffInputFilter;
  /** Overrides RunConfig.nestHandoffHistory for this handoff. */
  nestHandoffHistory?: boolean;
  isEnabled?: boolean | Callback<[ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>], MaybePromise<boolean>>;
}

/** `transfer_to_<name lower-cased, non-alphanumerics → _>`. */
export function defaultHandoffToolName(agentName: string): string {
  return `transfer_to_${agentName.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/** The default handoff tool description: `Handoff to the <name> agent to handle the request. <handoffDescription>`. */
export function defaultHandoffToolDescription(agent: { name: string; handoffDescription?: string }): string {
  return `Handoff to the ${agent.name} agent to handle the request. ${agent.handoffDescription ?? ''}`.trimEnd();
}

const EMPTY_PARAMS = { type: 'object', properties: {}, required: [], additionalProperties: false };

/** A handoff: a tool the model calls to pass the conversation to another agent. */
export class Handoff<TContext = unknown> {
  readonly toolName: string;
  readonly toolDescription: string;
  readonly agent: Agent<TContext, unknown>;
  readonly serialized: SerializedFunctionTool;
  readonly inputFilter?: HandoffInputFilter;
  readonly nestHandoffHistory?: boolean;
  readonly isEnabled: boolean | Callback<[ctx: RunContextWrapper<TContext>, agent: AgentLike<TContext>], MaybePromise<boolean>>;
  private readonly onHandoffFn?: Callback<[ctx: RunContextWrapper<TContext>, input: never], MaybePromise<void>>;
  private readonly inputZod?: z.ZodType;
  private readonly hasInput: boolean;

  constructor(agent: Agent<TContext, unknown>, options: HandoffOptions<TContext, z.ZodType | JsonObjectSchema | undefined> = {}) {
    if (!agent || typeof agent.name !== 'string') throw new UserError('handoff() needs an Agent');
    this.agent = agent;
    this.toolName = options.toolNameOverride ?? defaultHandoffToolName(agent.name);
    // The API rejects other names; say so here rather than as an HTTP 400 mid-run.
    if (typeof this.toolName !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(this.toolName)) {
      throw new UserError(`Handoff tool name ${JSON.stringify(this.toolName)} is invalid: use 1-64 letters, digits, '_' or '-' (set toolNameOverride)`);
    }
    this.toolDescription = options.toolDescriptionOverride ?? defaultHandoffToolDescription(agent);
    for (const key of ['onHandoff', 'inputFilter'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'function') throw new UserError(`Handoff '${this.toolName}': ${key} must be a function`);
    }
    if (options.isEnabled !== undefined && typeof options.isEnabled !== 'boolean' && typeof options.isEnabled !== 'function') {
      throw new UserError(`Handoff '${this.toolName}': isEnabled must be a boolean or a function`);
    }
    this.hasInput = options.inputType !== undefined;
    const parameters = this.hasInput ? buildParametersSchema(options.inputType, true, `Handoff '${this.toolName}' inputType`) : EMPTY_PARAMS;
    if (this.hasInput && !options.onHandoff) throw new UserError(`Handoff '${this.toolName}': inputType needs an onHandoff callback to receive it`);
    this.inputZod = isZodSchema(options.inputType) ? options.inputType : undefined;
    this.serialized = { type: 'function', name: this.toolName, description: this.toolDescription, parameters, strict: true };
    this.onHandoffFn = options.onHandoff as typeof this.onHandoffFn;
    this.inputFilter = options.inputFilter;
    this.nestHandoffHistory = options.nestHandoffHistory;
    this.isEnabled = options.isEnabled ?? true;
  }

  /** Parse the model's arguments and call `onHandoff` (ModelBehaviorError on bad JSON). */
  async invoke(ctx: RunContextWrapper<TContext>, argumentsJson: string): Promise<void> {
    if (!this.onHandoffFn) return;
    const input = this.hasInput ? parseJsonWith(argumentsJson, this.inputZod, `handoff '${this.toolName}'`) : undefined;
    await this.onHandoffFn(ctx, input as never);
  }
}

/** Create a handoff to `agent` with overrides and callbacks. */
export function handoff<TContext = unknown, P extends z.ZodType | JsonObjectSchema | undefined = undefined>(
  agent: Agent<TContext, unknown>,
  options: HandoffOptions<TContext, P> = {},
): Handoff<TContext> {
  return new Handoff(agent, options as HandoffOptions<TContext, z.ZodType | JsonObjectSchema | undefined>);
}
