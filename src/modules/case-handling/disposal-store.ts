/** SQL for disposing of a case's completion requests and share reasons (issue #14, decision 0031). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Removes the case's completion requests (the officer's message to the applicant among them). */
export async function deleteCompletionRequestsOfCase(db: Kysely<Database>, caseId: string) {
  const removed = await db
    .deleteFrom('completionRequest')
    .where('caseId', '=', caseId)
    .returning('id')
    .execute();
  return removed.length;
}

/**
 * Replaces the reasons the case's shares were given with a mark: the share itself (which unit, from
 * when to when, by whom) stays as the record of who could read the case.
 */
export async function reduceShareReasonsOfCase(db: Kysely<Database>, caseId: string) {
  const changed = await db
    .updateTable('caseShare')
    .set({ reason: DISPOSED_REASON })
    .where('caseId', '=', caseId)
    .where('reason', '<>', DISPOSED_REASON)
    .returning('id')
    .execute();
  return changed.length;
}

/** What a disposed share's reason reads (the column takes 1–1,000 characters). */
export const DISPOSED_REASON = '(gallrad)';
