/** SQL for the back office: the queue (keyset pages), locking and changing a case, completion requests. */
import { type Kysely, sql } from 'kysely';
import type { Database, StatusCategory } from '../../db/schema.ts';
import type { QueueCursor, QueueFilters } from './queue-model.ts';

export interface QueueScope {
  unitIds: string[];
  staffId: string;
  now: Date;
  /** Instants for the Swedish-day bounds of the "submitted between" filter. */
  submittedFrom?: Date;
  submittedBefore?: Date;
}

/** One page of a unit's queue, in the chosen order, starting after the cursor (keyset pagination). */
export async function selectQueuePage(
  db: Kysely<Database>,
  scope: QueueScope,
  filters: QueueFilters,
  cursor: QueueCursor | undefined,
  limit: number,
) {
  if (scope.unitIds.length === 0) return [];
  let query = db
    .selectFrom('case as c')
    .innerJoin('serviceVersion as v', 'v.id', 'c.serviceVersionId')
    .where('c.unitId', 'in', scope.unitIds)
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
      sql<{ sv: string; en: string }>`v.definition -> 'title'`.as('serviceTitle'),
    ]);
  query = filters.closed
    ? query.where('c.statusCategory', '=', 'closed')
    : query.where('c.statusCategory', '<>', 'closed');
  if (filters.status) query = query.where('c.status', '=', filters.status);
  if (filters.serviceId) query = query.where('c.serviceId', '=', filters.serviceId);
  if (filters.assigned === 'me') query = query.where('c.assignedStaffId', '=', scope.staffId);
  if (filters.assigned === 'unassigned') query = query.where('c.assignedStaffId', 'is', null);
  if (filters.overdue) query = query.where('c.dueAt', '<', scope.now);
  if (scope.submittedFrom) query = query.where('c.submittedAt', '>=', scope.submittedFrom);
  if (scope.submittedBefore) query = query.where('c.submittedAt', '<', scope.submittedBefore);
  if (filters.reference) query = query.where('c.reference', '=', filters.reference);
  if (filters.tsQuery)
    query = query.where(sql<boolean>`c.search @@ to_tsquery('swedish', ${filters.tsQuery})`);

  if (filters.sort === 'due') {
    query = query.where('c.dueAt', 'is not', null);
    if (cursor) query = query.where(sql<boolean>`(c.due_at, c.id) > (${new Date(cursor.key)}, ${cursor.id})`);
    return query.orderBy('c.dueAt', 'asc').orderBy('c.id', 'asc').limit(limit).execute();
  }
  const direction = filters.sort === 'oldest' ? 'asc' : 'desc';
  if (cursor) {
    const comparison = direction === 'asc' ? sql.raw('>') : sql.raw('<');
    query = query.where(
      sql<boolean>`(c.submitted_at, c.id) ${comparison} (${new Date(cursor.key)}, ${cursor.id})`,
    );
  }
  return query.orderBy('c.submittedAt', direction).orderBy('c.id', direction).limit(limit).execute();
}

export type QueueRow = Awaited<ReturnType<typeof selectQueuePage>>[number];

/** Locks a case row for the rest of the transaction (one change at a time per case). */
export async function lockCaseByReference(db: Kysely<Database>, reference: string) {
  return db.selectFrom('case').where('reference', '=', reference).selectAll().forUpdate().executeTakeFirst();
}

export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCaseByReference>>>;

export interface CasePatch {
  status?: string;
  statusCategory?: StatusCategory;
  statusChangedAt?: Date;
  dueAt?: Date | null;
  closedAt?: Date | null;
  assignedStaffId?: string | null;
  unitId?: string;
  answers?: string;
  updatedAt: Date;
}

export async function updateCase(db: Kysely<Database>, caseId: string, patch: CasePatch): Promise<void> {
  await db.updateTable('case').set(patch).where('id', '=', caseId).execute();
}

/** Moves the open cases of a service to another unit; returns how many moved. */
export async function moveOpenCases(db: Kysely<Database>, serviceId: string, unitId: string, at: Date) {
  const result = await db
    .updateTable('case')
    .set({ unitId, updatedAt: at })
    .where('serviceId', '=', serviceId)
    .where('statusCategory', '<>', 'closed')
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

export async function insertCompletionRequest(
  db: Kysely<Database>,
  values: {
    tenantId: string;
    caseId: string;
    stepIds: string[];
    message: string;
    previousStatus: string;
    requestedByStaffId: string;
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
