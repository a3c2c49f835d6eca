/**
 * The resident's side of a completion request (komplettering): what to complete, and applying the
 * completed answers inside the applications module's submit transaction.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import type { Answers } from '../forms/definition.ts';
import type { CaseChanges, HandledCase } from './case-changes.ts';
import { isCaseReference } from './model.ts';
import {
  lockCaseByReference,
  markCompletionAnswered,
  selectOpenCompletionRequest,
  updateCase,
} from './officer-store.ts';
import { canResidentReadCase, type ResidentActor } from './policy.ts';
import { selectCaseByReference as selectCaseRow } from './store.ts';
import { findStatus, workflowOf } from './workflow.ts';

export interface ResidentCompletion {
  caseId: string;
  reference: string;
  tenant: Tenant;
  version: ServiceVersion;
  answers: Answers;
  stepIds: string[];
  message: string;
  requestedAt: Date;
}

export interface ResidentCompletionService {
  /** The open completion request of a resident's own case; CASE_NOT_FOUND when there is none. */
  completionForResident(resident: ResidentActor, reference: string): Promise<ResidentCompletion>;
  /**
   * Applies the resident's completed answers inside the caller's transaction: new answers on the
   * case, the request answered, the case back in the status it had, history and audit entries.
   */
  completeInTransaction(
    trx: Kysely<Database>,
    resident: ResidentActor & { name: string },
    completion: ResidentCompletion,
    answers: Answers,
  ): Promise<{ caseId: string; reference: string }>;
}

export function createResidentCompletionService(deps: {
  db: Kysely<Database>;
  tenants: TenantService;
  catalogue: CatalogueService;
  changes: CaseChanges;
  now: () => Date;
}): ResidentCompletionService {
  const { db, now } = deps;
  const { recordEvent, enterStatus } = deps.changes;
  return {
    async completionForResident(resident, reference) {
      const row = isCaseReference(reference) ? await selectCaseRow(db, reference) : undefined;
      if (!row || !canResidentReadCase(resident, row)) throw new AppError('CASE_NOT_FOUND');
      const request = await selectOpenCompletionRequest(db, row.id);
      if (!request) throw new AppError('CASE_NOT_FOUND', 'There is nothing to complete in this case');
      const [tenant, version] = await Promise.all([
        deps.tenants.byId(row.tenantId),
        deps.catalogue.version(row.serviceVersionId),
      ]);
      return {
        caseId: row.id,
        reference: row.reference,
        tenant,
        version,
        answers: row.answers,
        stepIds: request.stepIds,
        message: request.message,
        requestedAt: new Date(request.requestedAt),
      };
    },

    async completeInTransaction(trx, resident, completion, answers) {
      const row = await lockCaseByReference(trx, completion.reference);
      if (!row || !canResidentReadCase(resident, row)) throw new AppError('CASE_NOT_FOUND');
      const request = await selectOpenCompletionRequest(trx, row.id);
      if (!request) throw new AppError('CONFLICT', 'The completion has already been sent');
      const { tenant, version } = completion;
      const workflow = workflowOf(version.definition);
      const handled: HandledCase = {
        row,
        tenant,
        version,
        workflow,
        status: findStatus(workflow, row.status),
      };
      const back = findStatus(workflow, request.previousStatus);
      const at = now();
      await updateCase(trx, row.id, { answers: JSON.stringify(answers), updatedAt: at });
      await markCompletionAnswered(trx, request.id, at);
      const actor: CaseEventActor = {
        kind: 'resident',
        personId: resident.personId ?? undefined,
        name: resident.name,
      };
      await recordEvent(trx, handled, {
        type: 'completed',
        actor,
        data: { stepIds: request.stepIds, previousAnswers: row.answers },
        visibility: 'resident',
      });
      // Back where it was: the resident answered, the officer takes it from there (no mail to the resident).
      if (back) await enterStatus(trx, handled, back, actor, {}, null);
      await recordAudit(trx, {
        tenantId: row.tenantId,
        actor: { staffId: null, personId: resident.personId, name: resident.name, unitNames: [] },
        action: 'case.completed',
        caseId: row.id,
        subjectPersonId: row.applicantPersonId,
        details: { stepIds: request.stepIds },
        at,
      });
      return { caseId: row.id, reference: row.reference };
    },
  };
}
