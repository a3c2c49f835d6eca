/**
 * Check (c)'s verdicts beyond the mail count: the statistics handler's effect is exactly once (each
 * event counted once, no window), and each case's mail arrived in event order.
 */
import type { Delivery } from './outbox-check.ts';
import type { Sql } from './result.ts';

/** The handlers every event of the check is fanned out to (src/job-handlers.ts). */
export const HANDLERS = ['mail', 'statistics'] as const;

/**
 * Every event has its statistics key, and over the whole database the counts add up to the keys:
 * a count is only ever added in the transaction that records its key (primary key), so a repeat
 * that counted again would make the sum exceed the keys.
 */
export async function checkStatistics(db: Sql, ids: number[]) {
  const failures: string[] = [];
  const keys = ids.map((id) => `statistics:${id}`);
  const { rows: found } = await db.query(
    'select count(*)::int as n from job_effect where idempotency_key = any($1::text[])',
    [keys],
  );
  const counted = Number(found[0]?.n ?? 0);
  if (counted !== ids.length) failures.push(`statistics: ${ids.length - counted} events never counted`);
  const { rows: totals } = await db.query(
    `select (select coalesce(sum(count), 0)::int from event_count) as sum,
            (select count(*)::int from job_effect where idempotency_key like 'statistics:%') as keys`,
  );
  const sum = Number(totals[0]?.sum ?? -1);
  const allKeys = Number(totals[0]?.keys ?? -2);
  if (sum !== allKeys)
    failures.push(`statistics: counts add up to ${sum} for ${allKeys} keys (counted twice)`);
  const lines = [
    `statistics handler: ${counted} of ${ids.length} events counted; all counts ${sum} = all keys ${allKeys}: exactly once ${failures.length === 0 ? 'yes' : 'NO'}`,
  ];
  return { failures, lines, counted };
}

/** Each case's mail first arrived in the order of its events (the mail handler is ordered per case). */
export function checkCaseOrder(
  deliveries: Delivery[],
  caseOf: Map<number, string>,
  messageIdOf: (eventId: number) => string,
) {
  const firstArrival = new Map<string, number>();
  deliveries.forEach((mail, index) => {
    if (!firstArrival.has(mail.messageId)) firstArrival.set(mail.messageId, index);
  });
  const byCase = new Map<string, number[]>();
  for (const [eventId, caseId] of [...caseOf].sort((a, b) => a[0] - b[0]))
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), eventId]);
  const failures: string[] = [];
  for (const [caseId, events] of byCase) {
    const arrivals = events.map((id) => firstArrival.get(messageIdOf(id)) ?? Number.POSITIVE_INFINITY);
    if (arrivals.some((arrival, i) => i > 0 && arrival < (arrivals[i - 1] ?? 0)))
      failures.push(
        `ORDER: case ${caseId}: events ${events.join(', ')} first arrived as ${arrivals.join(', ')}`,
      );
  }
  const lines = [
    `mail per case in event order: ${failures.length === 0 ? 'yes' : 'NO'} (${byCase.size} cases, ${caseOf.size} events)`,
  ];
  return { failures, lines };
}
