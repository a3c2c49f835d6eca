/** SQL for cases, their history and reference counters. */
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { ApplicantContact, CaseEventActor, CaseTable, Database } from '../../db/schema.ts';
import type { StoredAnswers } from '../../platform/protection/data-protection.ts';
import type { Answers, CaseHandlingDefinition } from '../forms/definition.ts';

/** A case row to insert: the table's columns, answers as stored (sealed), the submission time a Date. */
export type NewCase = Omit<
  Insertable<CaseTable>,
  | 'id'
  | 'answers'
  | 'updatedAt'
  | 'closedAt'
  | 'submittedAt'
  | 'applicantContact'
  | 'sealedKeyId'
  | 'personalIdentityNumberHashes'
> & {
  /** Sealed where the form says so, with their key and personnummer hashes (decision 0034). */
  answers: StoredAnswers;
  submittedAt: Date;
  applicantContact?: ApplicantContact | null;
};

/**
 * SQL of the caller's own tables to run in the statement that creates a case, given the new case's
 * id and reference (each null when the statement makes no case: guard the writes with `is not null`).
 */
export type AlsoInStatement = (
  newCaseId: RawBuilder<string>,
  newCaseReference: RawBuilder<string>,
) => readonly RawBuilder<unknown>[];

export interface SubmittedCaseParts {
  /**
   * A query of the caller's that yields one row when the case may be made (and locks what it
   * checked); without a row, the statement changes nothing and no reference number is taken.
   */
  guard?: RawBuilder<unknown>;
  /** The caller's own writes that belong with the case (the submission closes its draft). */
  alsoInStatement?: AlsoInStatement;
}

/**
 * Creates a submitted case in one statement: the next reference number, the case row, its first
 * history event, its `case.submitted` event (the columns `enqueue` in platform/jobs/topics.ts writes),
 * and the caller's own writes. The counter
 * upsert locks the tenant's counter row until commit, so every concurrent submission of the tenant
 * queues on it: the fewer round trips between it and the commit, the more submissions per second
 * (issue #4, see docs/performance.md). Run on its own, outside a transaction, the statement commits
 * at once and no round trip at all is made while the lock is held.
 * The reference is formatted as formatCaseReference does (`EXS-2026-000123`, at least six digits).
 * Undefined when the guard found no row.
 */
export async function insertSubmittedCase(
  db: Kysely<Database>,
  values: Omit<NewCase, 'reference'> & {
    referencePrefix: string;
    year: number;
    actor: CaseEventActor;
    /** Data added to the first history event's (a sensor's reading); none for a web submission. */
    firstEventData?: Record<string, unknown>;
  },
  parts: SubmittedCaseParts = {},
): Promise<{ id: string; reference: string } | undefined> {
  const created = [
    sql<string>`(select id from created)`,
    sql<string>`(select reference from created)`,
  ] as const;
  const extra = (parts.alsoInStatement?.(...created) ?? []).map(
    (part, index) => sql`, ${sql.raw(`also_${index}`)} as (${part})`,
  );
  const guard = parts.guard ? sql`guard as (${parts.guard}),` : sql``;
  // `where true` keeps `on conflict` from being read as part of the select.
  const source = parts.guard ? sql`from guard where true` : sql``;
  const at = values.submittedAt;
  const referenceStart = `${values.referencePrefix}-${values.year}-`;
  const result = await sql<{ id: string; reference: string }>`
    with ${guard} counter as (
      insert into case_reference_counter (tenant_id, year, last_value)
      select ${values.tenantId}::uuid, ${values.year}::int, 1 ${source}
      on conflict (tenant_id, year) do update set last_value = case_reference_counter.last_value + 1
      returning last_value::text as number
    ), created as (
      insert into "case" (tenant_id, reference, service_id, service_version_id, draft_id, applicant_person_id,
        anonymous_session_id, answers, language, status, status_category, submitted_at, status_changed_at,
        due_at, unit_id, applicant_name, updated_at, channel, channel_detail, registered_by_kind,
        registered_by_id, registered_by_label, applicant_kind, applicant_organisation_number, applicant_contact,
        sealed_key_id, personal_identity_number_hashes)
      select ${values.tenantId}, ${referenceStart}::text || lpad(number, greatest(6, length(number)), '0'),
        ${values.serviceId}, ${values.serviceVersionId}, ${values.draftId}, ${values.applicantPersonId ?? null}::uuid,
        ${values.anonymousSessionId ?? null}::text, ${JSON.stringify(values.answers.answers)}::jsonb, ${values.language},
        ${values.status}, ${values.statusCategory}, ${at}::timestamptz, ${values.statusChangedAt ?? at}::timestamptz,
        ${values.dueAt ?? null}::timestamptz, ${values.unitId ?? null}::uuid, ${values.applicantName ?? null}::text,
        ${at}::timestamptz, ${values.channel}, ${values.channelDetail ?? null}::text, ${values.registeredByKind},
        ${values.registeredById ?? null}::text, ${values.registeredByLabel ?? null}::text, ${values.applicantKind},
        ${values.applicantOrganisationNumber ?? null}::text,
        ${values.applicantContact ? JSON.stringify(values.applicantContact) : null}::jsonb,
        ${values.answers.keyId}::text, ${pinHashes(values.answers)}::text[]
      from counter
      returning id, reference, tenant_id
    ), event as (
      insert into case_event (visibility, tenant_id, case_id, type, actor, data, created_at)
      select 'resident', tenant_id, id, 'submitted', ${JSON.stringify(values.actor)}::jsonb,
        ${JSON.stringify(values.firstEventData ?? {})}::jsonb || jsonb_build_object('reference', reference),
        ${at}::timestamptz
      from created
    ), queued as (
      insert into outbox (tenant_id, topic, payload, case_id)
      select tenant_id, 'case.submitted',
        jsonb_build_object('caseId', id, 'reference', reference, 'personId', ${values.applicantPersonId ?? null}::uuid),
        id
      from created
    )${sql.join(extra, sql``)}
    select id, reference from created`.execute(db);
  return result.rows[0];
}

