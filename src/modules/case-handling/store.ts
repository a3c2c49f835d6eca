/** SQL for the back office: the queue (keyset pages), locking and changing a case, completion requests. */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { CaseEventActor, CaseEventVisibility, Database, StatusCategory } from '../../db/schema.ts';
import type { QueueCursor, QueueFilters } from './queue-model.ts';

export interface QueueScope {
  unitIds: string[];
  staffId: string;
  now: Date;
  /** Instants for the Swedish-day bounds of the "submitted between" filter. */
  submittedFrom?: Date;
  submittedBefore?: Date;
}

/**
 * One page of the actor's units' queue, in the chosen order, starting after the cursor (keyset
 * pagination). Each unit's page is read on its own — an ordered, limited scan of that unit's index
 * range — and the pages are merged: `unit_id IN (a, b)` cannot walk an index in (submitted_at, id)
 * order across units, so PostgreSQL would sort every open case of the units for each page (issue #4:
 * 2.3 s with 1,000,000 cases). The cases other units have shared with the actor's units (decision
 * 0033) are one more page of the same query, marked `shared`. The service title is read for the
 * rows of the page only, once per service version: `offset 0` keeps that subquery apart, so
 * PostgreSQL memoizes it per version instead of decompressing the whole (TOASTed, ~6 kB) definition
 * again for every row.
 */
export async function selectQueuePage(
  db: Kysely<Database>,
  scope: QueueScope,
  filters: QueueFilters,
  cursor: QueueCursor | undefined,
  limit: number,
) {
  const [first, ...others] = [
    ...scope.unitIds.map((unitId) =>
      queuePage(
        db.selectFrom('case as c').where('c.unitId', '=', unitId),
        false,
        scope,
        filters,
        cursor,
        limit,
      ),
    ),
    ...(scope.unitIds.length > 0 ? [sharedPage(db, scope, filters, cursor, limit)] : []),
  ];
  if (!first) return [];
  const pages = others.reduce(
    (merged, page) => merged.unionAll(db.selectFrom(page.as('p')).selectAll()),
    db.selectFrom(first.as('p')).selectAll(),
  );
  const [key, direction] = pageOrder(filters);
  return db
    .selectFrom(pages.as('c'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('serviceVersion as sv')
          .whereRef('sv.id', '=', 'c.serviceVersionId')
          .select(sql<{ sv: string; en: string }>`sv.definition -> 'title'`.as('serviceTitle'))
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
      'c.dueAt',
      'c.applicantName',
      'c.assignedStaffId',
      'c.serviceId',
      'c.channel',
      'c.channelDetail',
      'c.reviewRequestedAt',
      'c.shared',
      'v.serviceTitle',
    ])
    .orderBy(key, direction)
    .orderBy('c.id', direction)
    .limit(limit)
    .execute();
}

/** The sort key and direction of a queue order. */
function pageOrder(filters: QueueFilters): ['c.dueAt' | 'c.submittedAt', 'asc' | 'desc'] {
  if (filters.sort === 'due') return ['c.dueAt', 'asc'];
  return ['c.submittedAt', filters.sort === 'oldest' ? 'asc' : 'desc'];
}

/**
 * The cases shared with the actor's units and active now, other than their own (decision 0033):
 * few ids, found through `case_share_unit` and read once (`= any(array(…))`, an init plan), then
 * each case by its key — never a walk of the whole case index looking for shared rows — and
 * filtered, ordered and limited like a unit's page.
 */
function sharedPage(
  db: Kysely<Database>,
  scope: QueueScope,
  filters: QueueFilters,
  cursor: QueueCursor | undefined,
  limit: number,
) {
  const sharedIds = db
    .selectFrom('caseShare as s')
    .select('s.caseId')
    .where('s.unitId', 'in', scope.unitIds)
    .where('s.revokedAt', 'is', null)
    .where('s.endsAt', '>', scope.now);
  const cases = db
    .selectFrom('case as c')
    .where(sql<boolean>`c.id = any(array(${sharedIds}))`)
    .where('c.unitId', 'not in', scope.unitIds);
  return queuePage(cases, true, scope, filters, cursor, limit);
}

