/**
 * The resident's own changes to a handled case (issue #10: asking for human review of an automatic
 * decision): the case locked, only its own applicant let in (404 for anyone else, so existence is
 * not revealed), the work and its audit entry in one transaction — the resident's counterpart of
 * `withOfficerCase`. Also what a review request does to the case: back to a handling status in
 * the unit's queue, unassigned, marked as awaiting review.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { type ActingFor, actingLabel, residentActing } from '../../platform/identity/model.ts';
import { canResidentReadCase } from '../cases/policy.ts';
import { findStatus, reviewStatus, workflowOf } from '../cases/workflow.ts';
import type { CaseChanges, HandledCase } from './case-changes.ts';
import type { CaseHandlingDeps } from './officer-case.ts';
import { lockCaseByReference, updateCase } from './store.ts';

/**
 * A logged-in resident acting on their own case (anonymous sessions cannot), or a representative
 * acting for them (issue #13): `personId` and `name` are then the principal's and `actingFor` says
 * who acts, within the services granted.
 */
export interface ResidentCaseActor {
  personId: string;
  name: string;
  actingFor?: ActingFor;
}

export interface ResidentCaseAccess {
  /**
   * Runs `work` with the resident's own case locked (CASE_NOT_FOUND for anyone else's) and writes the
   * audit entry `case.<action>` in the same transaction.
   */
  withResidentCase<T>(
    resident: ResidentCaseActor,
    reference: string,
    action: string,
    work: (trx: Transaction<Database>, handled: HandledCase, actor: CaseEventActor) => Promise<T>,
  ): Promise<T>;
  /**
   * Puts a decided case back in the unit's queue for a human review, inside the caller's
   * transaction: a handling status, nobody assigned, `reviewRequestedAt` set (no mail: the resident
   * asked for it themself).
   */
  reopenForReview(trx: Kysely<Database>, handled: HandledCase, actor: CaseEventActor): Promise<void>;
}

export function createResidentCaseAccess(deps: CaseHandlingDeps, changes: CaseChanges): ResidentCaseAccess {
  const { db, now } = deps;
  return {
    async withResidentCase(resident, reference, action, work) {
      const owner = { personId: resident.personId, sessionId: null, actingFor: resident.actingFor };
      const found = await deps.cases.caseRow(reference);
      if (!found || !canResidentReadCase(owner, found)) throw new AppError('CASE_NOT_FOUND');
      const [tenant, version] = await Promise.all([
        deps.tenants.byId(found.tenantId),
        deps.catalogue.version(found.serviceVersionId),
      ]);
      const workflow = workflowOf(version.definition);
      // A representative acts in their own name on the principal's behalf: both are recorded.
      const acting = residentActing(resident);
      const actor: CaseEventActor = { kind: 'resident', ...acting };
      return db.transaction().execute(async (trx) => {
        const row = await lockCaseByReference(trx, reference);
        if (!row || !canResidentReadCase(owner, row)) throw new AppError('CASE_NOT_FOUND');
        const handled = { row, tenant, version, workflow, status: findStatus(workflow, row.status) };
        const result = await work(trx, handled, actor);
        await recordAudit(trx, {
          tenantId: row.tenantId,
          actor: {
            staffId: null,
            personId: acting.personId,
            name: actingLabel(acting.name, acting.onBehalfOf?.role),
            unitNames: [],
          },
          action: `case.${action}`,
          caseId: row.id,
          subjectPersonId: row.applicantPersonId,
          ...(acting.onBehalfOf ? { details: { onBehalfOf: acting.onBehalfOf } } : {}),
          at: now(),
        });
        return result;
      });
    },

    async reopenForReview(trx, handled, actor) {
      const target = reviewStatus(handled.workflow, handled.row.status);
      if (!target)
        throw new AppError('CONFLICT', 'The workflow has no handling status to review the case in');
      await changes.enterStatus(trx, handled, target, actor, { review: true }, null);
      const at = now();
      await updateCase(trx, handled.row.id, { assignedStaffId: null, reviewRequestedAt: at, updatedAt: at });
    },
  };
}
