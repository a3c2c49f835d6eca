/**
 * The statistics handler: counts events per tenant, topic and day (`event_count`). The platform's
 * own subscriber to every topic, and an effect that is exactly once: the count and the event's
 * idempotency key commit in one transaction (the durability check counts on it).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { onceEachInDatabase } from './effects.ts';
import { defineHandler, type JobHandler, type TopicJob } from './job-worker.ts';
import { TOPICS, type Topic } from './topics.ts';

export const STATISTICS_HANDLER = 'statistics';

/** Creates the statistics handler over the database. */
export function createStatisticsHandler(db: Kysely<Database>): JobHandler {
  // One transaction for the batch: the keys, then one upsert per tenant, topic and day (in key
  // order, so two workers' batches lock the counters in the same order).
  const runBatch = async (jobs: readonly TopicJob<Topic>[]) => {
    await onceEachInDatabase(db, jobs, async (trx, fresh) => {
      const counts = new Map<string, { tenantId: string; topic: string; day: string; count: number }>();
      for (const job of fresh) {
        const day = job.createdAt.toISOString().slice(0, 10);
        const key = `${job.tenantId} ${job.topic} ${day}`;
        const counted = counts.get(key) ?? { tenantId: job.tenantId, topic: job.topic, day, count: 0 };
        counted.count += 1;
        counts.set(key, counted);
      }
      const rows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
      await trx
        .insertInto('eventCount')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['tenantId', 'topic', 'day'])
            .doUpdateSet({ count: sql`event_count.count + excluded.count` }),
        )
        .execute();
    });
  };
  return defineHandler({
    name: STATISTICS_HANDLER,
    topics: TOPICS,
    // One job is a batch of one.
    run: (job) => runBatch([job]),
    runBatch,
  });
}
