/** SQL for the back office: locking and changing a case, its history, completion requests (the queue: queue-store.ts). */
import { type Kysely, sql } from 'kysely';
import type { CaseEventActor, CaseEventVisibility, Database, StatusCategory } from '../../db/schema.ts';

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
  /** With `answers`: the key of their sealed values and their personnummer hashes (decision 0034). */
  sealedKeyId?: string | null;
  personalIdentityNumberHashes?: string[] | null;
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
    /** The key of sealed answers in `data` (an answered completion's previous answers). */
    sealedKeyId?: string | null;
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
        sealedKeyId: event.sealedKeyId ?? null,
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
    sealedKeyId?: string | null;
  },
): Promise<void> {
  await insertCaseEvents(db, [{ ...event, visibility: event.visibility ?? 'resident' }]);
}
