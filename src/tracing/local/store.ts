import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Span, Trace } from '../types.js';
import { spanDisplayName } from '../span-data.js';
import type { SpanData } from '../span-data.js';
import { UserError } from '../../errors/index.js';
import { isoToEpochMs } from '../clock.js';

// Loaded on first use: most processes never open a local trace store, so they skip the native module.
const require = createRequire(import.meta.url);

/** The default database path: `AGENTRUN_TRACE_DB`, else `.agentrun/traces.db` under the working directory. */
export function defaultTraceDbPath(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.AGENTRUN_TRACE_DB || '.agentrun/traces.db');
}

/** One row of `LocalTraceStore.listTraces()`. */
export interface TraceSummary {
  traceId: string;
  workflowName: string;
  groupId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** From trace start to end (or to the last span end while the trace is open); null if unknown. */
  durationMs: number | null;
  spanCount: number;
  errorCount: number;
}

/** A stored trace. */
export interface StoredTrace {
  traceId: string;
  workflowName: string;
  groupId: string | null;
  metadata: Record<string, unknown> | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** A stored span; `spanData` is the span data as the run recorded it. */
export interface StoredSpan {
  spanId: string;
  traceId: string;
  parentId: string | null;
  type: string;
  name: string;
  startedAt: string | null;
  endedAt: string | null;
  spanData: SpanData;
  error: { message: string; data?: Record<string, unknown> } | null;
}

/** Options for `LocalTraceStore`. */
export interface LocalTraceStoreOptions {
  /** Database file; default `defaultTraceDbPath()`. */
  path?: string;
  /** Open without writing (the viewer). The file must exist. */
  readonly?: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY, workflow_name TEXT NOT NULL, group_id TEXT, metadata TEXT,
  started_at TEXT, ended_at TEXT);
CREATE TABLE IF NOT EXISTS spans (
  id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, parent_id TEXT, type TEXT NOT NULL, name TEXT NOT NULL,
  started_at TEXT, ended_at TEXT, span_data TEXT NOT NULL, error TEXT);
CREATE INDEX IF NOT EXISTS spans_by_trace ON spans(trace_id, started_at);
CREATE INDEX IF NOT EXISTS traces_by_start ON traces(started_at);
`;

// Span data may hold anything a tool returned; never let one value stop the write.
function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
  } catch (error) {
    return JSON.stringify({ unserializable: error instanceof Error ? error.message : String(error) });
  }
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function durationMs(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  return Math.max(0, Math.round((isoToEpochMs(end) - isoToEpochMs(start)) * 1000) / 1000);
}

interface SummaryRow {
  id: string;
  workflow_name: string;
  group_id: string | null;
  started_at: string | null;
  ended_at: string | null;
  span_count: number;
  error_count: number | null;
  last_span_end: string | null;
}

interface TraceRow {
  id: string;
  workflow_name: string;
  group_id: string | null;
  metadata: string | null;
  started_at: string | null;
  ended_at: string | null;
}

interface SpanRow {
  id: string;
  trace_id: string;
  parent_id: string | null;
  type: string;
  name: string;
  started_at: string | null;
  ended_at: string | null;
  span_data: string;
  error: string | null;
}

/** Traces and spans in a SQLite file (better-sqlite3), for the local trace viewer. */
export class LocalTraceStore {
  /** The database file. */
  readonly path: string;
  readonly #db: BetterSqlite3.Database;
  readonly #writes: { upsertTrace: BetterSqlite3.Statement; upsertSpan: BetterSqlite3.Statement } | null;
  readonly #reads: { list: BetterSqlite3.Statement; getTrace: BetterSqlite3.Statement; getSpans: BetterSqlite3.Statement };

  constructor(options: LocalTraceStoreOptions = {}) {
    this.path = options.path ? resolve(options.path) : defaultTraceDbPath();
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    if (options.readonly) {
      this.#db = new Database(this.path, { readonly: true, fileMustExist: true });
    } else {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#db = new Database(this.path);
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(SCHEMA);
    }
    const db = this.#db;
    this.#writes = options.readonly
      ? null
      : {
          upsertTrace: db.prepare(
            `INSERT INTO traces (id, workflow_name, group_id, metadata, started_at, ended_at)
             VALUES (@id, @workflow_name, @group_id, @metadata, @started_at, @ended_at)
             ON CONFLICT(id) DO UPDATE SET ended_at = COALESCE(excluded.ended_at, traces.ended_at)`,
          ),
          upsertSpan: db.prepare(
            `INSERT OR REPLACE INTO spans (id, trace_id, parent_id, type, name, started_at, ended_at, span_data, error)
             VALUES (@id, @trace_id, @parent_id, @type, @name, @started_at, @ended_at, @span_data, @error)`,
          ),
        };
    this.#reads = {
      list: db.prepare(
        `SELECT t.id, t.workflow_name, t.group_id, t.started_at, t.ended_at,
                COUNT(s.id) AS span_count, SUM(s.error IS NOT NULL) AS error_count, MAX(s.ended_at) AS last_span_end
         FROM traces t LEFT JOIN spans s ON s.trace_id = t.id
         GROUP BY t.id ORDER BY t.started_at DESC LIMIT ? OFFSET ?`,
      ),
      getTrace: db.prepare('SELECT * FROM traces WHERE id = ?'),
      getSpans: db.prepare('SELECT * FROM spans WHERE trace_id = ? ORDER BY started_at, rowid'),
    };
  }

  #writable(): { upsertTrace: BetterSqlite3.Statement; upsertSpan: BetterSqlite3.Statement } {
    if (!this.#writes) throw new UserError(`LocalTraceStore at ${this.path} was opened read-only`);
    return this.#writes;
  }

  /** Records a trace (at its start or end; a later call only fills in `ended_at`). */
  saveTrace(trace: Trace): void {
    this.#writable().upsertTrace.run({
      id: trace.traceId,
      workflow_name: trace.name,
      group_id: trace.groupId ?? null,
      metadata: trace.metadata ? toJson(trace.metadata) : null,
      started_at: trace.startedAt,
      ended_at: trace.endedAt,
    });
  }

  /** Records a finished span. */
  saveSpan(span: Span): void {
    this.#writable().upsertSpan.run({
      id: span.spanId,
      trace_id: span.traceId,
      parent_id: span.parentId,
      type: span.spanData.type,
      name: spanDisplayName(span.spanData),
      started_at: span.startedAt,
      ended_at: span.endedAt,
      span_data: toJson(span.spanData),
      error: span.error ? toJson(span.error) : null,
    });
  }

  /** Runs `fn` in one transaction (one disk sync for a whole batch of writes). */
  transaction(fn: () => void): void {
    this.#db.transaction(fn)();
  }

  /** Most recent traces first. */
  listTraces(options: { limit?: number; offset?: number } = {}): TraceSummary[] {
    const rows = this.#reads.list.all(options.limit ?? 200, options.offset ?? 0) as SummaryRow[];
    return rows.map((row) => ({
      traceId: row.id,
      workflowName: row.workflow_name,
      groupId: row.group_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: durationMs(row.started_at, row.ended_at ?? row.last_span_end),
      spanCount: row.span_count,
      errorCount: row.error_count ?? 0,
    }));
  }

  /** One trace with all its spans (in start order), or null when the id is unknown. */
  getTrace(traceId: string): { trace: StoredTrace; spans: StoredSpan[] } | null {
    const row = this.#reads.getTrace.get(traceId) as TraceRow | undefined;
    if (!row) return null;
    const spans = (this.#reads.getSpans.all(traceId) as SpanRow[]).map((s) => ({
      spanId: s.id,
      traceId: s.trace_id,
      parentId: s.parent_id,
      type: s.type,
      name: s.name,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      spanData: JSON.parse(s.span_data) as SpanData,
      error: parseJson<StoredSpan['error']>(s.error),
    }));
    return {
      trace: {
        traceId: row.id,
        workflowName: row.workflow_name,
        groupId: row.group_id,
        metadata: parseJson<Record<string, unknown>>(row.metadata),
        startedAt: row.started_at,
        endedAt: row.ended_at,
      },
      spans,
    };
  }

  /** Close the database. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
