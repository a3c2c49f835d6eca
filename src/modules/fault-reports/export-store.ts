/**
 * Fault reports as open data (issue #12, modules/open-data): only the columns that may be
 * published — category, exact place (made coarse by open-data before it leaves), status category
 * and dates — never the reference, the reporter, free text or the follow-up token. Merged
 * duplicates are left out (their kept report stands for them).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The tenant's reports submitted from `since` on, oldest first (at most `limit`). */
export async function selectReportsForExport(
  db: Kysely<Database>,
  tenantId: string,
  since: Date,
  limit: number,
) {
  return db
    .selectFrom('faultReport')
    .select(['category', 'latitude', 'longitude', 'statusCategory', 'submittedAt', 'fixedAt'])
    .where('tenantId', '=', tenantId)
    .where('mergedInto', 'is', null)
    .where('submittedAt', '>=', since)
    .orderBy('submittedAt')
    .orderBy('caseId')
    .limit(limit)
    .execute();
}
