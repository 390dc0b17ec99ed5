import type { Agent } from '../agent/agent.js';
import type { Tool } from '../agent/tool.js';
import type { Handoff } from '../agent/handoff.js';
import type { OutputSchema } from '../agent/output-type.js';
import type { Model, SerializedTool } from '../models/interface.js';
import type { ModelSettings } from '../models/model-settings.js';
import { resolveModelSettings } from '../models/model-settings.js';
import { UserError } from '../errors/index.js';
import { mcpFunctionTools } from '../agent/mcp-tools.js';
import type { RunEnv } from './run-env.js';
import type { RunState } from './run-state.js';
import { fromUser, then } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/types.js';

/**
 * An agent's tools, handoffs, model and settings, prepared for model calls. Built once per run
 * and agent (its name tables and wire tools are shared by all runs while the agent's tools stay
 * the same objects); rebuilt per turn only for agents whose tools/handoffs have `isEnabled` functions.
 */
export interface AgentSetup<TContext = unknown> {
  model: Model;
  /** Agent settings with RunConfig.modelSettings overlaid. */
  settings: ModelSettings;
  outputSchema: OutputSchema | undefined;
  toolsByName: Map<string, Tool<TContext>>;
  handoffsByName: Map<string, Handoff<TContext>>;
  /** Function tools, handoff tools, then hosted tools, as sent to the model. */
  serializedTools: SerializedTool[];
  /** True when enabled tools/handoffs must be recomputed each turn. */
  dynamic: boolean;
}

/** The cached setup is returned as is (no promise): most turns reuse it, and awaiting costs a tick each. */
export function getAgentSetup<C>(state: RunState<C>, env: RunEnv<C>): AgentSetup<C> | Promise<AgentSetup<C>> {
  const agent = state.currentAgent;
  const cached = env.setups.get(agent);
  if (cached && !cached.dynamic) return cached;
  const model = cached?.model ?? resolveModel(agent, env);
  // Synchronous unless the provider's getModel or an isEnabled function is async: once per run and agent.
  // A dynamic setup calls user code (isEnabled functions, MCP servers' tool listing): with the run's
  // trace current, before the agent's span starts (its tools are not known yet).
  return then(model, (resolved) => then(isDynamic(agent) ? env.tracing.inScope(() => buildDynamicSetup(agent, state, env, resolved), null) : buildStaticSetup(agent, env, resolved), (setup) => {
    env.setups.set(agent, setup);
    return setup;
  }));
}

function isDynamic(agent: Agent<unknown, unknown>): boolean {
  if (agent.mcpServers.length > 0) return true; // their tools are listed every turn
  for (const t of agent.tools) if (typeof t.isEnabled === 'function') return true;
  for (const h of agent.handoffObjects) if (typeof h.isEnabled === 'function') return true;
  return false;
}

/** The name tables and wire tools of an agent whose tools are enabled by plain flags. */
interface ToolTable<C> {
  /** The agent's tools and handoffs when the table was built: it holds while they are the same objects. */
  tools: readonly Tool<C>[];
  handoffs: readonly Handoff<C>[];
  toolsByName: Map<string, Tool<C>>;
  handoffsByName: Map<string, Handoff<C>>;
  serializedTools: SerializedTool[];
}

// Shared by every run of the agent (read-only once built): a run no longer builds two maps and an
// array, and the transport's JSON of the tools array is made once per agent, not once per run.
const toolTables = new WeakMap<object, ToolTable<unknown>>();

/** Every tool and handoff enabled or disabled by a plain flag. */
function buildStaticSetup<C>(agent: Agent<C, unknown>, env: RunEnv<C>, model: Model): AgentSetup<C> {
  let table = toolTables.get(agent) as ToolTable<C> | undefined;
  if (table === undefined || !sameObjects(table.tools, agent.tools) || !sameObjects(table.handoffs, agent.handoffObjects)) {
    table = buildToolTable(agent, (x) => x.isEnabled !== false);
    toolTables.set(agent, table as ToolTable<unknown>);
  }
  return setupFrom({ agent, env, model, table, dynamic: false });
}

/** The agent's `tools` array may be changed in place between runs: the table must follow. */
function sameObjects(known: readonly object[], now: readonly object[]): boolean {
  if (known.length !== now.length) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== now[i]) return false;
  return true;
}

