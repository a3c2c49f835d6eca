/** SQL for disposing of a case's messages and their attachments (issue #14, decision 0031). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Removes the case's messages and their attachments; returns the files' keys and how many messages went. */
export async function deleteMessagesOfCase(db: Kysely<Database>, caseId: string) {
  const messages = db.selectFrom('caseMessage').select('id').where('caseId', '=', caseId);
  const files = await db
    .deleteFrom('messageAttachment')
    .where('messageId', 'in', messages)
    .returning('storageKey')
    .execute();
  const removed = await db.deleteFrom('caseMessage').where('caseId', '=', caseId).returning('id').execute();
  return { storageKeys: files.map((file) => file.storageKey), messages: removed.length };
}
