/**
 * The delivery loop's SQL on `webhook_delivery` (owned by modules/webhooks): claim due deliveries in
 * each case's order under a lease, and settle each attempt (delivered, retry later, dead).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A claimed delivery with what sending it needs; `attempts` counts this one and fences the claim. */
export interface ClaimedDelivery {
  id: number;
  subscriptionId: string;
  eventId: number;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secretSealed: string;
}

/**
 * Claims up to `limit` due deliveries of active subscriptions in one statement (SKIP LOCKED: workers
 * side by side never take the same one). A delivery is claimable only while no earlier event of its
 * case has an undelivered delivery to the same subscription (retrying, leased or dead), so a case's
 * deliveries never overtake each other, and one claim never holds two of one (subscription, case).
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  options: { now: Date; leaseUntil: Date; limit: number; onlyTenants?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  const { now, leaseUntil, limit } = options;
  const tenants = options.onlyTenants ? [...options.onlyTenants] : null;
  const result = await sql<Omit<ClaimedDelivery, 'id' | 'eventId'> & { id: string; eventId: string }>`
    update webhook_delivery set locked_until = ${leaseUntil}::timestamptz, attempts = webhook_delivery.attempts + 1
    from webhook_subscription s
    where s.id = webhook_delivery.subscription_id and webhook_delivery.id in (
      select d.id from webhook_delivery d
      join webhook_subscription active on active.id = d.subscription_id and active.paused_at is null
      where d.delivered_at is null and d.dead_at is null and d.next_attempt_at <= ${now}::timestamptz
        and (d.locked_until is null or d.locked_until < ${now}::timestamptz)
        and (${tenants}::uuid[] is null or d.tenant_id = any(${tenants}::uuid[]))
        and not exists (
          select 1 from webhook_delivery earlier
          where earlier.subscription_id = d.subscription_id and earlier.case_id = d.case_id
            and earlier.event_id < d.event_id and earlier.delivered_at is null)
      order by d.id limit ${limit}
      for update of d skip locked)
    returning webhook_delivery.id, webhook_delivery.subscription_id as "subscriptionId",
      webhook_delivery.event_id as "eventId", webhook_delivery.event_type as "eventType",
      webhook_delivery.body, webhook_delivery.attempts, s.url, s.secret_sealed as "secretSealed"`.execute(db);
  return result.rows
    .map((row) => ({ ...row, id: Number(row.id), eventId: Number(row.eventId) }))
    .sort((a, b) => a.id - b.id);
}

/** Marks deliveries done with the status the receiver answered (one statement per status). */
export async function markDelivered(
  db: Kysely<Database>,
  delivered: readonly { id: number; status: number }[],
  at: Date,
): Promise<void> {
  const byStatus = new Map<number, number[]>();
  for (const { id, status } of delivered) byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
  for (const [status, ids] of byStatus)
    await db
      .updateTable('webhookDelivery')
      .set({ deliveredAt: at, lastAttemptAt: at, lastStatus: status, lastError: null, lockedUntil: null })
      .where('id', 'in', ids)
      .where('deliveredAt', 'is', null)
      .execute();
}

/**
 * Records when the subscriptions last delivered, at most once a minute each (a busy subscription
 * would otherwise write its row with every delivery).
 */
export async function touchLastDelivered(db: Kysely<Database>, ids: readonly string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .updateTable('webhookSubscription')
    .set({ lastDeliveredAt: at })
    .where('id', 'in', [...ids])
    .where((eb) =>
      eb.or([
        eb('lastDeliveredAt', 'is', null),
        eb('lastDeliveredAt', '<', sql<Date>`${at}::timestamptz - interval '1 minute'`),
      ]),
    )
    .execute();
}

/** Records a failed attempt and when to try again, or that the delivery is dead; fenced by the claim. */
export async function markAttemptFailed(
  db: Kysely<Database>,
  delivery: { id: number; attempts: number },
  failure: { status: number | null; error: string; at: Date; nextAttemptAt: Date; dead: boolean },
): Promise<void> {
  await db
    .updateTable('webhookDelivery')
    .set({
      lastAttemptAt: failure.at,
      lastStatus: failure.status,
      lastError: failure.error,
      nextAttemptAt: failure.nextAttemptAt,
      deadAt: failure.dead ? failure.at : null,
      lockedUntil: null,
    })
    .where('id', '=', delivery.id)
    .where('attempts', '=', delivery.attempts)
    .where('deliveredAt', 'is', null)
    .execute();
}

/** Gives an unstarted claim back (the loop is stopping); its attempt is not counted. */
export async function releaseDelivery(db: Kysely<Database>, delivery: { id: number; attempts: number }) {
  await db
    .updateTable('webhookDelivery')
    .set({ lockedUntil: null, attempts: sql<number>`attempts - 1` })
    .where('id', '=', delivery.id)
    .where('attempts', '=', delivery.attempts)
    .where('deliveredAt', 'is', null)
    .execute();
}
