import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '../sessions/sqlite-session.js';

/** The CLI's per-user data directory: `$AGENTRUN_HOME`, default `~/.agentrun`. */
export function agentrunHome(): string {
  const home = process.env.AGENTRUN_HOME;
  return home !== undefined && home.length > 0 ? home : join(homedir(), '.agentrun');
}

/** The SQLite session `--session ID` names, in `<AGENTRUN_HOME>/sessions.db` (created on first use). */
export function openCliSession(sessionId: string): SQLiteSession {
  const dir = agentrunHome();
  mkdirSync(dir, { recursive: true });
  return new SQLiteSession(sessionId, join(dir, 'sessions.db'));
}
