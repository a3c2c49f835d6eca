/** SQL for a disposed fault report (issue #14, decision 0031). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The report's place, if it has one. */
export async function selectReportPlace(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('faultReport')
    .select(['latitude', 'longitude'])
    .where('caseId', '=', caseId)
    .executeTakeFirst();
}

/** Keeps a coarse place (or none) and forgets the anonymous reporter's follow-up token. */
export async function reduceReport(
  db: Kysely<Database>,
  caseId: string,
  place: { latitude: number | null; longitude: number | null },
) {
  await db
    .updateTable('faultReport')
    .set({ latitude: place.latitude, longitude: place.longitude, followTokenHash: null })
    .where('caseId', '=', caseId)
    .execute();
}
