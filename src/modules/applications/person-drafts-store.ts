/** SQL for a person's drafts as a whole (issue #14: their export and the deletion of their profile). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Every open draft the person owns (completion drafts too), with answers, newest first. */
export async function selectOpenDraftsWithAnswers(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('draft')
    .select([
      'id',
      'tenantId',
      'serviceVersionId',
      'answers',
      'completesCaseId',
      'representativePersonId',
      'createdAt',
      'updatedAt',
    ])
    .where('personId', '=', personId)
    .where('status', '=', 'open')
    .orderBy('updatedAt', 'desc')
    .orderBy('id')
    .execute();
}

/** Drafts the person started as representative or guardian for someone else, open or submitted. */
export async function selectDraftsStartedForOthers(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('draft')
    .select(['id', 'tenantId', 'status', 'caseId'])
    .where('representativePersonId', '=', personId)
    .where((eb) => eb.or([eb('personId', 'is', null), eb('personId', '<>', personId)]))
    .orderBy('createdAt')
    .limit(200)
    .execute();
}

/**
 * Deletes every draft the person owns and their files' rows; returns the storage keys to remove
 * once the transaction has committed. Submitted drafts go too: they remain only as the link from
 * a case, and a person with a case is not deleted (decision 0032).
 */
export async function deleteDraftsOfPerson(db: Kysely<Database>, personId: string): Promise<string[]> {
  const drafts = db.selectFrom('draft').select('id').where('personId', '=', personId);
  const files = await db
    .deleteFrom('attachment')
    .where('draftId', 'in', drafts)
    .where('caseId', 'is', null)
    .returning('storageKey')
    .execute();
  await db.deleteFrom('draft').where('personId', '=', personId).execute();
  return files.map((file) => file.storageKey);
}
