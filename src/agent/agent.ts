import type { z } from 'zod';
import type { RunContextWrapper } from './run-context.js';
import type { Tool } from './tool.js';
import type { Model } from '../models/interface.js';
import type { ModelSettings } from '../models/model-settings.js';
import type { InputGuardrail, OutputGuardrail } from '../guardrails/types.js';
import type { AgentHooksLike } from '../hooks/run-hooks.js';
import type { ToolCallOutputItem } from '../items/run-items.js';
import type { JsonSchemaOutputType } from './output-type.js';
import type { MCPConfig, MCPServer } from './mcp-server.js';
import { OutputSchema } from './output-type.js';
import { Handoff } from './handoff.js';
import { UserError } from '../errors/index.js';
import { isHostedMcpTool, type HostedMcpTool } from './hosted-mcp-tool.js';
import { makeAgentTool, type AgentToolOptions } from './as-tool.js';
import { validateAgentConfig } from './validate-agent-config.js';

import type { Callback, MaybePromise } from '../utils/types.js';

/** One tool's result within a turn, as `toolUseBehavior` functions see it. */
export interface FunctionToolResult<TContext = unknown> {
  tool: Tool<TContext>;
  output: unknown;
  runItem: ToolCallOutputItem;
}

/** Decides whether a turn's tool results end the run. */
export type ToolUseBehavior<TContext = unknown> =
  | 'run_llm_again'
  | 'stop_on_first_tool'
  | { stopAtToolNames: string[] }
  | Callback<[ctx: RunContextWrapper<TContext>, results: FunctionToolResult<TContext>[]], MaybePromise<{ isFinalOutput: boolean; finalOutput?: unknown }>>;

/** Options of `new Agent(config)`; unknown or wrongly typed keys are a UserError. */
export interface AgentConfig<TContext = unknown, TOutput = string> {
  name: string;
  /** The system prompt, or a function computing it before each model call. */
  instructions?: string | Callback<[ctx: RunContextWrapper<TContext>, agent: Agent<TContext, TOutput>], MaybePromise<string>>;
  /** Told to other agents' models in the handoff tool description. */
  handoffDescription?: string;
  /** Function tools, and hosted tools (`hostedMcpTool`) the model provider runs itself. */
  tools?: Array<Tool<TContext> | HostedMcpTool>;
  handoffs?: Array<Agent<TContext, unknown> | Handoff<TContext>>;
  model?: string | Model;
  modelSettings?: ModelSettings;
  inputGuardrails?: InputGuardrail<TContext>[];
  outputGuardrails?: OutputGuardrail<TContext>[];
  /** A zod schema or a JSON schema for structured output; absent means plain text. */
  outputType?: z.ZodType<TOutput> | JsonSchemaOutputType;
  hooks?: AgentHooksLike<TContext>;
  toolUseBehavior?: ToolUseBehavior<TContext>;
  /** After the agent used a tool, reset `toolChoice` so a forced tool does not loop (default true). */
  resetToolChoice?: boolean;
  /**
   * MCP servers whose tools the agent offers besides `tools`, listed each turn (unless a server
   * caches its list). Connecting and closing them is the caller's job (see `connectMcpServers`).
   */
  mcpServers?: MCPServer[];
  /** How the MCP servers' tools are offered. */
  mcpConfig?: MCPConfig;
}

/**
 * An agent: instructions, a model, tools, handoffs and guardrails. `TOutput` is the type of
 * `result.finalOutput` (inferred from a zod `outputType`; `string` for plain text).
 */
export class Agent<TContext = unknown, TOutput = string> {
  readonly name: string;
  readonly instructions?: AgentConfig<TContext, TOutput>['instructions'];
  readonly handoffDescription?: string;
  /** The function tools (the run executes them). */
  readonly tools: Tool<TContext>[];
  /** The hosted tools given in `tools`, passed through to the model. */
  readonly hostedTools: HostedMcpTool[];
  readonly handoffs: Array<Agent<TContext, unknown> | Handoff<TContext>>;
  readonly model?: string | Model;
  readonly modelSettings: ModelSettings;
  readonly inputGuardrails: InputGuardrail<TContext>[];
  readonly outputGuardrails: OutputGuardrail<TContext>[];
  readonly outputType?: z.ZodType<TOutput> | JsonSchemaOutputType;
  readonly hooks?: AgentHooksLike<TContext>;
  readonly toolUseBehavior: ToolUseBehavior<TContext>;
  readonly resetToolChoice: boolean;
  readonly mcpServers: MCPServer[];
  readonly mcpConfig: MCPConfig;
  private readonly config: AgentConfig<TContext, TOutput>;
  private outputSchemaCache?: OutputSchema | null;
  private handoffCache?: Handoff<TContext>[];

