/** SQL for the back office's queue: keyset pages of the actor's units' cases and the cases shared with them. */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { QueueCursor, QueueFilters } from './queue-model.ts';

export interface QueueScope {
  unitIds: string[];
  staffId: string;
  now: Date;
  /** Instants for the Swedish-day bounds of the "submitted between" filter. */
  submittedFrom?: Date;
  submittedBefore?: Date;
  /** A personnummer searched for: its keyed hash, and the person with it if the register has one. */
  personalIdentityNumber?: { hash: string; personId: string | undefined };
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
  // A personnummer matches exactly, through keyed hashes only: it is stored sealed (decision 0034).
  const pin = scope.personalIdentityNumber;
  if (pin) {
    const inAnswers = sql<boolean>`c.personal_identity_number_hashes @> array[${pin.hash}]::text[]`;
    query = query.where((eb) =>
      pin.personId ? eb.or([eb('c.applicantPersonId', '=', pin.personId), inAnswers]) : inAnswers,
    );
  }

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
