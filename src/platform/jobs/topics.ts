/**
 * Every topic of the platform's event log, with its payload type, declared once. Events are written
 * only through `enqueue`, inside the transaction of the change they report (the submit fast path's
 * one statement, cases/store.ts `insertSubmittedCase`, writes its `case.submitted` row in SQL with
 * the same columns; intake.test.ts checks it). Payloads never hold answers or names: they
 * say what happened and to which case or person, and handlers read the rest when they run.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The payload of each topic. `caseId` (when present) is also the event's ordering key. */
export interface TopicPayloads {
  /** A case was submitted (web) or registered; `personId` is null for anonymous applicants. */
  'case.submitted': { caseId: string; reference: string; personId: string | null };
  /** The resident answered a completion request: the case has new answers. */
  'case.completed': { caseId: string; reference: string };
  /** Something in a case the resident should look at. */
  'notification.resident': {
    caseId?: string;
    personId: string;
    caseReference: string;
    kind: 'statusChanged' | 'message' | 'completionRequested' | 'decision';
  };
  /**
   * Something in the case of an anonymous reporter who left an e-mail address (a fault report,
   * issue #11). The address is not in the payload: the mail handler asks for it when it runs.
   */
  'notification.anonymous': { caseId: string; kind: 'statusChanged' | 'fixed' };
  /** New readings of a sensor device were stored (issue #11); its alarm rules evaluate them. */
  'sensor.reading': { deviceId: string; count: number };
  /**
   * A change of a case that business systems subscribe to (webhooks, issue #12), written with the
   * case locked, so one case's changes are in commit order. The case's service and unit at the change.
   */
  'case.changed': {
    caseId: string;
    reference: string;
    serviceId: string;
    unitId: string | null;
    change: CaseChangeKind;
  };
}

/** The case changes published to business systems (beside `case.submitted`). */
export const CASE_CHANGE_KINDS = [
  'statusChanged',
  'messageFromApplicant',
  'messageToApplicant',
  'completionRequested',
  'completionAnswered',
  'decided',
] as const;
export type CaseChangeKind = (typeof CASE_CHANGE_KINDS)[number];

export type Topic = keyof TopicPayloads;

/** The topics, for handlers that subscribe to all of them and for checks. */
export const TOPICS: readonly Topic[] = [
  'case.submitted',
  'case.completed',
  'notification.resident',
  'notification.anonymous',
  'sensor.reading',
  'case.changed',
];

/** Writes an event; pass the change's transaction so the event commits (or not) with the change. */
export async function enqueue<T extends Topic>(
  trx: Kysely<Database>,
  tenantId: string,
  topic: T,
  payload: TopicPayloads[T],
): Promise<void> {
  const caseId = 'caseId' in payload && typeof payload.caseId === 'string' ? payload.caseId : null;
  await trx
    .insertInto('outbox')
    .values({ tenantId, topic, payload: JSON.stringify(payload), caseId })
    .execute();
}
