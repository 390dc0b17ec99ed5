import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { UserError } from '../errors/index.js';
import type { LeaseHolder } from './run-store.js';

/** Default `leaseMs`: a lease not renewed for 30 s may be taken over. */
export const DEFAULT_LEASE_MS = 30_000;

const HOST = hostname();

/** A fresh holder for this process. */
export function newLeaseHolder(): LeaseHolder {
  return { owner: randomUUID(), pid: process.pid, hostname: HOST };
}

/** The lease columns of a stored run (owner null: nobody holds it). */
export interface LeaseRow {
  owner: string | null;
  pid: number | null;
  hostname: string | null;
  expiresAt: number;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Throw unless the lease may be taken: nobody holds it, it was not renewed in time, or its holder
 * was a process on this host that no longer exists.
 */
export function checkLeaseFree(runId: string, lease: LeaseRow, now: number): void {
  if (lease.owner === null || lease.expiresAt <= now) return;
  if (lease.hostname === HOST && lease.pid !== null && lease.pid !== process.pid && !processExists(lease.pid)) return;
  const where = lease.hostname === HOST ? `process ${lease.pid} on this host` : `process ${lease.pid} on host ${lease.hostname}`;
  throw new UserError(
    `Run '${runId}' is being executed by ${where} (its lease is alive for another ${lease.expiresAt - now} ms); ` +
      'resume it once that process has ended or its lease has expired',
  );
}

/** Check a run id given by the caller. */
export function assertRunId(runId: unknown, where: string): asserts runId is string {
  if (typeof runId !== 'string' || runId.length === 0 || runId.length > 200) throw new UserError(`${where}: runId must be a non-empty string of at most 200 characters`);
}

/** Check a leaseMs option. */
export function checkLeaseMs(leaseMs: unknown, where: string): number {
  if (leaseMs === undefined) return DEFAULT_LEASE_MS;
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs < 100) throw new UserError(`${where}: leaseMs must be a number of milliseconds >= 100`);
  return leaseMs;
}
