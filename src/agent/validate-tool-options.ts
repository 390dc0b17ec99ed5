import { UserError } from '../errors/index.js';

const TOOL_OPTION_KEYS = new Set<string>([
  'name', 'description', 'parameters', 'strict', 'execute', 'failureErrorFunction', 'needsApproval', 'isEnabled',
  'timeoutMs', 'timeoutBehavior', 'inputGuardrails', 'outputGuardrails',
]);

/**
 * Check tool() options beyond name, execute and schema: a misspelt key (`needApproval`) or a
 * wrongly typed flag would otherwise be ignored silently, which for approvals means a tool runs
 * that should have waited for a human.
 */
export function validateToolOptions(options: Record<string, unknown>, name: string): void {
  const where = `Tool '${name}'`;
  for (const key of Object.keys(options)) {
    if (!TOOL_OPTION_KEYS.has(key)) {
      const bare = key.toLowerCase().replace(/_/g, '');
      const hint = [...TOOL_OPTION_KEYS].find((k) => k.toLowerCase() === bare || k.toLowerCase().replace(/s/g, '') === bare.replace(/s/g, ''));
      throw new UserError(`${where}: unknown option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  const { description, strict, failureErrorFunction, needsApproval, isEnabled, timeoutBehavior } = options;
  if (description !== undefined && typeof description !== 'string') throw new UserError(`${where}: description must be a string`);
  if (strict !== undefined && typeof strict !== 'boolean') throw new UserError(`${where}: strict must be a boolean`);
  if (failureErrorFunction !== undefined && failureErrorFunction !== null && typeof failureErrorFunction !== 'function') {
    throw new UserError(`${where}: failureErrorFunction must be a function or null`);
  }
  for (const [key, value] of [['needsApproval', needsApproval], ['isEnabled', isEnabled]] as const) {
    if (value !== undefined && typeof value !== 'boolean' && typeof value !== 'function') throw new UserError(`${where}: ${key} must be a boolean or a function`);
  }
  if (timeoutBehavior !== undefined && timeoutBehavior !== 'error_as_result' && timeoutBehavior !== 'raise_exception') {
    throw new UserError(`${where}: timeoutBehavior must be 'error_as_result' or 'raise_exception'`);
  }
  for (const key of ['inputGuardrails', 'outputGuardrails'] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) throw new UserError(`${where}: ${key} must be an array`);
  }
}
