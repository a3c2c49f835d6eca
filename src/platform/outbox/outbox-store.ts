/** The outbox table's SQL: claim a batch under a lease, then settle each job (done, retry, dead, released). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A job a worker has claimed; `attempts` (counting this one) also fences the claim. */
export interface ClaimedJob {
  id: number;
  tenantId: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  lockedUntil: Date;
}

/**
 * Claims up to `limit` due jobs in one statement: the oldest unprocessed, available, unleased rows
 * are locked with SKIP LOCKED (so concurrent workers never take the same row and never wait for each
 * other), leased until `leaseUntil`, and their attempt counted. Times are parameters, not SQL now(),
 * so the injected clock rules (tests move it to expire leases).
 */
export async function claimJobs(
  db: Kysely<Database>,
  options: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedJob[]> {
  const { now, leaseUntil, limit } = options;
  const rows = await db
    .updateTable('outbox')
    .set({ lockedUntil: leaseUntil, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('processedAt', 'is', null)
        .where('availableAt', '<=', now)
        .where((inner) => inner.or([inner('lockedUntil', 'is', null), inner('lockedUntil', '<', now)]))
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'tenantId', 'topic', 'payload', 'attempts', 'createdAt', 'lockedUntil'])
    .execute();
  return rows
    .map((row) => ({
      id: Number(row.id),
      tenantId: row.tenantId,
      topic: row.topic,
      payload: row.payload,
      attempts: row.attempts,
      createdAt: new Date(row.createdAt),
      lockedUntil: new Date(row.lockedUntil ?? leaseUntil),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Marks a job done. Not fenced by the claim: if the lease was lost and the job re-claimed, the work
 * is done all the same, and marking it keeps any later claim from repeating it once more.
 */
export async function markProcessed(db: Kysely<Database>, id: number, at: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ processedAt: at, lockedUntil: null })
    .where('id', '=', id)
    .where('processedAt', 'is', null)
    .execute();
}

/**
 * Records a failure and when to try again (`availableAt`), releasing the lease. Fenced by the
 * claim's attempt count, so a worker whose lease expired never releases a newer claim's lease.
 */
export async function markFailed(
  db: Kysely<Database>,
  job: { id: number; attempts: number },
  failure: { error: string; availableAt: Date },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ lastError: failure.error, availableAt: failure.availableAt, lockedUntil: null })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('processedAt', 'is', null)
    .execute();
}

/** Gives an unstarted claim back at once (worker stopping, lease nearly spent); the attempt is not counted. */
export async function releaseJob(db: Kysely<Database>, job: { id: number; attempts: number }): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ lockedUntil: null, attempts: sql<number>`attempts - 1` })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('processedAt', 'is', null)
    .execute();
}
