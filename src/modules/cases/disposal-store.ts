/**
 * SQL for the disposal of the case record (issue #14, decision 0031): finding closed cases whose
 * retention has ended, reducing a disposed case's row to what statistics read, pseudonymising its
 * history, and marking an archived case. Due means `closed_at + retention period <= now`, with the
 * period read by PostgreSQL as an ISO 8601 interval (calendar years and months, as the law counts).
 */
import { type Kysely, sql } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';

export interface PeriodRow {
  versionId: string;
  retentionPeriod: string;
}

/** The rules as a relation `r(version_id, period)` to join cases with. */
function rulesRelation(periods: readonly PeriodRow[]) {
  return sql`unnest(${periods.map((p) => p.versionId)}::uuid[], ${periods.map((p) => p.retentionPeriod)}::text[])
    as r(version_id, period)`;
}

/**
 * The oldest due case of the tenant, locked until the transaction ends. SKIP LOCKED: a disposal
 * running in another process takes the next one instead of waiting, and a case it already finished
 * no longer matches (`disposed_at`/`archived_at` are set), so no case is handled twice. The first
 * bound on `closed_at` (months differ in length by up to 3 days) lets the partial index do the work.
 */
export async function lockNextDueCase(
  db: Kysely<Database>,
  tenantId: string,
  periods: readonly PeriodRow[],
  now: Date,
  passOver: readonly string[] = [],
) {
  if (periods.length === 0) return undefined;
  const result = await sql<{
    id: string;
    tenantId: string;
    reference: string;
    serviceId: string;
    serviceVersionId: string;
    closedAt: Date;
    applicantPersonId: string | null;
    draftId: string | null;
  }>`
    select c.id, c.tenant_id, c.reference, c.service_id, c.service_version_id, c.closed_at,
      c.applicant_person_id, c.draft_id
    from "case" c join ${rulesRelation(periods)} on r.version_id = c.service_version_id
    where c.tenant_id = ${tenantId} and c.status_category = 'closed'
      and c.disposed_at is null and c.archived_at is null
      and c.closed_at <= ${now}::timestamptz - r.period::interval + interval '4 days'
      and c.closed_at + r.period::interval <= ${now}::timestamptz
      and c.id <> all(${[...passOver]}::uuid[])
    order by c.closed_at, c.id
    limit 1
    for update of c skip locked`.execute(db);
  const row = result.rows[0];
  return row ? { ...row, closedAt: new Date(row.closedAt) } : undefined;
}

/** The tenant's pending closed cases per service: due already (`now`) or per month they fall due. */
export async function selectPendingByMonth(
  db: Kysely<Database>,
  tenantId: string,
  periods: readonly PeriodRow[],
  now: Date,
) {
  if (periods.length === 0) return [];
  const result = await sql<{ serviceId: string; month: string; count: number; firstDueAt: Date }>`
    with pending as (
      select c.service_id, c.closed_at + r.period::interval as due_at
      from "case" c join ${rulesRelation(periods)} on r.version_id = c.service_version_id
      where c.tenant_id = ${tenantId} and c.status_category = 'closed'
        and c.disposed_at is null and c.archived_at is null
    )
    select service_id,
      case when due_at <= ${now}::timestamptz then 'now'
        else to_char(due_at at time zone 'Europe/Stockholm', 'YYYY-MM') end as month,
      count(*)::int as count, min(due_at) as first_due_at
    from pending group by 1, 2 order by 1, 2`.execute(db);
  return result.rows.map((row) => ({ ...row, firstDueAt: new Date(row.firstDueAt) }));
}

/** The tenant's archived cases, latest first. */
export async function selectArchivedCases(db: Kysely<Database>, tenantId: string, limit: number) {
  const rows = await db
    .selectFrom('case')
    .select(['reference', 'serviceId', 'closedAt', 'archivedAt'])
    .where('tenantId', '=', tenantId)
    .where('archivedAt', 'is not', null)
    .orderBy('archivedAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    reference: row.reference,
    serviceId: row.serviceId,
    closedAt: new Date(row.closedAt ?? 0),
    archivedAt: new Date(row.archivedAt ?? 0),
  }));
}

/**
 * Reduces a disposed case's row to what statistics and open data read (service, unit, status,
 * dates, channel, kinds): the answers (and their personnummer hashes), the applicant and their
 * contact, and the registrar's person or session go. Someone who registered the case for the applicant in their role (a staff member,
 * an API client, a device) stays named: that is the record of an official act, not the applicant's data.
 */
export async function reduceDisposedCase(db: Kysely<Database>, caseId: string, at: Date) {
  const personal = sql<boolean>`registered_by_kind in ('resident', 'representative', 'anonymous')`;
  await db
    .updateTable('case')
    .set({
      answers: '{}',
      // Nothing sealed is left, nor a personnummer to find the case by (decision 0034).
      sealedKeyId: null,
      personalIdentityNumberHashes: null,
      applicantPersonId: null,
      applicantName: null,
      applicantContact: null,
      applicantOrganisationNumber: null,
      anonymousSessionId: null,
      draftId: null,
      registeredById: sql<string | null>`case when ${personal} then null else registered_by_id end`,
      registeredByLabel: sql<string | null>`case when ${personal} then null else registered_by_label end`,
      disposedAt: at,
    })
    .where('id', '=', caseId)
    .execute();
}

/** Marks a case kept for the archive; from then on the database refuses to change it (migration 0023). */
export async function markArchived(db: Kysely<Database>, caseId: string, at: Date) {
  await db.updateTable('case').set({ archivedAt: at }).where('id', '=', caseId).execute();
}

/** A case's history events with what the disposal reduces. */
export async function selectEventsForDisposal(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseEvent')
    .select(['id', 'type', 'actor', 'data'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

/** Replaces the actor and data of the given events in one statement. */
export async function replaceEventContents(
  db: Kysely<Database>,
  caseId: string,
  events: readonly { id: string; actor: CaseEventActor; data: Record<string, unknown> }[],
) {
  if (events.length === 0) return;
  // The data keeps no previous answers, so nothing in it is sealed any more (decision 0034).
  await sql`update case_event e set actor = v.actor, data = v.data, sealed_key_id = null
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as v(id bigint, actor jsonb, data jsonb)
    where e.id = v.id and e.case_id = ${caseId}`.execute(db);
}
