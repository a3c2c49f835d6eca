/**
 * The building blocks every case change is made of, inside the caller's transaction: a history
 * event, a queued resident notification, and entering a status (with its event and due date).
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, CaseEventVisibility, Database } from '../../db/schema.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { ServiceVersion } from '../catalogue/service.ts';
import { type LockedCase, updateCase } from './officer-store.ts';
import { insertCaseEvent, insertOutbox } from './store.ts';
import { dueAtFor, type StatusDefinition, type Workflow } from './workflow.ts';

/** A case locked inside a transaction, with what every action needs to know about it. */
export interface HandledCase {
  row: LockedCase;
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
}

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
}

export function createCaseChanges(now: () => Date): CaseChanges {
  const recordEvent: CaseChanges['recordEvent'] = (trx, handled, event) =>
    insertCaseEvent(trx, { ...event, tenantId: handled.row.tenantId, caseId: handled.row.id, at: now() });

  const notifyResident: CaseChanges['notifyResident'] = async (trx, handled, kind) => {
    if (!handled.row.applicantPersonId) return;
    await insertOutbox(trx, {
      tenantId: handled.row.tenantId,
      topic: 'notification.resident',
      payload: { personId: handled.row.applicantPersonId, caseReference: handled.row.reference, kind },
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
        dueAt: dueAtFor(target, at),
        closedAt: target.category === 'closed' ? at : null,
        updatedAt: at,
      });
      await recordEvent(trx, handled, {
        type: 'statusChanged',
        actor,
        data: { from: handled.row.status, to: target.id, ...data },
        visibility: target.notifyResident ? 'resident' : 'internal',
      });
      if (target.notifyResident && notifyAs) await notifyResident(trx, handled, notifyAs);
    },
  };
}
