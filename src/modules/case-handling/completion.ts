/**
 * Completion requests (komplettering), in one place (decision 0006): the officer asks for more about
 * some steps, leaving "waiting for you" by hand withdraws the request, and the resident's completed
 * answers are applied inside the applications module's submit transaction. The resident fills the
 * steps in a completion draft of the applications module, which reaches the request only through
 * completionForResident and completeInTransaction.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { actingLabel, residentActing } from '../../platform/identity/model.ts';
import { enqueue } from '../../platform/jobs/topics.ts';
import type { DataProtection } from '../../platform/protection/data-protection.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import { canResidentReadCase, type ResidentActor } from '../cases/policy.ts';
import type { CaseService } from '../cases/service.ts';
import { findStatus, nextInCategory, workflowOf } from '../cases/workflow.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import type { Answers } from '../forms/definition.ts';
import { sealedFieldsOf } from '../forms/sealed-fields.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { CaseChanges, HandledCase } from './case-changes.ts';
import {
  insertCompletionRequest,
  lockCaseByReference,
  markCompletionAnswered,
  selectOpenCompletionRequest,
  updateCase,
} from './store.ts';

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
  cases: Pick<CaseService, 'caseRow'>;
  changes: CaseChanges;
  now: () => Date;
  protection: DataProtection;
}): ResidentCompletionService {
  const { db, now } = deps;
  const { recordEvent, enterStatus } = deps.changes;
  return {
    async completionForResident(resident, reference) {
      const row = await deps.cases.caseRow(reference);
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
      // The new answers and the previous ones in the history are sealed where the form says (decision 0034).
      const sealed = sealedFieldsOf(version.definition);
      const stored = deps.protection.sealAnswers(sealed, answers);
      const previous = deps.protection.sealAnswers(sealed, row.answers);
      await updateCase(trx, row.id, {
        answers: JSON.stringify(stored.answers),
        sealedKeyId: stored.keyId,
        personalIdentityNumberHashes:
          stored.personalIdentityNumberHashes.length > 0 ? [...stored.personalIdentityNumberHashes] : null,
        updatedAt: at,
      });
      await deps.changes.answersChanged(trx, handled, answers);
      await markCompletionAnswered(trx, request.id, at);
      // A representative completes for the applicant: both are named (issue #13).
      const acting = residentActing({ ...resident, personId: resident.personId ?? '' });
      const actor: CaseEventActor = resident.personId
        ? { kind: 'resident', ...acting }
        : { kind: 'resident', name: resident.name };
      await recordEvent(trx, handled, {
        type: 'completed',
        actor,
        data: { stepIds: request.stepIds, previousAnswers: previous.answers },
        visibility: 'resident',
        sealedKeyId: previous.keyId,
      });
      await enqueue(trx, row.tenantId, 'case.completed', { caseId: row.id, reference: row.reference });
      // Back where it was: the resident answered, the officer takes it from there (no mail to the resident).
      if (back) await enterStatus(trx, handled, back, actor, {}, null);
      await recordAudit(trx, {
        tenantId: row.tenantId,
        actor: {
          staffId: null,
          personId: resident.personId ? acting.personId : null,
          name: actingLabel(acting.name, acting.onBehalfOf?.role),
          unitNames: [],
        },
        action: 'case.completed',
        caseId: row.id,
        subjectPersonId: row.applicantPersonId,
        details: {
          stepIds: request.stepIds,
          ...(acting.onBehalfOf ? { onBehalfOf: acting.onBehalfOf } : {}),
        },
        at,
      });
      return { caseId: row.id, reference: row.reference };
    },
  };
}

/** Checks an officer's completion request; the steps (known, unique) and message to ask with. */
function checkRequest(handled: HandledCase, stepIds: string[], message: string) {
  const target = nextInCategory(handled.workflow, handled.row.status, 'waitingForResident');
  const errors = [];
  if (!target) errors.push({ field: 'steps', message: 'completionNotAllowedNow' });
  const known = new Set(handled.version.definition.steps.map((step) => step.id));
  const steps = [...new Set(stepIds)].filter((id) => known.has(id));
  if (steps.length === 0 && target) errors.push({ field: 'steps', message: 'completionStepsMissing' });
  const text = message.trim().slice(0, 2000);
  if (!text) errors.push({ field: 'message', message: 'completionMessageMissing' });
  if (errors.length > 0 || !target) {
    throw new AppError('VALIDATION_FAILED', 'The completion request is not complete', errors);
  }
  if (!handled.row.applicantPersonId) {
    throw new AppError('VALIDATION_FAILED', 'An anonymous applicant cannot be asked', [
      { field: 'steps', message: 'completionAnonymous' },
    ]);
  }
  return { target, steps, text };
}

/**
 * An officer asks the applicant to complete some steps, inside the officer's locked-case
 * transaction: the request, the waiting status, the history event and the resident's mail.
 */
export async function requestCompletionIn(
  trx: Kysely<Database>,
  handled: HandledCase,
  requester: { actor: StaffActor; event: CaseEventActor } | { apiClientId: string; event: CaseEventActor },
  request: { stepIds: string[]; message: string; at: Date },
  changes: CaseChanges,
): Promise<void> {
  const { target, steps, text } = checkRequest(handled, request.stepIds, request.message);
  await insertCompletionRequest(trx, {
    tenantId: handled.row.tenantId,
    caseId: handled.row.id,
    stepIds: steps,
    message: text,
    previousStatus: handled.row.status,
    requestedByStaffId: 'actor' in requester ? requester.actor.staffId : null,
    requestedByApiClientId: 'apiClientId' in requester ? requester.apiClientId : null,
    requestedAt: request.at,
  });
  await changes.enterStatus(trx, handled, target, requester.event, {}, null);
  await changes.recordEvent(trx, handled, {
    type: 'completionRequested',
    actor: requester.event,
    data: { stepIds: steps, message: text },
    visibility: 'resident',
  });
  await changes.notifyResident(trx, handled, 'completionRequested');
}

/**
 * Leaving "waiting for you" by hand withdraws the open completion request, so the resident is no
 * longer asked for something the officer has stopped waiting for.
 */
export async function withdrawOpenCompletion(
  trx: Kysely<Database>,
  handled: HandledCase,
  actor: CaseEventActor,
  at: Date,
  changes: CaseChanges,
): Promise<void> {
  if (handled.status?.category !== 'waitingForResident') return;
  const open = await selectOpenCompletionRequest(trx, handled.row.id);
  if (!open) return;
  await markCompletionAnswered(trx, open.id, at);
  await changes.recordEvent(trx, handled, {
    type: 'completionWithdrawn',
    actor,
    data: {},
    visibility: 'resident',
  });
}
