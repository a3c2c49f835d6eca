/**
 * SQL for disposing of drafts and attachments (issue #14, decision 0031): a disposed case's
 * submitted and completion drafts with every attachment, an archived case's unfinished completion
 * drafts, and drafts abandoned by their owner. Attachment rows go before their drafts (the foreign
 * key would cascade, and the storage keys must be read for deleting the files after the commit).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Removes every draft of a case — the one it was submitted from (`draftId`) and its completion
 * drafts — and every attachment of the case or those drafts; returns what went. Found by key and
 * by the completion drafts' index, never by reading the whole table.
 */
export async function deleteDraftsOfCase(db: Kysely<Database>, caseId: string, draftId: string | null) {
  const drafts = await db
    .selectFrom('draft')
    .select('id')
    .where((eb) => eb.or([eb('completesCaseId', '=', caseId), ...(draftId ? [eb('id', '=', draftId)] : [])]))
    .execute();
  const ids = drafts.map((draft) => draft.id);
  const files = await db
    .deleteFrom('attachment')
    .where((eb) => eb.or([eb('caseId', '=', caseId), ...(ids.length > 0 ? [eb('draftId', 'in', ids)] : [])]))
    .returning('storageKey')
    .execute();
  if (ids.length > 0) await db.deleteFrom('draft').where('id', 'in', ids).execute();
  return { storageKeys: files.map((file) => file.storageKey), drafts: ids.length };
}

/** Removes a closed case's unfinished completion drafts and their (not yet submitted) attachments. */
export async function deleteOpenCompletionDrafts(db: Kysely<Database>, caseId: string) {
  const drafts = db
    .selectFrom('draft')
    .select('id')
    .where('completesCaseId', '=', caseId)
    .where('status', '=', 'open');
  const files = await db
    .deleteFrom('attachment')
    .where('draftId', 'in', drafts)
    .where('caseId', 'is', null)
    .returning('storageKey')
    .execute();
  const removed = await db
    .deleteFrom('draft')
    .where('completesCaseId', '=', caseId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  return { storageKeys: files.map((file) => file.storageKey), drafts: removed.length };
}

/**
 * Locks up to `limit` open drafts untouched since their cut-off (a person's, or an anonymous
 * visitor's), oldest first, skipping drafts another transaction holds (a resident saving a step).
 */
async function lockAbandonedDrafts(
  db: Kysely<Database>,
  options: { personBefore: Date; anonymousBefore: Date; limit: number; tenantIds?: readonly string[] },
) {
  let query = db
    .selectFrom('draft')
    .select(['id', 'tenantId', sql<boolean>`person_id is null`.as('anonymous')])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb.and([eb('personId', 'is not', null), eb('updatedAt', '<', options.personBefore)]),
        eb.and([eb('personId', 'is', null), eb('updatedAt', '<', options.anonymousBefore)]),
      ]),
    );
  if (options.tenantIds?.length === 0) return [];
  if (options.tenantIds) query = query.where('tenantId', 'in', [...options.tenantIds]);
  return query.orderBy('updatedAt').limit(options.limit).forUpdate().skipLocked().execute();
}

/** Removes abandoned open drafts with their attachments; returns which went and their files. */
export async function deleteAbandonedDrafts(
  db: Kysely<Database>,
  options: { personBefore: Date; anonymousBefore: Date; limit: number; tenantIds?: readonly string[] },
) {
  const drafts = await lockAbandonedDrafts(db, options);
  if (drafts.length === 0) return { drafts: [], files: [] };
  const ids = drafts.map((draft) => draft.id);
  const files = await db
    .deleteFrom('attachment')
    .where('draftId', 'in', ids)
    .where('caseId', 'is', null)
    .returning(['tenantId', 'storageKey'])
    .execute();
  await db.deleteFrom('draft').where('id', 'in', ids).where('status', '=', 'open').execute();
  return {
    drafts: drafts.map((draft) => ({ tenantId: draft.tenantId, anonymous: Boolean(draft.anonymous) })),
    files,
  };
}
