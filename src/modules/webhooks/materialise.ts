/**
 * From case events (outbox jobs of `case.submitted` and `case.changed`) to deliveries: one per
 * subscription that receives the event, each with the exact body it will send. No I/O: the caller
 * reads the subscriptions, tenant slugs and submitted cases first.
 */
import type { TopicJob } from '../../platform/jobs/job-worker.ts';
import { type SubscriptionReach, subscriptionReceives, type WebhookEventType, webhookBody } from './model.ts';
import type { NewDelivery } from './store.ts';

/** A job of a case event topic, its payload typed by its topic. */
export type CaseEventJob = TopicJob<'case.submitted'> | TopicJob<'case.changed'>;

export interface MaterialiseContext {
  subscriptions: readonly (SubscriptionReach & { id: string })[];
  tenantSlugs: ReadonlyMap<string, string>;
  /** Submitted cases by id (the submit event's payload has no service or unit). */
  submittedCases: ReadonlyMap<
    string,
    { id: string; reference: string; serviceId: string; unitId: string | null }
  >;
}

/** The case facts and event type of a job; undefined when its case is gone. */
function factsOf(job: CaseEventJob, context: MaterialiseContext) {
  if (job.topic === 'case.submitted') {
    const row = context.submittedCases.get(job.payload.caseId);
    if (!row) return undefined;
    const type: WebhookEventType = 'case.submitted';
    return {
      type,
      case: { id: row.id, reference: row.reference, serviceId: row.serviceId, unitId: row.unitId },
    };
  }
  const { caseId, reference, serviceId, unitId, change } = job.payload;
  const type = `case.${change}` as WebhookEventType;
  return { type, case: { id: caseId, reference, serviceId, unitId } };
}

/** The deliveries of the jobs' events, in the jobs' order. */
export function deliveriesOf(jobs: readonly CaseEventJob[], context: MaterialiseContext): NewDelivery[] {
  return jobs.flatMap((job) => {
    const facts = factsOf(job, context);
    const tenant = context.tenantSlugs.get(job.tenantId);
    if (!facts || tenant === undefined) return [];
    const event = { tenantId: job.tenantId, eventType: facts.type, ...facts.case };
    const receivers = context.subscriptions.filter((subscription) =>
      subscriptionReceives(subscription, event),
    );
    if (receivers.length === 0) return [];
    const body = webhookBody({
      id: String(job.eventId),
      type: facts.type,
      occurredAt: job.createdAt,
      tenant,
      case: facts.case,
    });
    return receivers.map((subscription) => ({
      subscriptionId: subscription.id,
      tenantId: job.tenantId,
      eventId: job.eventId,
      eventType: facts.type,
      caseId: facts.case.id,
      body,
    }));
  });
}
