import { createHash } from 'node:crypto';
import { UserError } from '../errors/index.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

/** The SQL of one run table (statements are named: parsed once per pooled connection). */
export interface RunStoreSql {
  createSchema: string;
  select: Named; selectLease: Named; insert: Named; take: Named; save: Named; renew: Named; release: Named;
  remove: Named; listAll: Named; listStatus: Named;
}
interface Named {
  name: string;
  text: string;
}

/** Validate `tableName` (`name` or `schema.name`) and build its SQL. Times are epoch milliseconds. */
export function runStoreSql(tableName: string): RunStoreSql {
  const parts = typeof tableName === 'string' ? tableName.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new UserError(`PostgresRunStore: tableName must be "name" or "schema.name" of letters, digits and _, got ${JSON.stringify(tableName)}`);
  }
  // Validated above and quoted; all data goes in parameters.
  const t = parts.map((p) => `"${p}"`).join('.');
  const cols = 'run_id, status, agent_name, turn, state, steps, updated_at';
  const tag = createHash('sha1').update(tableName).digest('hex').slice(0, 12);
  const named = (key: string, text: string): Named => ({ name: `agentrun_runs_${key}_${tag}`, text });
  return {
    createSchema: `CREATE TABLE IF NOT EXISTS ${t} (
      run_id text PRIMARY KEY, status text NOT NULL, agent_name text NOT NULL, turn integer NOT NULL,
      state text NOT NULL, steps text NOT NULL, lease_owner text, lease_pid integer, lease_host text,
      lease_expires bigint NOT NULL, updated_at bigint NOT NULL)`,
    select: named('select', `SELECT ${cols} FROM ${t} WHERE run_id = $1`),
    selectLease: named('lease', `SELECT lease_owner, lease_pid, lease_host, lease_expires FROM ${t} WHERE run_id = $1`),
    insert: named('insert', `INSERT INTO ${t} (${cols}, lease_owner, lease_pid, lease_host, lease_expires)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (run_id) DO NOTHING RETURNING ${cols}`),
    take: named('take', `UPDATE ${t} SET lease_owner = $4, lease_pid = $5, lease_host = $6, lease_expires = $7
      WHERE run_id = $1 AND lease_owner IS NOT DISTINCT FROM $2 AND lease_expires = $3 RETURNING ${cols}`),
    save: named('save', `UPDATE ${t} SET status = $3, agent_name = $4, turn = $5, state = $6, steps = $7, updated_at = $8,
      lease_owner = CASE WHEN $9::int = 1 THEN NULL ELSE lease_owner END,
      lease_pid = CASE WHEN $9::int = 1 THEN NULL ELSE lease_pid END,
      lease_host = CASE WHEN $9::int = 1 THEN NULL ELSE lease_host END,
      lease_expires = CASE WHEN $9::int = 1 THEN 0 ELSE $10::bigint END
      WHERE run_id = $1 AND lease_owner = $2 RETURNING 1`),
    renew: named('renew', `UPDATE ${t} SET lease_expires = $3 WHERE run_id = $1 AND lease_owner = $2 RETURNING 1`),
    release: named('release', `UPDATE ${t} SET lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires = 0 WHERE run_id = $1 AND lease_owner = $2`),
    remove: named('remove', `DELETE FROM ${t} WHERE run_id = $1`),
    listAll: named('list', `SELECT run_id, status, agent_name, turn, updated_at FROM ${t} ORDER BY updated_at DESC`),
    listStatus: named('list_status', `SELECT run_id, status, agent_name, turn, updated_at FROM ${t} WHERE status = $1 ORDER BY updated_at DESC`),
  };
}
