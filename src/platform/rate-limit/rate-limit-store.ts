/** SQL for the rate-limit counters (decision 0035): one atomic upsert per limited request. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The hits of a key in its current window, this one included, and when that window ends. */
export interface CountedHit {
  hits: number;
  windowEndsAt: Date;
}

/** Counts so high that an integer column would overflow are held here: anything above max is refused anyway. */
const HIT_CEILING = 2_000_000_000;

/**
 * Counts one hit of `key`. A key whose window has ended starts a new one of `windowMs` from `now`.
 * One statement, so hits from every process land in the same row without a lost update: the
 * conflicting insert takes the row lock and updates the row as it then is.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  now: Date,
  windowMs: number,
): Promise<CountedHit> {
  const newEnd = new Date(now.getTime() + windowMs);
  const ended = sql<boolean>`rate_limit_counter.window_ends_at <= ${now}`;
  return db
    .insertInto('rateLimitCounter')
    .values({ key, hits: 1, windowEndsAt: newEnd })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql<number>`case when ${ended} then 1 else least(rate_limit_counter.hits + 1, ${HIT_CEILING}) end`,
        windowEndsAt: sql<Date>`case when ${ended} then ${newEnd}::timestamptz else rate_limit_counter.window_ends_at end`,
      }),
    )
    .returning(['hits', 'windowEndsAt'])
    .executeTakeFirstOrThrow();
}

/** Deletes the counters whose window ended before `before`; returns how many. */
export async function deleteEndedCounters(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('rateLimitCounter')
    .where('windowEndsAt', '<=', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
