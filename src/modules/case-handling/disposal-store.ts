/** SQL for disposing of a case's completion requests (issue #14, decision 0031). */
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