/** The personnummer hashes of a case's answers as an array parameter, or null when it has none. */
function pinHashes(answers: StoredAnswers): string[] | null {
  return answers.personalIdentityNumberHashes.length > 0 ? [...answers.personalIdentityNumberHashes] : null;
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
  'c.channel',
  'c.channelDetail',
  'c.registeredByKind',
  'c.registeredById',
  'c.registeredByLabel',
  'c.applicantKind',
  'c.applicantOrganisationNumber',
  'c.applicantContact',
  'c.reviewRequestedAt',
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

/** Several cases by reference (in no particular order); unknown references are left out. */
export async function selectCasesByReference(db: Kysely<Database>, references: readonly string[]) {
  if (references.length === 0) return [];
  return db
    .selectFrom('case as c')
    .select(caseColumns)
    .where('c.reference', 'in', [...references])
    .execute();
}

/**
 * A person's cases across every tenant, newest first (index case_applicant). Title and workflow are
 * read once per service version, not once per case: `offset 0` keeps that subquery apart, so
 * PostgreSQL memoizes it per version instead of decompressing the whole (TOASTed, ~6 kB) definition
 * twice for every case listed (issue #4: 1.2 ms → 0.3 ms for 30 cases with 1,000,000 in the table).
 */
export async function selectCasesOfPerson(db: Kysely<Database>, personId: string, limit: number) {
  return db
    .selectFrom('case as c')
    .innerJoin('tenant as t', 't.id', 'c.tenantId')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('serviceVersion as sv')
          .whereRef('sv.id', '=', 'c.serviceVersionId')
          .select([
            sql<{ sv: string; en: string }>`sv.definition -> 'title'`.as('serviceTitle'),
            sql<CaseHandlingDefinition | null>`sv.definition -> 'caseHandling'`.as('caseHandling'),
          ])
          .offset(0)
          .as('v'),
      (join) => join.onTrue(),
    )
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.statusCategory',
      'c.submittedAt',
      // A representative's My Pages lists only the services granted (issue #13).
      'c.tenantId',
      'c.serviceId',
      't.slug as tenantSlug',
      't.name as tenantName',
      'v.serviceTitle',
      'v.caseHandling',
    ])
    .where('c.applicantPersonId', '=', personId)
    .orderBy('c.submittedAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A person's cases in one tenant, newest first (index case_applicant), for the customer centre's
 * summary (issue #13): no answers, only what the summary shows and the service's confidentiality.
 */
export async function selectCaseSummariesOfPerson(
  db: Kysely<Database>,
  tenantId: string,
  personId: string,
  limit: number,
) {
  return db
    .selectFrom('case as c')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('serviceVersion as sv')
          .whereRef('sv.id', '=', 'c.serviceVersionId')
          .select([
            sql<{ sv: string; en: string }>`sv.definition -> 'title'`.as('serviceTitle'),
            sql<CaseHandlingDefinition | null>`sv.definition -> 'caseHandling'`.as('caseHandling'),
            sql<boolean>`coalesce((sv.definition ->> 'confidential')::boolean, false)`.as('confidential'),
          ])
          .offset(0)
          .as('v'),
      (join) => join.onTrue(),
    )
    .select([
      'c.id',
      'c.tenantId',
      'c.reference',
      'c.serviceId',
      'c.unitId',
      'c.assignedStaffId',
      'c.status',
      'c.statusCategory',
      'c.submittedAt',
      'c.updatedAt',
      'c.closedAt',
      'c.channel',
      'v.serviceTitle',
      'v.caseHandling',
      'v.confidential',
    ])
    .where('c.applicantPersonId', '=', personId)
    .where('c.tenantId', '=', tenantId)
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

/**
 * The newest `limit` cases of a service (every version), with only the answer fields named — what a
 * rule simulation reads — and how many cases the service has in all (`count(*) over ()`, counted
 * before the limit), in one query (index case_service). Reads only: nothing is locked or written.
 */
export async function selectAnswersOfService(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
  fields: string[],
  limit: number,
) {
  return db
    .selectFrom('case as c')
    .select([
      'c.id',
      'c.reference',
      'c.serviceVersionId',
      'c.submittedAt',
      sql<Answers>`coalesce((select jsonb_object_agg(a.key, a.value) from jsonb_each(c.answers) a where a.key = any(${sql.val(fields)}::text[])), '{}'::jsonb)`.as(
        'answers',
      ),
      sql<string>`count(*) over ()`.as('total'),
    ])
    .where('c.tenantId', '=', tenantId)
    .where('c.serviceId', '=', serviceId)
    .orderBy('c.submittedAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** Which cases a caller reaches: a tenant's cases of some units or some services (an API client, issue #12). */
export interface CaseReach {
  tenantId: string;
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

/** Filters of a reach's case list; instants for the submission bounds. */
export interface CaseListFilters {
  /** Only this unit's or this service's cases (within the reach). */
  unitId?: string;
  serviceId?: string;
  status?: string;
  submittedFrom?: Date;
  submittedBefore?: Date;
}

/** A position in a case list: the last row's submission instant and id (newest first). */
export interface CaseListCursor {
  submittedAt: Date;
  id: string;
}

/**
 * One page of the cases in reach, newest first, after the cursor (keyset pagination). Each unit's and
 * each service's page is an ordered, limited scan of its own index range (`case_queue_submitted`,
 * `case_service`), and the pages are merged, as the queue does (selectQueuePage): an `IN` or `OR`
 * over several units cannot walk one index in order. A case in reach by its unit and its service
 * comes twice from the union and once from the `distinct on`.
 */
export async function selectCasesInReach(
  db: Kysely<Database>,
  reach: CaseReach,
  filters: CaseListFilters,
  cursor: CaseListCursor | undefined,
  limit: number,
) {
  const page = (column: 'c.unitId' | 'c.serviceId', value: string) => {
    let query = db
      .selectFrom('case as c')
      .select(['c.id', 'c.submittedAt'])
      .where('c.tenantId', '=', reach.tenantId)
      .where(column, '=', value);
    if (filters.unitId) query = query.where('c.unitId', '=', filters.unitId);
    if (filters.serviceId) query = query.where('c.serviceId', '=', filters.serviceId);
    if (filters.status) query = query.where('c.status', '=', filters.status);
    if (filters.submittedFrom) query = query.where('c.submittedAt', '>=', filters.submittedFrom);
    if (filters.submittedBefore) query = query.where('c.submittedAt', '<', filters.submittedBefore);
    if (cursor)
      query = query.where(sql<boolean>`(c.submitted_at, c.id) < (${cursor.submittedAt}, ${cursor.id})`);
    return query.orderBy('c.submittedAt', 'desc').orderBy('c.id', 'desc').limit(limit);
  };
  const [first, ...others] = [
    ...reach.unitIds.map((unitId) => page('c.unitId', unitId)),
    ...reach.serviceIds.map((serviceId) => page('c.serviceId', serviceId)),
  ];
  if (!first) return [];
  const pages = others.reduce(
    (merged, next) => merged.unionAll(db.selectFrom(next.as('p')).selectAll()),
    db.selectFrom(first.as('p')).selectAll(),
  );
  const ids = db
    .selectFrom(pages.as('p'))
    .select(['p.id', 'p.submittedAt'])
    .distinctOn(['p.submittedAt', 'p.id'])
    .orderBy('p.submittedAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit);
  return db
    .selectFrom(ids.as('page'))
    .innerJoin('case as c', 'c.id', 'page.id')
    .select([
      'c.id',
      'c.reference',
      'c.serviceId',
      'c.status',
      'c.statusCategory',
      'c.unitId',
      'c.assignedStaffId',
      'c.applicantName',
      'c.channel',
      'c.submittedAt',
      'c.dueAt',
      'c.closedAt',
    ])
    .orderBy('c.submittedAt', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export type CaseListRow = Awaited<ReturnType<typeof selectCasesInReach>>[number];

/** The whole history of a case (every visibility), oldest first: for callers that may read it all. */
export async function selectCaseHistory(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseEvent')
    .select(['id', 'type', 'actor', 'data', 'visibility', 'createdAt'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

/**
 * What representatives and guardians did in a person's cases (issue #13): the resident-visible
 * events whose actor acted on this person's behalf, newest first.
 */
export async function selectActsOnBehalfOf(db: Kysely<Database>, personId: string, limit: number) {
  return db
    .selectFrom('caseEvent as e')
    .innerJoin('case as c', 'c.id', 'e.caseId')
    .select([
      'e.id',
      'e.type',
      'e.actor',
      'e.createdAt',
      'c.reference',
      'c.tenantId',
      'c.serviceId',
      sql<{
        sv: string;
        en: string;
      }>`(select sv.definition -> 'title' from service_version sv where sv.id = c.service_version_id)`.as(
        'serviceTitle',
      ),
    ])
    .where('c.applicantPersonId', '=', personId)
    .where('e.visibility', '=', 'resident')
    .where(sql<string>`e.actor -> 'onBehalfOf' ->> 'personId'`, '=', personId)
    .orderBy('e.createdAt', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
