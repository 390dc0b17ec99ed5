import { UserError } from '../errors/index.js';

const RUN_OPTION_KEYS = new Set<string>([
  'context', 'maxTurns', 'hooks', 'runConfig', 'errorHandlers', 'previousResponseId', 'autoPreviousResponseId',
  'conversationId', 'session', 'signal', 'runStore', 'runId',
]);

/**
 * Check the run options object (the third argument of run / runStreamed / runSync): unknown keys
 * (`max_turns`, `runconfig`) would silently fall back to defaults, and wrongly typed values fail
 * later with less clear errors. `maxTurns`, `runConfig` and `errorHandlers` are checked by their own validators.
 */
export function validateRunOptions(options: Record<string, unknown>): void {
  for (const key of Object.keys(options)) {
    if (!RUN_OPTION_KEYS.has(key)) {
      const hint = [...RUN_OPTION_KEYS].find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ''));
      throw new UserError(`Unknown run option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
  }
  const { hooks, session, signal, previousResponseId, conversationId, autoPreviousResponseId } = options;
  if (hooks !== undefined && (typeof hooks !== 'object' || hooks === null)) throw new UserError('Run option hooks must be an object (RunHooks or a plain object of callbacks)');
  if (session !== undefined && typeof (session as { getItems?: unknown })?.getItems !== 'function') {
    throw new UserError('Run option session must be a Session (getItems, addItems, popItem, clearSession)');
  }
  // Duck-typed: an AbortSignal from another realm or a polyfill still works.
  const s = signal as { aborted?: unknown; addEventListener?: unknown } | undefined;
  if (s !== undefined && (typeof s?.aborted !== 'boolean' || typeof s.addEventListener !== 'function')) throw new UserError('Run option signal must be an AbortSignal');
  for (const [key, value] of [['previousResponseId', previousResponseId], ['conversationId', conversationId]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new UserError(`Run option ${key} must be a non-empty string`);
  }
  if (autoPreviousResponseId !== undefined && typeof autoPreviousResponseId !== 'boolean') throw new UserError('Run option autoPreviousResponseId must be a boolean');
}
