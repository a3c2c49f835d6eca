/** SQL for `disposal_log` and `disposal_file` (migration 0023, owned by modules/disposal). */
import { type Kysely, sql } from 'kysely';
import type { Database, DisposalAction } from '../../db/schema.ts';

/**
 * Opens the append-only tables' disposal exception for this transaction only (SET LOCAL): the
 * triggers of `decision` and `audit_log` then let the rows of a case marked disposed lose their
 * person links and free text, and nothing else (migration 0023, decision 0031).
 */
export async function allowDisposalInTransaction(trx: Kysely<Database>): Promise<void> {
  await sql`select set_config('ingang.disposal', 'on', true)`.execute(trx);
}

export interface LogEntry {
  tenantId: string;
  at: Date;
  action: DisposalAction;
  caseId?: string;
  caseReference?: string;
  serviceId?: string;
  counts: Record<string, number>;
}

export async function insertLogEntry(db: Kysely<Database>, entry: LogEntry): Promise<void> {
  await db
    .insertInto('disposalLog')
    .values({
      tenantId: entry.tenantId,
      at: entry.at,
      action: entry.action,
      caseId: entry.caseId ?? null,
      caseReference: entry.caseReference ?? null,
      serviceId: entry.serviceId ?? null,
      counts: JSON.stringify(entry.counts),
    })
    .execute();
}

/** The tenant's latest log entries, newest first. */
export async function selectRecentLog(db: Kysely<Database>, tenantId: string, limit: number) {
  const rows = await db
    .selectFrom('disposalLog')
    .select(['id', 'at', 'action', 'caseReference', 'serviceId', 'counts'])
    .where('tenantId', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, at: new Date(row.at) }));
}

/** Queues stored files to delete once the transaction that removed their rows has committed. */
export async function queueFiles(db: Kysely<Database>, keys: readonly string[], at: Date): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('disposalFile')
    .values(keys.map((storageKey) => ({ storageKey, queuedAt: at })))
    .onConflict((oc) => oc.column('storageKey').doNothing())
    .execute();
}

/** Up to `limit` queued files, oldest first (also those a process that died left behind). */
export async function selectQueuedFiles(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('disposalFile')
    .select('storageKey')
    .orderBy('queuedAt')
    .orderBy('storageKey')
    .limit(limit)
    .execute();
  return rows.map((row) => row.storageKey);
}

/** Forgets queued files once they are deleted. */
export async function unqueueFiles(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('disposalFile')
    .where('storageKey', 'in', [...keys])
    .execute();
}
