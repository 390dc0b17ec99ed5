import type { RunErrorData } from './run-error-data.js';

/**
 * Base class of every error agentrun raises. `runData` holds a snapshot of the run at the
 * moment it failed (input, items so far, raw responses, last agent, guardrail results), so a
 * caller can inspect or log what happened; it is absent only for errors raised before a run began.
 */
export class AgentsException extends Error {
  runData?: RunErrorData;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
