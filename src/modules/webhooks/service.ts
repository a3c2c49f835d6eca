/**
 * Webhooks (issue #12): administrators subscribe an endpoint to case events; each event a
 * subscription reaches becomes a delivery (materialise, run by the `webhooks` job handler), which the
 * delivery loop (dispatcher.ts) signs and sends. The signing secret is shown once and kept sealed
 * (platform/secret-box.ts). Every change an administrator makes is in the audit log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { sealingKey, sealSecret, unsealSecret } from '../../platform/secret-box.ts';
import { newSecret } from '../../platform/secrets.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CaseService } from '../cases/service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { type CaseEventJob, deliveriesOf } from './materialise.ts';
import { checkSubscription, SIGNING_SECRET_PREFIX, type SubscriptionInput, secretHint } from './model.ts';
import {
  type DeliveryRow,
  deleteSubscription,
  insertDeliveries,
  insertSubscription,
  replayDeadLetters,
  type SubscriptionRow,
  selectDeadLetters,
  selectReachOfTenants,
  selectRecentDeliveries,
  selectSubscription,
  selectSubscriptions,
  updatePaused,
} from './store.ts';

export type { CaseEventJob, DeliveryRow, SubscriptionRow };

/** One subscription with its latest deliveries and its dead letters, for its page. */
export interface SubscriptionDetails {
  subscription: NonNullable<Awaited<ReturnType<typeof selectSubscription>>>;
  recent: DeliveryRow[];
  deadLetters: DeliveryRow[];
}

/** A subscription as the record of processing names it: never its endpoint or secret. */
export interface SubscriptionSummary {
  name: string;
  eventTypes: string[];
  unitIds: string[];
  serviceIds: string[];
  paused: boolean;
}

export interface WebhookService {
  subscriptions(actor: StaffActor): Promise<SubscriptionRow[]>;
  /** The tenant's subscriptions' names, event types and reach (the record of processing, issue #14). */
  subscriptionReach(tenantId: string): Promise<SubscriptionSummary[]>;
  subscription(actor: StaffActor, id: string): Promise<SubscriptionDetails>;
  /** Subscribes an endpoint; its signing secret is returned once. VALIDATION_FAILED per field. */
  create(actor: StaffActor, input: SubscriptionInput): Promise<{ id: string; name: string; secret: string }>;
  /** Pauses (deliveries wait, in order) or resumes a subscription. */
  setPaused(actor: StaffActor, id: string, paused: boolean): Promise<void>;
  /** Deletes a subscription and its deliveries. */
  remove(actor: StaffActor, id: string): Promise<void>;
  /** Makes one dead letter (or, without `deliveryId`, all of them) due again; resolves to how many. */
  replay(actor: StaffActor, id: string, deliveryId?: number): Promise<number>;
  /** The deliveries of case events (the job handler), due `at`: one per subscription that receives each. */
  materialise(jobs: readonly CaseEventJob[], at: Date): Promise<number>;
  /** The signing secret of a sealed secret (the delivery loop). */
  unseal(sealed: string): string;
}

export interface WebhookDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'byId'>;
  cases: Pick<CaseService, 'caseRows'>;
  /** The tenant's units and services, to check a subscription's reach against. */
  reachOf(actor: StaffActor): Promise<{ unitIds: string[]; serviceIds: string[] }>;
  /** WEBHOOK_SECRET_KEY, if configured. */
  secretKey: string | undefined;
  now: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage webhooks');
}