/** Some tool or handoff has an isEnabled function: evaluated now (in order), and again every turn. */
async function buildDynamicSetup<C>(agent: Agent<C, unknown>, state: RunState<C>, env: RunEnv<C>, model: Model): Promise<AgentSetup<C>> {
  const disabled = new Set<object>();
  for (const x of [...agent.tools, ...agent.handoffObjects]) {
    if (!(await isEnabled(x.isEnabled as Enabled<C>, state, agent))) disabled.add(x);
  }
  const table = buildToolTable(agent, (x) => !disabled.has(x));
  if (agent.mcpServers.length > 0) await addMcpTools(agent, state, table);
  return setupFrom({ agent, env, model, table, dynamic: true });
}

/** The MCP servers' tools after the function tools, before the handoffs (names checked against both). */
async function addMcpTools<C>(agent: Agent<C, unknown>, state: RunState<C>, table: ToolTable<C>): Promise<void> {
  const taken = new Map<string, string>();
  for (const name of table.toolsByName.keys()) taken.set(name, `function tool '${name}'`);
  for (const name of table.handoffsByName.keys()) taken.set(name, `handoff '${name}'`);
  const tools = await mcpFunctionTools({ agent, servers: agent.mcpServers, config: agent.mcpConfig, runContext: state.context, taken });
  const handoffWire = table.serializedTools.splice(table.toolsByName.size);
  for (const t of tools) {
    table.toolsByName.set(t.name, t);
    table.serializedTools.push(t.serialized);
  }
  table.serializedTools.push(...handoffWire);
}

function buildToolTable<C>(agent: Agent<C, unknown>, enabled: (x: { isEnabled?: unknown }) => boolean): ToolTable<C> {
  const toolsByName = new Map<string, Tool<C>>();
  const handoffsByName = new Map<string, Handoff<C>>();
  const serializedTools: SerializedTool[] = [];
  for (const t of agent.tools) {
    if (!enabled(t)) continue;
    toolsByName.set(t.name, t);
    serializedTools.push(t.serialized);
  }
  for (const h of agent.handoffObjects) {
    if (!enabled(h)) continue;
    if (toolsByName.has(h.toolName) || handoffsByName.has(h.toolName)) {
      throw new UserError(`Agent '${agent.name}': handoff tool name '${h.toolName}' collides with another tool or handoff`);
    }
    handoffsByName.set(h.toolName, h);
    serializedTools.push(h.serialized);
  }
  // Last: the MCP servers' tools are spliced in before the handoffs (at toolsByName.size).
  for (const t of agent.hostedTools) serializedTools.push(t.serialized);
  return { tools: agent.tools.slice(), handoffs: agent.handoffObjects.slice(), toolsByName, handoffsByName, serializedTools };
}

/** What a setup is made from: the agent, the run (for its settings), the resolved model and the name tables. */
interface SetupParts<C> {
  agent: Agent<C, unknown>;
  env: RunEnv<C>;
  model: Model;
  table: ToolTable<C>;
  dynamic: boolean;
}

function setupFrom<C>({ agent, env, model, table, dynamic }: SetupParts<C>): AgentSetup<C> {
  return {
    model,
    // Per run: the agent's and the run's settings objects may change between runs.
    settings: resolveModelSettings(agent.modelSettings, env.config.modelSettings),
    outputSchema: agent.outputSchema,
    toolsByName: table.toolsByName,
    handoffsByName: table.handoffsByName,
    serializedTools: table.serializedTools,
    dynamic,
  };
}

type Enabled<C> = boolean | ((ctx: RunState<C>['context'], agent: Agent<C, unknown>) => boolean | Promise<boolean>);

async function isEnabled<C>(flag: Enabled<C>, state: RunState<C>, agent: Agent<C, unknown>): Promise<boolean> {
  return typeof flag === 'function' ? Boolean(await flag(state.context, agent)) : flag !== false;
}

function resolveModel<C>(agent: Agent<C, unknown>, env: RunEnv<C>): MaybePromise<Model> {
  const chosen = env.config.model ?? agent.model;
  if (chosen !== undefined && typeof chosen !== 'string') return chosen;
  return fromUser(env.modelProvider.getModel(chosen));
}

/** Check every agent reachable from `start` for duplicate tool/handoff names, before any model call. */
export function validateAgentGraph(start: Agent<unknown, unknown>): void {
  const seen = new Set<Agent<unknown, unknown>>();
  const visit = (agent: Agent<unknown, unknown>): void => {
    if (seen.has(agent)) return;
    seen.add(agent);
    const names = new Set(agent.tools.map((t) => t.name));
    for (const h of agent.handoffObjects) {
      if (names.has(h.toolName)) throw new UserError(`Agent '${agent.name}': handoff tool name '${h.toolName}' collides with another tool or handoff`);
      names.add(h.toolName);
      visit(h.agent as Agent<unknown, unknown>);
    }
    agent.outputSchema; // converts the output type now, so a bad schema fails before the first call
  };
  visit(start);
}