  constructor(config: AgentConfig<TContext, TOutput>) {
    if (!config || typeof config.name !== 'string' || config.name.trim() === '') throw new UserError('Agent needs a non-empty name');
    validateAgentConfig(config as unknown as Record<string, unknown>, config.name);
    this.config = config;
    this.name = config.name;
    this.instructions = config.instructions;
    this.handoffDescription = config.handoffDescription;
    const tools = config.tools ?? [];
    this.tools = tools.filter((t): t is Tool<TContext> => !isHostedMcpTool(t));
    this.hostedTools = tools.filter(isHostedMcpTool);
    this.handoffs = config.handoffs ?? [];
    this.model = config.model;
    this.modelSettings = config.modelSettings ?? {};
    this.inputGuardrails = config.inputGuardrails ?? [];
    this.outputGuardrails = config.outputGuardrails ?? [];
    this.outputType = config.outputType;
    this.hooks = config.hooks;
    this.toolUseBehavior = config.toolUseBehavior ?? 'run_llm_again';
    this.resetToolChoice = config.resetToolChoice ?? true;
    this.mcpServers = config.mcpServers ?? [];
    this.mcpConfig = config.mcpConfig ?? {};
    validateToolUseBehavior(this.toolUseBehavior, this.name);
    const seen = new Set<string>();
    for (const t of this.tools) {
      if (!t || typeof t.name !== 'string' || !t.serialized) throw new UserError(`Agent '${this.name}': tools must be created with tool()`);
      if (seen.has(t.name)) throw new UserError(`Agent '${this.name}' has two tools named '${t.name}'`);
      seen.add(t.name);
    }
    const labels = new Set<string>();
    for (const t of this.hostedTools) {
      if (labels.has(t.name)) throw new UserError(`Agent '${this.name}' has two hosted MCP tools labelled '${t.name}'`);
      labels.add(t.name);
    }
  }

  /** The converted output schema, or undefined for plain text. Built once. */
  get outputSchema(): OutputSchema | undefined {
    if (this.outputSchemaCache === undefined) {
      this.outputSchemaCache = this.outputType === undefined ? null : new OutputSchema(this.outputType, this.name);
    }
    return this.outputSchemaCache ?? undefined;
  }

  /** Handoffs normalised to Handoff objects. Built once. */
  get handoffObjects(): Handoff<TContext>[] {
    this.handoffCache ??= this.handoffs.map((h) => (h instanceof Handoff ? h : new Handoff(h as Agent<TContext, unknown>)));
    return this.handoffCache;
  }

  /** A copy of this agent with some fields replaced. */
  clone<TNewOutput = TOutput>(overrides: Partial<AgentConfig<TContext, TNewOutput>>): Agent<TContext, TNewOutput> {
    return new Agent<TContext, TNewOutput>(Object.assign({}, this.config as unknown as AgentConfig<TContext, TNewOutput>, overrides));
  }

  /** This agent as a tool: it runs as a nested run and its final output is the tool's result. */
  asTool(options: AgentToolOptions<TContext>): Tool<TContext> {
    return makeAgentTool(this as Agent<TContext, unknown>, options);
  }
}

function validateToolUseBehavior(behavior: unknown, agentName: string): void {
  if (behavior === 'run_llm_again' || behavior === 'stop_on_first_tool' || typeof behavior === 'function') return;
  if (typeof behavior === 'object' && behavior !== null && Array.isArray((behavior as { stopAtToolNames?: unknown }).stopAtToolNames)) return;
  throw new UserError(`Agent '${agentName}': invalid toolUseBehavior ${JSON.stringify(behavior)}`);
}
