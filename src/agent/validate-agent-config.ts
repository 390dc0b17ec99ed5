import { UserError } from '../errors/index.js';

const AGENT_CONFIG_KEYS = new Set<string>([
  'name', 'instructions', 'handoffDescription', 'tools', 'handoffs', 'model', 'modelSettings', 'inputGuardrails',
  'outputGuardrails', 'outputType', 'hooks', 'toolUseBehavior', 'resetToolChoice', 'mcpServers', 'mcpConfig',
]);

/**
 * Check an AgentConfig when the agent is created: a misspelt key (`tool`, `output_type`) or a
 * wrongly typed field would otherwise be ignored, or fail only at the first model call.
 */
export function validateAgentConfig(config: Record<string, unknown>, agentName: string): void {
  const where = `Agent '${agentName}'`;
  for (const key of Object.keys(config)) {
    if (!AGENT_CONFIG_KEYS.has(key)) {
      const hint = [...AGENT_CONFIG_KEYS].find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, '') || k === `${key}s`);
      throw new UserError(`${where}: unknown config key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  const { instructions, model, modelSettings, handoffDescription, resetToolChoice, hooks } = config;
  if (instructions !== undefined && typeof instructions !== 'string' && typeof instructions !== 'function') {
    throw new UserError(`${where}: instructions must be a string or a function returning one`);
  }
  if (handoffDescription !== undefined && typeof handoffDescription !== 'string') throw new UserError(`${where}: handoffDescription must be a string`);
  if (model !== undefined && typeof model !== 'string' && typeof (model as { getResponse?: unknown })?.getResponse !== 'function') {
    throw new UserError(`${where}: model must be a model name or a Model`);
  }
  for (const key of ['tools', 'handoffs', 'inputGuardrails', 'outputGuardrails'] as const) {
    if (config[key] !== undefined && !Array.isArray(config[key])) throw new UserError(`${where}: ${key} must be an array`);
  }
  checkGuardrails(config.inputGuardrails, 'input', `${where}: inputGuardrails`);
  checkGuardrails(config.outputGuardrails, 'output', `${where}: outputGuardrails`);
  for (const [key, value] of [['modelSettings', modelSettings], ['hooks', hooks]] as const) {
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new UserError(`${where}: ${key} must be an object`);
  }
  if (resetToolChoice !== undefined && typeof resetToolChoice !== 'boolean') throw new UserError(`${where}: resetToolChoice must be a boolean`);
  checkMcpServers(config.mcpServers, config.mcpConfig, where);
}

/** An MCP server must have the MCPServer shape, each name once; mcpConfig is an object. */
function checkMcpServers(servers: unknown, mcpConfig: unknown, where: string): void {
  if (mcpConfig !== undefined && (typeof mcpConfig !== 'object' || mcpConfig === null || Array.isArray(mcpConfig))) throw new UserError(`${where}: mcpConfig must be an object`);
  if (servers === undefined) return;
  if (!Array.isArray(servers)) throw new UserError(`${where}: mcpServers must be an array`);
  const names = new Set<string>();
  for (const s of servers) {
    const ok = typeof s === 'object' && s !== null && typeof (s as { name?: unknown }).name === 'string'
      && typeof (s as { listTools?: unknown }).listTools === 'function' && typeof (s as { callTool?: unknown }).callTool === 'function';
    if (!ok) throw new UserError(`${where}: mcpServers must hold MCP servers (e.g. MCPServerStdio from 'agentrun/mcp')`);
    const name = (s as { name: string }).name;
    if (names.has(name)) throw new UserError(`${where}: two MCP servers are named '${name}'`);
    names.add(name);
  }
}

/** A bare function where a guardrail belongs would fail only when the run reaches it. */
export function checkGuardrails(list: unknown, kind: 'input' | 'output', where: string): void {
  if (!Array.isArray(list)) return;
  for (const g of list) {
    const ok = typeof g === 'object' && g !== null && (g as { type?: unknown }).type === kind && typeof (g as { execute?: unknown }).execute === 'function';
    if (!ok) throw new UserError(`${where} must hold guardrails made with ${kind}Guardrail(fn)`);
  }
}
