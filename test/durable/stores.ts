// The three shipped RunStores, each made fresh (random table / file names) for a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MemoryRunStore, SQLiteRunStore, type RunStore } from '../../src/index.js';
import pg from 'pg';
import { PostgresRunStore } from '../../src/postgres.js';

export const PG_URL = process.env.AGENTRUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreKind {
  name: string;
  /** A fresh store, and a function that opens another store on the same data (as another process would). */
  make(options?: { leaseMs?: number }): { store: RunStore; reopen(): RunStore; cleanup(): Promise<void> };
}

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'MemoryRunStore',
    make: (options) => {
      const store = new MemoryRunStore(options);
      return { store, reopen: () => store, cleanup: async () => {} };
    },
  },
  {
    name: 'SQLiteRunStore',
    make: (options) => {
      const dir = mkdtempSync(join(tmpdir(), 'agentrun-runs-'));
      const path = join(dir, 'runs.db');
      const opened: RunStore[] = [new SQLiteRunStore(path, options)];
      return {
        store: opened[0]!,
        reopen: () => {
          const again = new SQLiteRunStore(path, options);
          opened.push(again);
          return again;
        },
        cleanup: async () => {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgresRunStore',
    make: (options) => {
      const tableName = `runs_${randomBytes(6).toString('hex')}`;
      const opened: PostgresRunStore[] = [PostgresRunStore.fromUrl(PG_URL, { ...options, tableName })];
      return {
        store: opened[0]!,
        reopen: () => {
          const again = PostgresRunStore.fromUrl(PG_URL, { ...options, tableName });
          opened.push(again);
          return again;
        },
        cleanup: async () => {
          for (const s of opened) await s.close();
          const client = new pg.Client(PG_URL);
          await client.connect();
          await client.query(`DROP TABLE IF EXISTS "${tableName}"`);
          await client.end();
        },
      };
    },
  },
];
