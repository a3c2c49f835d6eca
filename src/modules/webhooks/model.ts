/**
 * Webhooks (issue #12): which case events a subscription receives, the rules of a subscription's
 * input, the body every delivery sends and the retry schedule, as pure functions.
 */

/** The event types a subscription can choose; stable strings receivers switch on. */
export const WEBHOOK_EVENT_TYPES = [
  'case.submitted',
  'case.statusChanged',
  'case.messageFromApplicant',
  'case.messageToApplicant',
  'case.completionRequested',
  'case.completionAnswered',
  'case.decided',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Whether a string is one of the event types. */
export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** A delivery is tried this many times before it is dead (a dead letter an admin can replay). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** The first retry waits a minute; each further failure doubles the wait, at most an hour. */
export const WEBHOOK_FIRST_RETRY_SECONDS = 60;
export const WEBHOOK_MAX_RETRY_SECONDS = 60 * 60;
/** How long one attempt may take before it counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Seconds to wait after the given (1-based) failed attempt: 60 s, 120 s, 240 s, … at most an hour. */
export function webhookRetryDelaySeconds(
  attempt: number,
  first = WEBHOOK_FIRST_RETRY_SECONDS,
  max = WEBHOOK_MAX_RETRY_SECONDS,
): number {
  return Math.min(max, first * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/** The facts of a case event that decide which subscriptions receive it. */
export interface CaseEventFacts {
  tenantId: string;
  eventType: WebhookEventType;
  unitId: string | null;
  serviceId: string;
}

/** A subscription as the matching sees it. */
export interface SubscriptionReach {
  tenantId: string;
  eventTypes: readonly string[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

/**
 * Whether a subscription receives an event: same tenant, a chosen event type, and the case handled
 * by one of its units or in one of its services (the reach of an API client, api-clients/model.ts).
 */
export function subscriptionReceives(subscription: SubscriptionReach, event: CaseEventFacts): boolean {
  if (subscription.tenantId !== event.tenantId) return false;
  if (!subscription.eventTypes.includes(event.eventType)) return false;
  return (
    (event.unitId !== null && subscription.unitIds.includes(event.unitId)) ||
    subscription.serviceIds.includes(event.serviceId)
  );
}

/** What a delivery says: ids and the event type only, never names, answers or message texts. */
export interface WebhookEvent {
  /** The stable event id (the same on every attempt and replay, and for every subscription). */
  id: string;
  type: WebhookEventType;
  occurredAt: Date;
  /** The tenant's slug. */
  tenant: string;
  case: { id: string; reference: string; serviceId: string; unitId: string | null };
}

/** The JSON body of a delivery, its keys in a fixed order. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    tenant: event.tenant,
    case: {
      id: event.case.id,
      reference: event.case.reference,
      serviceId: event.case.serviceId,
      unitId: event.case.unitId,
    },
  });
}

/** Why a subscription is refused, per field (message keys of messages.ts). */
export type SubscriptionError =
  | { field: 'name'; message: 'nameMissing' | 'nameTooLong' }
  | { field: 'url'; message: 'urlMissing' | 'urlInvalid' | 'urlNotHttps' }
  | { field: 'eventTypes'; message: 'eventTypesMissing' }
  | { field: 'reach'; message: 'reachMissing' };

export interface SubscriptionInput {
  name: string;
  url: string;
  eventTypes: readonly string[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

export interface CheckedSubscription {
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  unitIds: string[];
  serviceIds: string[];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The endpoint's problem, if any: an absolute https URL without credentials; plain http only to this
 * machine (a local receiver in development, tests and the bench), since the body and its signature
 * would otherwise cross the network readable.
 */
export function urlProblem(raw: string): 'urlMissing' | 'urlInvalid' | 'urlNotHttps' | undefined {
  if (raw === '') return 'urlMissing';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'urlInvalid';
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname || url.username || url.password)
    return 'urlInvalid';
  if (raw.length > 2000) return 'urlInvalid';
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'http:' && !loopback) return 'urlNotHttps';
  return undefined;
}

/** Checks a subscription's input: trimmed name, endpoint, at least one event type and some reach. */
export function checkSubscription(
  input: SubscriptionInput,
): { ok: CheckedSubscription } | { errors: SubscriptionError[] } {
  const name = input.name.trim();
  const url = input.url.trim();
  const eventTypes = WEBHOOK_EVENT_TYPES.filter((type) => input.eventTypes.includes(type));
  const unitIds = [...new Set(input.unitIds)];
  const serviceIds = [...new Set(input.serviceIds)];
  const errors: SubscriptionError[] = [];
  if (!name) errors.push({ field: 'name', message: 'nameMissing' });
  else if (name.length > 200) errors.push({ field: 'name', message: 'nameTooLong' });
  const problem = urlProblem(url);
  if (problem) errors.push({ field: 'url', message: problem });
  if (eventTypes.length === 0) errors.push({ field: 'eventTypes', message: 'eventTypesMissing' });
  if (unitIds.length === 0 && serviceIds.length === 0)
    errors.push({ field: 'reach', message: 'reachMissing' });
  if (errors.length > 0) return { errors };
  return { ok: { name, url, eventTypes, unitIds, serviceIds } };
}

/** The first characters of a signing secret, to tell secrets apart in the list. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

/** The prefix of signing secrets, so secret scanners recognise a leaked one. */
export const SIGNING_SECRET_PREFIX = 'whsec_';
