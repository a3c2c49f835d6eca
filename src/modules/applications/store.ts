/** SQL for drafts and their attachments. */
import type { Insertable, Kysely } from 'kysely';
import type { AttachmentTable, Database } from '../../db/schema.ts';
import type { Answers } from '../forms/definition.ts';

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
    answers: Answers;
    currentStep: string | null;
  },
) {
  return db
    .insertInto('draft')
    .values({ ...values, answers: JSON.stringify(values.answers), status: 'open' })
    .returning(draftColumns)
    .executeTakeFirstOrThrow();
}

export async function updateDraftAnswers(
  db: Kysely<Database>,
  id: string,
  answers: Answers,
  currentStep: string,
  now: Date,
) {
  await db
    .updateTable('draft')
    .set({ answers: JSON.stringify(answers), currentStep, updatedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function markDraftSubmitted(
  db: Kysely<Database>,
  id: string,
  caseId: string,
  answers: Answers,
  now: Date,
) {
  await db
    .updateTable('draft')
    .set({ status: 'submitted', caseId, answers: JSON.stringify(answers), updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteOpenDraft(db: Kysely<Database>, id: string) {
  await db.deleteFrom('draft').where('id', '=', id).where('status', '=', 'open').execute();
}

/** A person's open drafts with the service title (My Pages), newest first. */
export async function selectOpenDraftsOfPerson(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('draft as d')
    .innerJoin('serviceVersion as v', 'v.id', 'd.serviceVersionId')
    .innerJoin('service as s', 's.id', 'v.serviceId')
    .innerJoin('tenant as t', 't.id', 'd.tenantId')
    .select([
      'd.id',
      'd.updatedAt',
      'd.createdAt',
      's.slug as serviceSlug',
      't.slug as tenantSlug',
      't.name as tenantName',
      'v.definition',
    ])
    .where('d.personId', '=', personId)
    .where('d.status', '=', 'open')
    .orderBy('d.updatedAt', 'desc')
    .limit(100)
    .execute();
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
