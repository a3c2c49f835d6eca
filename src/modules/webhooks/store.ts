/** SQL for `webhook_subscription` and `webhook_delivery` (migration 0015, owned by modules/webhooks). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const subscriptionColumns = [
  'id',
  'tenantId',
  'name',
  'url',
  'eventTypes',
  'unitIds',
  'serviceIds',
  'secretHint',
  'pausedAt',
  'createdAt',
  'lastDeliveredAt',
] as const;

export async function insertSubscription(
  db: Kysely<Database>,
  row: {
    tenantId: string;
    name: string;
    url: string;
    eventTypes: string[];
    unitIds: string[];
    serviceIds: string[];
    secretSealed: string;
    secretHint: string;
    at: Date;
  },
): Promise<string> {
  const created = await db
    .insertInto('webhookSubscription')
    .values({
      tenantId: row.tenantId,
      name: row.name,
      url: row.url,
      eventTypes: JSON.stringify(row.eventTypes),
      unitIds: JSON.stringify(row.unitIds),
      serviceIds: JSON.stringify(row.serviceIds),
      secretSealed: row.secretSealed,
      secretHint: row.secretHint,
      createdAt: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** The tenant's subscriptions, newest first, with how many of their deliveries are dead or waiting. */
export async function selectSubscriptions(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('webhookSubscription as s')
    .select(subscriptionColumns.map((column) => `s.${column}` as const))
    .select((eb) => [
      eb
        .selectFrom('webhookDelivery as d')
        .whereRef('d.subscriptionId', '=', 's.id')
        .where('d.deadAt', 'is not', null)
        .where('d.deliveredAt', 'is', null)
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .as('deadCount'),
    ])
    .where('s.tenantId', '=', tenantId)
    .orderBy('s.createdAt', 'desc')
    .orderBy('s.id')
    .execute();
}

export type SubscriptionRow = Awaited<ReturnType<typeof selectSubscriptions>>[number];

/** One subscription of the tenant. */
export async function selectSubscription(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .selectFrom('webhookSubscription')
    .select(subscriptionColumns)
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every subscription of these tenants, as the matching needs them (paused ones too: they hold). */
export async function selectReachOfTenants(db: Kysely<Database>, tenantIds: readonly string[]) {
  if (tenantIds.length === 0) return [];
  return db
    .selectFrom('webhookSubscription')
    .select(['id', 'tenantId', 'eventTypes', 'unitIds', 'serviceIds'])
    .where('tenantId', 'in', [...tenantIds])
    .execute();
}

/** Pauses (a time) or resumes (null) a subscription of the tenant; false when there is none. */
export async function updatePaused(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  pausedAt: Date | null,
) {
  const result = await db
    .updateTable('webhookSubscription')
    .set({ pausedAt })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a subscription of the tenant and its deliveries; false when there is none. */
export async function deleteSubscription(db: Kysely<Database>, tenantId: string, id: string) {
  const result = await db
    .deleteFrom('webhookSubscription')
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export interface NewDelivery {
  subscriptionId: string;
  tenantId: string;
  eventId: number;
  eventType: string;
  caseId: string;
  body: string;
}

/** Inserts deliveries; a (subscription, event) pair already there is left as it is. */
export async function insertDeliveries(db: Kysely<Database>, rows: readonly NewDelivery[], at: Date) {
  if (rows.length === 0) return;
  await db
    .insertInto('webhookDelivery')
    .values(rows.map((row) => ({ ...row, nextAttemptAt: at, createdAt: at })))
    .onConflict((oc) => oc.columns(['subscriptionId', 'eventId']).doNothing())
    .execute();
}

const deliveryColumns = [
  'id',
  'eventId',
  'eventType',
  'caseId',
  'attempts',
  'nextAttemptAt',
  'lastAttemptAt',
  'lastStatus',
  'lastError',
  'deliveredAt',
  'deadAt',
  'createdAt',
] as const;

/**
 * A subscription's latest deliveries, newest event first (a backward scan of the unique
 * (subscription, event) index, however many deliveries the subscription has had).
 */
export async function selectRecentDeliveries(db: Kysely<Database>, subscriptionId: string, limit: number) {
  return db
    .selectFrom('webhookDelivery')
    .select(deliveryColumns)
    .where('subscriptionId', '=', subscriptionId)
    .orderBy('eventId', 'desc')
    .limit(limit)
    .execute();
}

export type DeliveryRow = Awaited<ReturnType<typeof selectRecentDeliveries>>[number];

/** A subscription's dead letters, latest death first. */
export async function selectDeadLetters(db: Kysely<Database>, subscriptionId: string, limit: number) {
  return db
    .selectFrom('webhookDelivery')
    .select(deliveryColumns)
    .where('subscriptionId', '=', subscriptionId)
    .where('deadAt', 'is not', null)
    .where('deliveredAt', 'is', null)
    .orderBy('deadAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Makes dead letters of a subscription of the tenant due again with a fresh attempt count (one, or
 * all when `deliveryId` is undefined). Resolves to how many were replayed.
 */
export async function replayDeadLetters(
  db: Kysely<Database>,
  scope: { tenantId: string; subscriptionId: string; deliveryId?: number },
  now: Date,
): Promise<number> {
  let query = db
    .updateTable('webhookDelivery')
    .set({ deadAt: null, attempts: 0, nextAttemptAt: now, lockedUntil: null })
    .where('tenantId', '=', scope.tenantId)
    .where('subscriptionId', '=', scope.subscriptionId)
    .where('deadAt', 'is not', null)
    .where('deliveredAt', 'is', null);
  if (scope.deliveryId !== undefined) query = query.where('id', '=', scope.deliveryId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