/** Builds the service. */
export function createWebhookService(deps: WebhookDeps): WebhookService {
  const { db, now } = deps;
  const key = sealingKey(deps.secretKey);

  /** Runs an administrator's change of one of the tenant's subscriptions with its audit entry. */
  async function change(
    actor: StaffActor,
    id: string,
    action: string,
    work: (trx: Kysely<Database>) => Promise<Record<string, unknown> | false>,
  ) {
    requireAdmin(actor);
    if (!UUID.test(id)) throw new AppError('NOT_FOUND');
    await db.transaction().execute(async (trx) => {
      const details = await work(trx);
      if (details === false) throw new AppError('NOT_FOUND');
      await recordAudit(trx, {
        tenantId: actor.tenantId,
        actor: auditActorOf(actor),
        action,
        details: { subscriptionId: id, ...details },
        at: now(),
      });
    });
  }

  return {
    async subscriptions(actor) {
      requireAdmin(actor);
      return selectSubscriptions(db, actor.tenantId);
    },

    async subscriptionReach(tenantId) {
      return (await selectSubscriptions(db, tenantId)).map((row) => ({
        name: row.name,
        eventTypes: row.eventTypes,
        unitIds: row.unitIds,
        serviceIds: row.serviceIds,
        paused: row.pausedAt !== null,
      }));
    },

    async subscription(actor, id) {
      requireAdmin(actor);
      const subscription = UUID.test(id) ? await selectSubscription(db, actor.tenantId, id) : undefined;
      if (!subscription) throw new AppError('NOT_FOUND');
      const [recent, deadLetters] = await Promise.all([
        selectRecentDeliveries(db, id, 50),
        selectDeadLetters(db, id, 200),
      ]);
      return { subscription, recent, deadLetters };
    },

    async create(actor, input) {
      requireAdmin(actor);
      const reach = await deps.reachOf(actor);
      const checked = checkSubscription({
        ...input,
        // Ids of another tenant, or made up, are dropped: the reach can only be the tenant's own.
        unitIds: input.unitIds.filter((id) => reach.unitIds.includes(id)),
        serviceIds: input.serviceIds.filter((id) => reach.serviceIds.includes(id)),
      });
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'The subscription is not valid', checked.errors);
      const subscription = checked.ok;
      const secret = newSecret(SIGNING_SECRET_PREFIX);
      const id = await db.transaction().execute(async (trx) => {
        const created = await insertSubscription(trx, {
          tenantId: actor.tenantId,
          ...subscription,
          secretSealed: sealSecret(secret, key),
          secretHint: secretHint(secret),
          at: now(),
        });
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'webhook.created',
          details: { subscriptionId: created, ...subscription },
          at: now(),
        });
        return created;
      });
      return { id, name: subscription.name, secret };
    },

    setPaused: (actor, id, paused) =>
      change(actor, id, paused ? 'webhook.paused' : 'webhook.resumed', async (trx) =>
        (await updatePaused(trx, actor.tenantId, id, paused ? now() : null)) ? {} : false,
      ),

    remove: (actor, id) =>
      change(actor, id, 'webhook.deleted', async (trx) =>
        (await deleteSubscription(trx, actor.tenantId, id)) ? {} : false,
      ),

    async replay(actor, id, deliveryId) {
      let replayed = 0;
      await change(actor, id, 'webhook.replayed', async (trx) => {
        if (!(await selectSubscription(trx, actor.tenantId, id))) return false;
        const scope = { tenantId: actor.tenantId, subscriptionId: id, deliveryId };
        replayed = await replayDeadLetters(trx, scope, now());
        if (deliveryId !== undefined && replayed === 0) return false;
        return { deliveryId: deliveryId ?? 'all', replayed };
      });
      return replayed;
    },

    async materialise(jobs, at) {
      const tenantIds = [...new Set(jobs.map((job) => job.tenantId))];
      const [subscriptions, tenants] = await Promise.all([
        selectReachOfTenants(db, tenantIds),
        Promise.all(tenantIds.map(async (id) => [id, (await deps.tenants.byId(id)).slug] as const)),
      ]);
      if (subscriptions.length === 0) return 0;
      const submitted = jobs.flatMap((job) =>
        job.topic === 'case.submitted' ? [job.payload.reference] : [],
      );
      const rows = await deps.cases.caseRows(submitted);
      const deliveries = deliveriesOf(jobs, {
        subscriptions,
        tenantSlugs: new Map(tenants),
        submittedCases: new Map(rows.map((row) => [row.id, row])),
      });
      await insertDeliveries(db, deliveries, at);
      return deliveries.length;
    },

    unseal: (sealed) => unsealSecret(sealed, key),
  };
}
