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
