/**
 * Child process for SQLite multi-process tests: serves SQLiteSession calls over IPC.
 * Message in: { id, sessionId, dbPath, op, args }; out: { id, ok, value } or { id, ok: false, error }.
 */
import { SQLiteSession } from '../../../src/sessions/sqlite-session.js';

interface Call {
  id: number;
  sessionId: string;
  dbPath: string;
  op: 'getItems' | 'addItems' | 'popItem' | 'clearSession';
  args: unknown[];
}

const sessions = new Map<string, SQLiteSession>();

function sessionFor(call: Call): SQLiteSession {
  const key = `${call.dbPath}\0${call.sessionId}`;
  let s = sessions.get(key);
  if (!s) {
    s = new SQLiteSession(call.sessionId, call.dbPath);
    sessions.set(key, s);
  }
  return s;
}

process.on('message', (call: Call) => {
  void (async () => {
    try {
      const session = sessionFor(call);
      const fn = session[call.op] as (...args: unknown[]) => Promise<unknown>;
      const value = await fn.apply(session, call.args);
      process.send!({ id: call.id, ok: true, value });
    } catch (err) {
      const e = err as Error;
      process.send!({ id: call.id, ok: false, error: { name: e.name, message: e.message } });
    }
  })();
});

process.on('disconnect', () => {
  for (const s of sessions.values()) s.close();
  process.exit(0);
});

process.send!({ ready: true });
