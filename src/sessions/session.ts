import type { AgentInputItem } from '../items/types.js';

/**
 * Conversation memory across runs. `Runner.run(..., { session })` loads the history before the
 * first model call and appends each turn's items as the run goes.
 */
export interface Session {
  readonly sessionId: string;
  /** The newest `limit` items (all when absent), oldest first. */
  getItems(limit?: number): Promise<AgentInputItem[]>;
  /** Append items atomically: all of them land, in order, or none. */
  addItems(items: AgentInputItem[]): Promise<void>;
  /** Remove and return the newest item, or undefined when empty. */
  popItem(): Promise<AgentInputItem | undefined>;
  /** Delete every item of this session. */
  clearSession(): Promise<void>;
}
