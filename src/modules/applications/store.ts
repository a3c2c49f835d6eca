/** SQL for drafts and their attachments. */
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { AttachmentTable, Database } from '../../db/schema.ts';
import type { StoredAnswers } from '../../platform/protection/data-protection.ts';

const draftColumns = [
  'id',
  'tenantId',
  'serviceVersionId',
  'personId',
  'sessionId',
  'answers',
  'currentStep',
  'status',
  'caseId',
  'completesCaseId',
  'representativePersonId',
  'createdAt',
  'updatedAt',
] as const;

export type DraftRow = Awaited<ReturnType<typeof selectDraft>> & {};

export async function selectDraft(db: Kysely<Database>, id: string) {
  return db.selectFrom('draft').select(draftColumns).where('id', '=', id).executeTakeFirst();
}

/** Locks the draft row for the rest of the transaction (submit and concurrent saves queue here). */
export async function selectDraftForUpdate(db: Kysely<Database>, id: string) {
  return db.selectFrom('draft').select(draftColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertDraft(
  db: Kysely<Database>,
  values: {
    tenantId: string;
    serviceVersionId: string;
    personId: string | null;
    sessionId: string | null;
    /** Sealed where the form says so (decision 0034); reads open them. */
    answers: StoredAnswers;
    currentStep: string | null;
    /** The case a completion draft answers (komplettering); absent for an ordinary draft. */
    completesCaseId?: string | null;
    /** The representative who starts it for `personId` (issue #13). */
    representativePersonId?: string | null;
    /** On the application's clock, when it is compared with times the application wrote. */
    createdAt?: Date;
  },
) {
  return db
    .insertInto('draft')
    .values({
      ...values,
      answers: JSON.stringify(values.answers.answers),
      sealedKeyId: values.answers.keyId,
      status: 'open',
    })
    .returning(draftColumns)
    .executeTakeFirstOrThrow();
}

export async function updateDraftAnswers(
  db: Kysely<Database>,
  id: string,
  answers: StoredAnswers,
  currentStep: string,
  now: Date,
) {
  await db
    .updateTable('draft')
    .set({
      answers: JSON.stringify(answers.answers),
      sealedKeyId: answers.keyId,
      currentStep,
      updatedAt: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function markDraftSubmitted(
  db: Kysely<Database>,
  id: string,
  caseId: string,
  answers: StoredAnswers,
  now: Date,
) {
  await db
    .updateTable('draft')
    .set({
      status: 'submitted',
      caseId,
      answers: JSON.stringify(answers.answers),
      sealedKeyId: answers.keyId,
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

/** The person's open completion draft for a case, started after the request it answers. */
export async function selectOpenCompletionDraft(
  db: Kysely<Database>,
  caseId: string,
  personId: string,
  since: Date,
) {
  return db
    .selectFrom('draft')
    .select(draftColumns)
    .where('completesCaseId', '=', caseId)
    .where('personId', '=', personId)
    .where('status', '=', 'open')
    .where('createdAt', '>=', since)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Serialises starting a completion draft for one case until the transaction ends, so two clicks on
 * "Komplettera" resume one draft instead of making two (there is no row to lock before it exists).
 */
export async function lockCompletionStart(db: Kysely<Database>, caseId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`completion:${caseId}`}))`.execute(db);
}

export async function deleteOpenDraft(db: Kysely<Database>, id: string) {
  await db.deleteFrom('draft').where('id', '=', id).where('status', '=', 'open').execute();
}

/** A person's open drafts with the service title (My Pages), newest first. */
export async function selectOpenDraftsOfPerson(db: Kysely<Database>, personId: string) {
  return (
    db
      .selectFrom('draft as d')
      .innerJoin('serviceVersion as v', 'v.id', 'd.serviceVersionId')
      .innerJoin('service as s', 's.id', 'v.serviceId')
      .innerJoin('tenant as t', 't.id', 'd.tenantId')
      .select([
        'd.id',
        'd.updatedAt',
        'd.createdAt',
        'd.tenantId',
        'd.representativePersonId',
        's.id as serviceId',
        's.slug as serviceSlug',
        't.slug as tenantSlug',
        't.name as tenantName',
        'v.definition',
      ])
      .where('d.personId', '=', personId)
      .where('d.status', '=', 'open')
      // A completion in progress is reached from its case page ("Komplettera ärendet"), not as a draft.
      .where('d.completesCaseId', 'is', null)
      .orderBy('d.updatedAt', 'desc')
      .limit(100)
      .execute()
  );
}

export async function insertAttachment(
  db: Kysely<Database>,
  values: Omit<Insertable<AttachmentTable>, 'id' | 'caseId' | 'createdAt'>,
) {
  return db.insertInto('attachment').values(values).returning(['id']).executeTakeFirstOrThrow();
}

export async function selectDraftAttachments(db: Kysely<Database>, draftId: string) {
  return db
    .selectFrom('attachment')
    .select(['id', 'fieldId', 'storageKey'])
    .where('draftId', '=', draftId)
    .execute();
}

export async function selectAttachment(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('attachment')
    .select(['id', 'draftId', 'caseId', 'fieldId', 'filename', 'contentType', 'sizeBytes', 'storageKey'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteAttachment(db: Kysely<Database>, id: string) {
  await db.deleteFrom('attachment').where('id', '=', id).where('caseId', 'is', null).execute();
}

/** Binds a draft's attachments to its new case (same transaction as the case). */
export async function attachToCase(db: Kysely<Database>, draftId: string, caseId: string) {
  await db.updateTable('attachment').set({ caseId }).where('draftId', '=', draftId).execute();
}

/**
 * Closes a submitted draft: binds its attachments to the case and marks it submitted with the final
 * answers. Data-modifying SQL run inside the statement that creates the case (AlsoInStatement in the
 * cases store), so that no round trip is made while the reference counter is locked. Nothing
 * changes when that statement made no case (its guard found no row: the case id is null).
 */
export function closeSubmittedDraftSql(
  id: string,
  caseId: RawBuilder<string>,
  answers: StoredAnswers,
  now: Date,
) {
  return [
    sql`update attachment set case_id = ${caseId} where draft_id = ${id}::uuid and ${caseId} is not null`,
    sql`update draft set status = 'submitted', case_id = ${caseId}, answers = ${JSON.stringify(answers.answers)}::jsonb,
      sealed_key_id = ${answers.keyId}::text, updated_at = ${now}::timestamptz
      where id = ${id}::uuid and ${caseId} is not null`,
  ];
}

/**
 * The draft, locked, if it is still open with exactly the answers that were validated: the guard of
 * a submission made in one statement (a concurrent submit or step save makes it find no row).
 * `stored` is the row's answers as read (storedFormOf): sealed values are compared as sealed.
 */
export function openDraftGuardSql(id: string, stored: Readonly<Record<string, unknown>>) {
  return sql`select id from draft
    where id = ${id}::uuid and status = 'open' and answers = ${JSON.stringify(stored)}::jsonb for update`;
}

/**
 * Locks the draft (open, of the tenant, not a completion) and the named files (of that draft, on no
 * case yet) for an intake; true when every one was found free. Without a draft no file can be named:
 * every stored file belongs to a draft until it belongs to a case.
 */
export async function lockIntakeClaim(
  db: Kysely<Database>,
  claim: { tenantId: string; draftId: string | null; attachmentIds: string[] },
): Promise<boolean> {
  if (claim.draftId) {
    const draft = await db
      .selectFrom('draft')
      .select('id')
      .where('id', '=', claim.draftId)
      .where('tenantId', '=', claim.tenantId)
      .where('status', '=', 'open')
      .where('completesCaseId', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) return false;
  }
  if (claim.attachmentIds.length === 0) return true;
  if (!claim.draftId) return false;
  const free = await db
    .selectFrom('attachment')
    .select('id')
    .where('id', 'in', claim.attachmentIds)
    .where('tenantId', '=', claim.tenantId)
    .where('draftId', '=', claim.draftId)
    .where('caseId', 'is', null)
    .forUpdate()
    .execute();
  return free.length === claim.attachmentIds.length;
}

/**
 * The intake's writes in the case's statement: bind the named files to the new case and close the
 * draft they came with (as closeSubmittedDraftSql does for a web submission).
 */
export function bindIntakeSql(
  caseId: RawBuilder<string>,
  claim: { draftId: string | null; attachmentIds: string[]; answers: StoredAnswers; at: Date },
): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (claim.attachmentIds.length > 0)
    parts.push(sql`update attachment set case_id = ${caseId}
      where id = any(${claim.attachmentIds}::uuid[]) and case_id is null`);
  if (claim.draftId)
    parts.push(sql`update draft set status = 'submitted', case_id = ${caseId},
      answers = ${JSON.stringify(claim.answers.answers)}::jsonb, sealed_key_id = ${claim.answers.keyId}::text,
      updated_at = ${claim.at}::timestamptz
      where id = ${claim.draftId}::uuid`);
  return parts;
}

/** Which of these storage keys name a file of this module (the orphan file sweeper asks). */
export async function selectStorageKeysInUse(db: Kysely<Database>, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('attachment')
    .select('storageKey as key')
    .where('storageKey', 'in', keys)
    .execute();
  return rows.map((row) => row.key);
}
