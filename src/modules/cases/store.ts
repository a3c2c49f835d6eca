/** SQL for cases, their history and reference counters. */
import { type Insertable, type Kysely, sql } from 'kysely';
import type { CaseEventActor, CaseEventVisibility, CaseTable, Database } from '../../db/schema.ts';
import type { Answers, CaseHandlingDefinition } from '../forms/definition.ts';

/**
 * Next number in the tenant's sequence for a year. The upsert takes a row lock, so concurrent
 * submissions queue on it and never get the same number; it commits with the case or not at all.
 */
export async function nextSequence(db: Kysely<Database>, tenantId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('caseReferenceCounter')
    .values({ tenantId, year, lastValue: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['tenantId', 'year'])
        .doUpdateSet({ lastValue: sql`case_reference_counter.last_value + 1` }),
    )
    .returning('lastValue')
    .executeTakeFirstOrThrow();
  return row.lastValue;
}

/** A case row to insert: the table's columns, answers as an object, the submission time a Date. */
export type NewCase = Omit<
  Insertable<CaseTable>,
  'id' | 'answers' | 'updatedAt' | 'closedAt' | 'submittedAt'
> & {
  answers: Answers;
  submittedAt: Date;
};

export async function insertCase(db: Kysely<Database>, values: NewCase): Promise<string> {
  const row = await db
    .insertInto('case')
    .values({ ...values, answers: JSON.stringify(values.answers), updatedAt: values.submittedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Creates a submitted case in one statement: the next reference number, the case row, its first
 * history event and the outbox entry of its notification. The counter upsert locks the tenant's
 * counter row until commit, so every concurrent submission of the tenant queues on it; one round
 * trip here instead of four keeps that lock short (issue #4: measured in docs/performance.md).
 * The reference is formatted as formatCaseReference does (`EXS-2026-000123`, at least six digits).
 */
export async function insertSubmittedCase(
  db: Kysely<Database>,
  values: Omit<NewCase, 'reference'> & { referencePrefix: string; year: number; actor: CaseEventActor },
): Promise<{ id: string; reference: string }> {
  const at = values.submittedAt;
  const result = await sql<{ id: string; reference: string }>`
    with counter as (
      insert into case_reference_counter (tenant_id, year, last_value) values (${values.tenantId}, ${values.year}, 1)
      on conflict (tenant_id, year) do update set last_value = case_reference_counter.last_value + 1
      returning last_value::text as number
    ), created as (
      insert into "case" (tenant_id, reference, service_id, service_version_id, draft_id, applicant_person_id,
        anonymous_session_id, answers, language, status, status_category, submitted_at, status_changed_at,
        due_at, unit_id, applicant_name, updated_at)
      select ${values.tenantId}, ${`${values.referencePrefix}-${values.year}-`}::text || lpad(number, greatest(6, length(number)), '0'),
        ${values.serviceId}, ${values.serviceVersionId}, ${values.draftId}, ${values.applicantPersonId ?? null}::uuid,
        ${values.anonymousSessionId ?? null}::text, ${JSON.stringify(values.answers)}::jsonb, ${values.language},
        ${values.status}, ${values.statusCategory}, ${at}::timestamptz, ${values.statusChangedAt ?? at}::timestamptz,
        ${values.dueAt ?? null}::timestamptz, ${values.unitId ?? null}::uuid, ${values.applicantName ?? null}::text,
        ${at}::timestamptz
      from counter
      returning id, reference, tenant_id
    ), event as (
      insert into case_event (visibility, tenant_id, case_id, type, actor, data, created_at)
      select 'resident', tenant_id, id, 'submitted', ${JSON.stringify(values.actor)}::jsonb,
        jsonb_build_object('reference', reference), ${at}::timestamptz
      from created
    ), queued as (
      insert into outbox (tenant_id, topic, payload)
      select tenant_id, 'case.submitted',
        jsonb_build_object('caseId', id, 'reference', reference, 'personId', ${values.applicantPersonId ?? null}::uuid)
      from created
    )
    select id, reference from created`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the submitted case was not created');
  return row;
}

export async function insertCaseEvent(
  db: Kysely<Database>,
  event: {
    tenantId: string;
    caseId: string;
    type: string;
    actor: CaseEventActor;
    data: Record<string, unknown>;
    at: Date;
    visibility?: CaseEventVisibility;
  },
): Promise<void> {
  await db
    .insertInto('caseEvent')
    .values({
      visibility: event.visibility ?? 'resident',
      tenantId: event.tenantId,
      caseId: event.caseId,
      type: event.type,
      actor: JSON.stringify(event.actor),
      data: JSON.stringify(event.data),
      createdAt: event.at,
    })
    .execute();
}

export async function insertOutbox(
  db: Kysely<Database>,
  entry: { tenantId: string; topic: string; payload: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ tenantId: entry.tenantId, topic: entry.topic, payload: JSON.stringify(entry.payload) })
    .execute();
}

const caseColumns = [
  'c.id',
  'c.tenantId',
  'c.reference',
  'c.serviceId',
  'c.serviceVersionId',
  'c.draftId',
  'c.applicantPersonId',
  'c.anonymousSessionId',
  'c.answers',
  'c.language',
  'c.status',
  'c.statusCategory',
  'c.submittedAt',
  'c.closedAt',
  'c.unitId',
  'c.assignedStaffId',
  'c.applicantName',
  'c.dueAt',
] as const;

export async function selectCaseById(db: Kysely<Database>, id: string) {
  return db.selectFrom('case as c').select(caseColumns).where('c.id', '=', id).executeTakeFirst();
}

export async function selectCaseByReference(db: Kysely<Database>, reference: string) {
  return db
    .selectFrom('case as c')
    .select(caseColumns)
    .where('c.reference', '=', reference)
    .executeTakeFirst();
}

/** A person's cases across every tenant, newest first (index case_applicant). */
export async function selectCasesOfPerson(db: Kysely<Database>, personId: string, limit: number) {
  return db
    .selectFrom('case as c')
    .innerJoin('tenant as t', 't.id', 'c.tenantId')
    .innerJoin('serviceVersion as v', 'v.id', 'c.serviceVersionId')
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.statusCategory',
      'c.submittedAt',
      't.slug as tenantSlug',
      't.name as tenantName',
      sql<{ sv: string; en: string }>`v.definition -> 'title'`.as('serviceTitle'),
      sql<CaseHandlingDefinition | null>`v.definition -> 'caseHandling'`.as('caseHandling'),
    ])
    .where('c.applicantPersonId', '=', personId)
    .orderBy('c.submittedAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** Resident-visible history only: internal notes and internal statuses never leave the back office. */
export async function selectCaseEvents(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseEvent')
    .select(['id', 'type', 'actor', 'data', 'createdAt'])
    .where('caseId', '=', caseId)
    .where('visibility', '=', 'resident')
    .orderBy('id')
    .execute();
}

export async function selectCaseAttachments(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('attachment')
    .select(['id', 'fieldId', 'filename', 'contentType', 'sizeBytes', 'storageKey'])
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .execute();
}
