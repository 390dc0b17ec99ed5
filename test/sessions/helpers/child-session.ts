/**
 * A Session whose calls run in another process (helpers/sqlite-child.ts), to prove that
 * separate processes sharing one SQLite file interleave safely and agree on order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentInputItem } from '../../../src/items/types.js';
import type { Session } from '../../../src/sessions/session.js';

const CHILD = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url));

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

/** One child process; it can serve sessions of any id on any file. */
export class SessionChild {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 0;
  readonly ready: Promise<void>;

  constructor() {
    this.child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`session child exited early (${code})`)));
      this.child.once('message', () => resolve());
    });
    this.child.on('message', (msg: Reply | { ready: true }) => {
      if (!('id' in msg)) return;
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.ok) w.resolve(msg.value);
      else w.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
    });
  }

  call(options: { sessionId: string; dbPath: string; op: string; args: unknown[] }): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, ...options });
    });
  }

  session(sessionId: string, dbPath: string): Session {
    const call = (op: string, args: unknown[]): Promise<unknown> => this.call({ sessionId, dbPath, op, args });
    return {
      sessionId,
      getItems: (limit?: number) => call('getItems', [limit]) as Promise<AgentInputItem[]>,
      addItems: async (items: AgentInputItem[]) => void (await call('addItems', [items])),
      popItem: async () => ((await call('popItem', [])) ?? undefined) as AgentInputItem | undefined,
      clearSession: async () => void (await call('clearSession', [])),
    };
  }

  /** Close the IPC channel; the child closes its databases and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}