/** One page of `cases`: the filters, the cursor, the order and the limit; `shared` marks its rows. */
function queuePage(
  cases: SelectQueryBuilder<Database & { c: Database['case'] }, 'c', object>,
  shared: boolean,
  scope: QueueScope,
  filters: QueueFilters,
  cursor: QueueCursor | undefined,
  limit: number,
) {
  let query = cases.select([
    'c.id',
    'c.reference',
    'c.status',
    'c.statusCategory',
    'c.submittedAt',
    'c.dueAt',
    'c.applicantName',
    'c.assignedStaffId',
    'c.serviceId',
    'c.serviceVersionId',
    'c.channel',
    'c.channelDetail',
    'c.reviewRequestedAt',
    sql<boolean>`${sql.lit(shared)}`.as('shared'),
  ]);
  query = filters.closed
    ? query.where('c.statusCategory', '=', 'closed')
    : query.where('c.statusCategory', '<>', 'closed');
  if (filters.status) query = query.where('c.status', '=', filters.status);
  if (filters.serviceId) query = query.where('c.serviceId', '=', filters.serviceId);
  if (filters.channel) query = query.where('c.channel', '=', filters.channel);
  if (filters.assigned === 'me') query = query.where('c.assignedStaffId', '=', scope.staffId);
  if (filters.assigned === 'unassigned') query = query.where('c.assignedStaffId', 'is', null);
  if (filters.overdue) query = query.where('c.dueAt', '<', scope.now);
  if (filters.reviewRequested) query = query.where('c.reviewRequestedAt', 'is not', null);
  if (scope.submittedFrom) query = query.where('c.submittedAt', '>=', scope.submittedFrom);
  if (scope.submittedBefore) query = query.where('c.submittedAt', '<', scope.submittedBefore);
  if (filters.reference) query = query.where('c.reference', '=', filters.reference);
  if (filters.tsQuery)
    query = query.where(sql<boolean>`c.search @@ to_tsquery('swedish', ${filters.tsQuery})`);

  if (filters.sort === 'due') {
    query = query.where('c.dueAt', 'is not', null);
    if (cursor) query = query.where(sql<boolean>`(c.due_at, c.id) > (${new Date(cursor.key)}, ${cursor.id})`);
    return query.orderBy('c.dueAt', 'asc').orderBy('c.id', 'asc').limit(limit);
  }
  const direction = filters.sort === 'oldest' ? 'asc' : 'desc';
  if (cursor) {
    const comparison = direction === 'asc' ? sql.raw('>') : sql.raw('<');
    query = query.where(
      sql<boolean>`(c.submitted_at, c.id) ${comparison} (${new Date(cursor.key)}, ${cursor.id})`,
    );
  }
  return query.orderBy('c.submittedAt', direction).orderBy('c.id', direction).limit(limit);
}

export type QueueRow = Awaited<ReturnType<typeof selectQueuePage>>[number];

/** Locks a case row for the rest of the transaction (one change at a time per case). */
export async function lockCaseByReference(db: Kysely<Database>, reference: string) {
  return db.selectFrom('case').where('reference', '=', reference).selectAll().forUpdate().executeTakeFirst();
}

export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCaseByReference>>>;

/**
 * Locks a case for an officer's action and reads its shares active at `at` in the same statement,
 * so the policy judges the case with its shares in one query (decision 0033).
 */
export async function lockCaseForOfficer(db: Kysely<Database>, reference: string, at: Date) {
  const found = await db
    .selectFrom('case')
    .where('reference', '=', reference)
    .selectAll('case')
    .select((eb) =>
      eb
        .selectFrom('caseShare as s')
        .whereRef('s.caseId', '=', 'case.id')
        .where('s.revokedAt', 'is', null)
        .where('s.endsAt', '>', at)
        .select(
          sql<
            { id: string; unitId: string; endsAt: string }[]
          >`coalesce(json_agg(json_build_object('id', s.id, 'unitId', s.unit_id, 'endsAt', s.ends_at)), '[]'::json)`.as(
            'shares',
          ),
        )
        .as('activeShares'),
    )
    .forUpdate()
    .executeTakeFirst();
  if (!found) return undefined;
  const { activeShares, ...row } = found;
  const shares = (activeShares ?? []).map((share) => ({
    ...share,
    endsAt: new Date(share.endsAt),
    revokedAt: null,
  }));
  return { row: row as LockedCase, shares };
}

