import { randomUUID } from 'node:crypto';
import type { AgentInputItem } from '../items/types.js';
import type { Session } from './session.js';
import { assertItems, assertSessionId, checkLimit } from './validation.js';

const BACKEND = 'MemorySession';

/**
 * A session held in this object's memory: nothing is persisted and two instances never share
 * history, even with the same id. Items are stored by reference (no copy), so do not mutate an
 * item after adding it or after reading it back.
 *
 * @example
 * const session = new MemorySession();
 * await Runner.run(agent, 'hi', { session });
 */
export class MemorySession implements Session {
  readonly sessionId: string;
  private items: AgentInputItem[] = [];

  /** @param sessionId defaults to a random UUID. */
  constructor(sessionId?: string) {
    if (sessionId === undefined) {
      this.sessionId = randomUUID();
    } else {
      assertSessionId(sessionId, BACKEND);
      this.sessionId = sessionId;
    }
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const n = checkLimit(limit, BACKEND);
    if (n === undefined) return this.items.slice();
    return n === 0 ? [] : this.items.slice(-n);
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    // Validated in full before the push, so a bad item leaves the session unchanged.
    assertItems(items, BACKEND);
    for (const item of items) this.items.push(item);
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    return this.items.pop();
  }

  async clearSession(): Promise<void> {
    this.items = [];
  }
}
