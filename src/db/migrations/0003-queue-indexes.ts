/**
 * Issue #4 (scale-invariance): better row estimates for the officers' free-text search. With the
 * default statistics target the planner guesses 0.07 % of all cases for any search word it has no
 * statistics for (half the rarest sampled word's frequency), so for a rare name it intersected the
 * GIN index with the unit's whole open-case index range (BitmapAnd): work that grows with the table
 * (2.4–4.7 ms with 1,000,000 cases, 19,495 index entries read for 2 hits). A larger sample of the
 * search column's words lowers that guess: a rare word now uses the GIN index alone (0.15 ms), a
 * common one still walks the unit's index in page order and stops after one page.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table "case" alter column search set statistics 1000;
    analyze "case";
  `,
  );
}