/** Whether the staff member's read through this share is in the case's history already. */
export async function hasShareReadEvent(
  db: Kysely<Database>,
  caseId: string,
  shareId: string,
  staffId: string,
) {
  const found = await db
    .selectFrom('caseEvent')
    .where('caseId', '=', caseId)
    .where('type', '=', 'sharedCaseRead')
    .where(sql<string>`data ->> 'shareId'`, '=', shareId)
    .where(sql<string>`actor ->> 'staffId'`, '=', staffId)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

/** Locks several cases by id, in id order (so two batches never wait on each other in a cycle). */
export async function lockCasesById(db: Kysely<Database>, ids: readonly string[]): Promise<LockedCase[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('case')
    .where('id', 'in', [...ids])
    .selectAll()
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The tenant and service version of several cases, read without a lock. */
export async function selectCaseVersions(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('case')
    .where('id', 'in', [...ids])
    .select(['id', 'tenantId', 'serviceVersionId'])
    .execute();
}

export interface CasePatch {
  status?: string;
  statusCategory?: StatusCategory;
  statusChangedAt?: Date;
  dueAt?: Date | null;
  closedAt?: Date | null;
  assignedStaffId?: string | null;
  unitId?: string;
  answers?: string;
  /** Set when the resident asks for human review; cleared by a decision or closing (issue #10). */
  reviewRequestedAt?: Date | null;
  /** An officer moved the case to another e-service (issue #13; its form version stays). */
  serviceId?: string;
  /** Set when an officer moved this one case: bulk moves leave it be (issue #13). */
  placedIndividuallyAt?: Date;
  updatedAt: Date;
}

export async function updateCase(db: Kysely<Database>, caseId: string, patch: CasePatch): Promise<void> {
  await db.updateTable('case').set(patch).where('id', '=', caseId).execute();
}

/**
 * Moves the open cases of a service to another unit; returns how many moved. A case an officer
 * placed by hand (moved one by one, issue #13) stays where it was put.
 */
export async function moveOpenCases(db: Kysely<Database>, serviceId: string, unitId: string, at: Date) {
  const result = await db
    .updateTable('case')
    .set({ unitId, updatedAt: at })
    .where('serviceId', '=', serviceId)
    .where('statusCategory', '<>', 'closed')
    .where('placedIndividuallyAt', 'is', null)
    .where((eb) => eb.or([eb('unitId', 'is', null), eb('unitId', '<>', unitId)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The whole history of a case, internal events included (officers only). */
export async function selectAllCaseEvents(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('caseEvent')
    .where('caseId', '=', caseId)
    .select(['id', 'type', 'actor', 'data', 'visibility', 'createdAt'])
    .orderBy('id')
    .execute();
}

/** The newest history event of one type, or undefined. */
export async function selectLatestCaseEvent(db: Kysely<Database>, caseId: string, type: string) {
  return db
    .selectFrom('caseEvent')
    .where('caseId', '=', caseId)
    .where('type', '=', type)
    .select(['id', 'type', 'actor', 'data', 'createdAt'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertCompletionRequest(
  db: Kysely<Database>,
  values: {
    tenantId: string;
    caseId: string;
    stepIds: string[];
    message: string;
    previousStatus: string;
    requestedByStaffId: string | null;
    requestedByApiClientId?: string | null;
    requestedAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('completionRequest')
    .values({ ...values, stepIds: JSON.stringify(values.stepIds) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectOpenCompletionRequest(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('completionRequest')
    .where('caseId', '=', caseId)
    .where('answeredAt', 'is', null)
    .select(['id', 'stepIds', 'message', 'previousStatus', 'requestedAt'])
    .executeTakeFirst();
}

export async function markCompletionAnswered(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable('completionRequest').set({ answeredAt: at }).where('id', '=', id).execute();
}

/** A back-office history event on a case (decision 0006: case-handling writes `case_event`). */
/** Appends several history events in one statement (a job batch's proposals). */
export async function insertCaseEvents(
  db: Kysely<Database>,
  events: readonly {
    tenantId: string;
    caseId: string;
    type: string;
    actor: CaseEventActor;
    data: Record<string, unknown>;
    at: Date;
    visibility: CaseEventVisibility;
  }[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('caseEvent')
    .values(
      events.map((event) => ({
        visibility: event.visibility,
        tenantId: event.tenantId,
        caseId: event.caseId,
        type: event.type,
        actor: JSON.stringify(event.actor),
        data: JSON.stringify(event.data),
        createdAt: event.at,
      })),
    )
    .execute();
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
  await insertCaseEvents(db, [{ ...event, visibility: event.visibility ?? 'resident' }]);
}
