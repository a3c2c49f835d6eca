/**
 * The building blocks every case change is made of, inside the caller's transaction: a history
 * event, a queued resident notification, and entering a status (with its event and due date).
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, CaseEventVisibility, Database } from '../../db/schema.ts';
import { type CaseChangeKind, enqueue } from '../../platform/jobs/topics.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { dueAtFor, isDecidedOrClosed, type StatusDefinition, type Workflow } from '../cases/workflow.ts';
import type { ServiceVersion } from '../catalogue/service.ts';
import type { Answers } from '../forms/definition.ts';
import type { CaseShareFacts } from './policy.ts';
import { insertCaseEvent, type LockedCase, lockCasesById, updateCase } from './store.ts';

/** A case locked inside a transaction, with what every action needs to know about it. */
export interface HandledCase {
  row: LockedCase;
  /** For an officer's change: the case's active shares when it was locked (decision 0033). */
  sharing?: { at: Date; shares: readonly CaseShareFacts[] };
  tenant: Tenant;
  version: ServiceVersion;
  workflow: Workflow;
  status: StatusDefinition | undefined;
}

/** What happened, for the resident's notification mail (never the content itself). */
export type ResidentNotificationKind = 'statusChanged' | 'message' | 'completionRequested' | 'decision';

export interface NewCaseEvent {
  type: string;
  actor: CaseEventActor;
  data: Record<string, unknown>;
  visibility: CaseEventVisibility;
  /** The key of sealed answers in `data` (decision 0034); none for most events. */
  sealedKeyId?: string | null;
}

/**
 * What another module writes in the transaction of a case change (issue #11: a fault report keeps
 * its status copy, its fixed time and its place up to date). Bound at the composition root, so the
 * back office imports no module that builds on it.
 */
export interface CaseChangeHooks {
  /** After the case entered `target` (row, event and any notification written); `notify`: the resident is told. */
  statusEntered(
    trx: Kysely<Database>,
    handled: HandledCase,
    target: StatusDefinition,
    change: { at: Date; notify: boolean },
  ): Promise<void>;
  /** After the case's answers were replaced (a completion), with the new answers. */
  answersChanged(trx: Kysely<Database>, handled: HandledCase, answers: Answers, at: Date): Promise<void>;
}

/** No module listens. */
export const NO_CASE_CHANGE_HOOKS: CaseChangeHooks = {
  statusEntered: async () => undefined,
  answersChanged: async () => undefined,
};

export interface CaseChanges {
  /** Appends a history event. */
  recordEvent(trx: Kysely<Database>, handled: HandledCase, event: NewCaseEvent): Promise<void>;
  /** Queues the "something new in your case" mail (outbox, same transaction). */
  notifyResident(trx: Kysely<Database>, handled: HandledCase, kind: ResidentNotificationKind): Promise<void>;
  /**
   * Puts the case in a status: the row, its due date and closed time, a history event (internal when
   * the resident is not told), and a mail unless `notifyAs` is null (the action sends its own).
   */
  enterStatus(
    trx: Kysely<Database>,
    handled: HandledCase,
    target: StatusDefinition,
    actor: CaseEventActor,
    data?: Record<string, unknown>,
    notifyAs?: ResidentNotificationKind | null,
  ): Promise<void>;
  /** Tells the hooks that the case's answers were replaced (the caller wrote them). */
  answersChanged(trx: Kysely<Database>, handled: HandledCase, answers: Answers): Promise<void>;
  /** Publishes a change to business systems (`case.changed`, webhooks) for a case locked by the caller. */
  publishChange(trx: Kysely<Database>, handled: HandledCase, change: CaseChangeKind): Promise<void>;
  /**
   * Locks the case and publishes a change, for a writer that holds no lock on it (the resident's
   * message): called first in the transaction, so the event's place follows the commit order.
   */
  lockAndPublishChange(trx: Kysely<Database>, caseId: string, change: CaseChangeKind): Promise<void>;
}

/**
 * The history events that are also published to business systems (issue #12), as their change.
 * Writing the event here, where every history event of a handled case is appended, catches every
 * door (officer, API client, automatic decision, resident's completion) in the change's transaction.
 */
const PUBLISHED_HISTORY: Readonly<Record<string, CaseChangeKind>> = {
  statusChanged: 'statusChanged',
  completionRequested: 'completionRequested',
  completed: 'completionAnswered',
  decision: 'decided',
};

const publish = (trx: Kysely<Database>, row: LockedCase, change: CaseChangeKind) =>
  enqueue(trx, row.tenantId, 'case.changed', {
    caseId: row.id,
    reference: row.reference,
    serviceId: row.serviceId,
    unitId: row.unitId,
    change,
  });

export function createCaseChanges(
  now: () => Date,
  hooks: CaseChangeHooks = NO_CASE_CHANGE_HOOKS,
): CaseChanges {
  const recordEvent: CaseChanges['recordEvent'] = async (trx, handled, event) => {
    await insertCaseEvent(trx, {
      ...event,
      tenantId: handled.row.tenantId,
      caseId: handled.row.id,
      at: now(),
    });
    const change = PUBLISHED_HISTORY[event.type];
    if (change) await publish(trx, handled.row, change);
  };

  const notifyResident: CaseChanges['notifyResident'] = async (trx, handled, kind) => {
    if (!handled.row.applicantPersonId) return;
    await enqueue(trx, handled.row.tenantId, 'notification.resident', {
      caseId: handled.row.id,
      personId: handled.row.applicantPersonId,
      caseReference: handled.row.reference,
      kind,
    });
  };

  return {
    recordEvent,
    notifyResident,
    async enterStatus(trx, handled, target, actor, data = {}, notifyAs = 'statusChanged') {
      const at = now();
      await updateCase(trx, handled.row.id, {
        status: target.id,
        statusCategory: target.category,
        statusChangedAt: at,
        dueAt: dueAtFor(target, at, handled.row.dueAt === null ? null : new Date(handled.row.dueAt)),
        closedAt: target.category === 'closed' ? at : null,
        // A decision (or closing the case) answers a pending request for human review.
        ...(isDecidedOrClosed(target.category) ? { reviewRequestedAt: null } : {}),
        updatedAt: at,
      });
      await recordEvent(trx, handled, {
        type: 'statusChanged',
        actor,
        data: { from: handled.row.status, to: target.id, ...data },
        visibility: target.notifyResident ? 'resident' : 'internal',
      });
      const notify = target.notifyResident && Boolean(notifyAs);
      if (notify && notifyAs) await notifyResident(trx, handled, notifyAs);
      await hooks.statusEntered(trx, handled, target, { at, notify });
    },
    answersChanged: (trx, handled, answers) => hooks.answersChanged(trx, handled, answers, now()),
    publishChange: (trx, handled, change) => publish(trx, handled.row, change),
    async lockAndPublishChange(trx, caseId, change) {
      const [row] = await lockCasesById(trx, [caseId]);
      if (row) await publish(trx, row, change);
    },
  };
}
