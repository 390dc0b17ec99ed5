import type { EncodedState, EncodedStateV1 } from './run-state-schema.js';

/**
 * Migrations between saved RunState versions, oldest first. A saved state of any earlier version
 * is validated with its own schema, then brought up to the current one here. Never edit a
 * migration once released: the fixtures in test/durable/fixtures pin every version's format.
 */

/** 1 → 2: no run id; output guardrail results were not kept. */
function v1ToV2(s: EncodedStateV1): EncodedState {
  return { ...s, version: 2, outputGuardrailResults: [] };
}

/** Bring a validated state of any known version to the current format. */
export function migrateToCurrent(s: EncodedStateV1 | EncodedState): EncodedState {
  return s.version === 1 ? v1ToV2(s) : s;
}
