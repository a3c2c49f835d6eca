/** SQL for secrecy between units (decision 0033): a case's shares, and officers' reveals of protected answers. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The active shares of a case at `at` (for a check made before the case is locked). */
export async function selectActiveShares(db: Kysely<Database>, caseId: string, at: Date) {
  const rows = await db
    .selectFrom('caseShare')
    .where('caseId', '=', caseId)
    .where('revokedAt', 'is', null)
    .where('endsAt', '>', at)
    .select(['id', 'unitId', 'endsAt', 'revokedAt'])
    .execute();
  return rows.map((row) => ({ ...row, endsAt: new Date(row.endsAt), revokedAt: null }));
}

/** Every share of a case, the newest first: what the case page lists (active, ended and revoked). */
export async function selectSharesOfCase(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseShare')
    .where('caseId', '=', caseId)
    .select(['id', 'unitId', 'reason', 'sharedByName', 'sharedAt', 'endsAt', 'revokedAt', 'revokedByName'])
    .orderBy('sharedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export type CaseShareRow = Awaited<ReturnType<typeof selectSharesOfCase>>[number];

export async function insertShare(
  db: Kysely<Database>,
  share: {
    tenantId: string;
    caseId: string;
    unitId: string;
    reason: string;
    sharedByStaffId: string;
    sharedByName: string;
    sharedAt: Date;
    endsAt: Date;
  },
): Promise<string> {
  const row = await db.insertInto('caseShare').values(share).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Revokes an active share of the case; returns its unit, or undefined when there is none to revoke. */
export async function revokeShare(
  db: Kysely<Database>,
  caseId: string,
  shareId: string,
  revoked: { at: Date; staffId: string; name: string },
) {
  return db
    .updateTable('caseShare')
    .set({ revokedAt: revoked.at, revokedByStaffId: revoked.staffId, revokedByName: revoked.name })
    .where('id', '=', shareId)
    .where('caseId', '=', caseId)
    .where('revokedAt', 'is', null)
    .where('endsAt', '>', revoked.at)
    .returning(['id', 'unitId', 'reason', 'endsAt'])
    .executeTakeFirst();
}

/** Remembers that the officer may see a protected answer of the case until `expiresAt`. */
export async function insertReveal(
  db: Kysely<Database>,
  reveal: {
    tenantId: string;
    caseId: string;
    staffId: string;
    fieldId: string;
    revealedAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  // The officer's expired reveals of this case are of no further use; the audit log keeps the record.
  await db
    .deleteFrom('caseFieldReveal')
    .where('staffId', '=', reveal.staffId)
    .where('caseId', '=', reveal.caseId)
    .where('expiresAt', '<=', reveal.revealedAt)
    .execute();
  await db.insertInto('caseFieldReveal').values(reveal).execute();
}

/** The protected answers of a case the officer may see at `at`, each with its latest expiry. */
export async function selectActiveReveals(db: Kysely<Database>, staffId: string, caseId: string, at: Date) {
  const rows = await db
    .selectFrom('caseFieldReveal')
    .where('staffId', '=', staffId)
    .where('caseId', '=', caseId)
    .where('expiresAt', '>', at)
    .select(['fieldId', (eb) => eb.fn.max('expiresAt').as('until')])
    .groupBy('fieldId')
    .execute();
  return new Map(rows.map((row) => [row.fieldId, new Date(row.until)]));
}
