/**
 * SQL for a disposed case's decisions (issue #14, decision 0031). The table is append-only; the
 * one UPDATE the database allows is this one, inside a disposal transaction of a case already
 * marked disposed (migration 0023): the justification is emptied and the letter let go, while
 * the record of the act — outcome, legal basis, validity, who decided and when — stays.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Empties the justifications and lets go of the letters of the case's decisions; returns the letters' keys. */
export async function disposeDecisionsOfCase(db: Kysely<Database>, caseId: string, at: Date) {
  const letters = await db
    .selectFrom('decision')
    .select(['id', 'letterStorageKey'])
    .where('caseId', '=', caseId)
    .where('disposedAt', 'is', null)
    .execute();
  if (letters.length === 0) return { storageKeys: [], decisions: 0 };
  await db
    .updateTable('decision')
    .set({ justification: '', letterStorageKey: null, disposedAt: at })
    .where('caseId', '=', caseId)
    .where('disposedAt', 'is', null)
    .execute();
  return {
    storageKeys: letters.flatMap((letter) => (letter.letterStorageKey ? [letter.letterStorageKey] : [])),
    decisions: letters.length,
  };
}
