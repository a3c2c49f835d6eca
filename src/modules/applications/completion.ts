/**
 * Completion (komplettering), the resident's side: an officer asked for more about some steps of a
 * submitted case; the resident reopens those steps in a draft of the case's own service version,
 * answers them with the same fields, uploads and checks as the first time, and resubmits. The
 * draft's answers then become the case's answers in one transaction (issue #3).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { DataProtection } from '../../platform/protection/data-protection.ts';
import type { CaseHandlingService } from '../case-handling/service.ts';
import {
  firstStepId,
  isStepVisible,
  nextStepId,
  previousStepId,
  pruneHidden,
  visibleSteps,
} from '../forms/conditions.ts';
import type { Answers, ServiceDefinition, Step } from '../forms/definition.ts';
import { sealedFieldsOf } from '../forms/sealed-fields.ts';
import { validateAll, validateStep } from '../forms/validate-step.ts';
import type { ApplicantActor } from './model.ts';
import { type ApplicationService, type DraftContext, swedishToday } from './service.ts';
import {
  attachToCase,
  insertDraft,
  lockCompletionStart,
  markDraftSubmitted,
  selectDraftForUpdate,
  selectOpenCompletionDraft,
} from './store.ts';

/** What a completion draft answers: the officer's request on one case. */
export interface DraftCompletion {
  caseId: string;
  reference: string;
  /** The steps the officer asked about. */
  requestedStepIds: string[];
  message: string;
  requestedAt: Date;
}

/** The resident's case page, where a completion starts and ends. */
export function casePageUrl(reference: string): string {
  return `/mina-sidor/arenden/${reference}`;
}

/**
 * The steps a completion goes through: the requested steps that are visible, and any other visible
 * step whose answers no longer pass. A changed answer can make a new question required (or a date
 * rule can have expired), and the server validates every visible step at submit, so such a step
 * must be reachable too, or the resident could never send the completion.
 */
export function completionSteps(
  definition: ServiceDefinition,
  answers: Answers,
  requestedStepIds: string[],
  today: string,
): Step[] {
  return visibleSteps(definition, answers).filter(
    (step) =>
      requestedStepIds.includes(step.id) || validateStep(definition, step, answers, { today }).length > 0,
  );
}

/** Moving between the steps of a draft: every visible step, or only a completion's steps. */
export interface DraftNavigation {
  /** The steps the resident goes through, in order ("Steg 1 av 2"). */
  steps: Step[];
  allows(stepId: string): boolean;
  first(): string | undefined;
  next(stepId: string): string | undefined;
  previous(stepId: string): string | undefined;
  /** Where "back" goes from the first step: the service's start page, or the case page. */
  startHref: string;
}

/** The navigation of a draft given its current answers. */
export function draftNavigation(context: DraftContext, answers: Answers, today: string): DraftNavigation {
  const definition = context.version.definition;
  const completion = context.completion;
  if (!completion) {
    return {
      steps: visibleSteps(definition, answers),
      allows: (stepId) => isStepVisible(definition, stepId, answers),
      first: () => firstStepId(definition, answers),
      next: (stepId) => nextStepId(definition, stepId, answers),
      previous: (stepId) => previousStepId(definition, stepId, answers),
      startHref: `/${context.tenant.slug}/e-tjanster/${context.serviceSlug}`,
    };
  }
  const steps = completionSteps(definition, answers, completion.requestedStepIds, today);
  const ids = steps.map((step) => step.id);
  // Like the ordinary navigation, neighbours are found in definition order, so moving on still works
  // from a step the latest answer has just taken out of the list.
  const order = definition.steps.map((step) => step.id);
  const neighbour = (stepId: string, direction: 1 | -1) => {
    const index = order.indexOf(stepId);
    if (index < 0) return undefined;
    const candidates = direction === 1 ? order.slice(index + 1) : order.slice(0, index).reverse();
    return candidates.find((id) => ids.includes(id));
  };
  return {
    steps,
    allows: (stepId) => ids.includes(stepId),
    first: () => ids[0],
    next: (stepId) => neighbour(stepId, 1),
    previous: (stepId) => neighbour(stepId, -1),
    startHref: casePageUrl(completion.reference),
  };
}

export interface CompletionServiceDeps {
  db: Kysely<Database>;
  applications: Pick<ApplicationService, 'load' | 'referenceOf'>;
  caseHandling: Pick<CaseHandlingService, 'completionForResident' | 'completeInTransaction'>;
  now: () => Date;
  /** Seals the answers the form marks before the draft stores them (decision 0034). */
  protection: DataProtection;
}

function residentName(actor: ApplicantActor): string {
  return [actor.givenName, actor.familyName].filter(Boolean).join(' ');
}

export function createCompletionService(deps: CompletionServiceDeps) {
  const { db, now } = deps;

  /** A draft with the completion it answers; DRAFT_NOT_FOUND when that request is no longer open. */
  async function describe(actor: ApplicantActor, context: DraftContext): Promise<DraftContext> {
    const caseId = context.draft.completesCaseId;
    if (!caseId || context.draft.status !== 'open') return context;
    const reference = await deps.applications.referenceOf(caseId);
    const request = await deps.caseHandling
      .completionForResident(actor, reference)
      .catch(notFoundAs('DRAFT_NOT_FOUND'));
    // A draft left over from an earlier request would show the new request against stale answers.
    if (new Date(context.draft.createdAt) < request.requestedAt) throw new AppError('DRAFT_NOT_FOUND');
    const completion: DraftCompletion = {
      caseId,
      reference,
      requestedStepIds: request.stepIds,
      message: request.message,
      requestedAt: request.requestedAt,
    };
    return { ...context, completion };
  }

  return {
    describe,

    /**
     * Starts the resident's completion of their case — a draft of the case's own service version
     * holding the case's current answers — or resumes the one already open for this request.
     */
    async start(actor: ApplicantActor, reference: string): Promise<DraftContext> {
      const personId = actor.personId;
      if (!personId) throw new AppError('LOGIN_REQUIRED');
      const request = await deps.caseHandling.completionForResident(actor, reference);
      const today = swedishToday(now());
      const definition = request.version.definition;
      const draft = await db.transaction().execute(async (trx) => {
        await lockCompletionStart(trx, request.caseId);
        const open = await selectOpenCompletionDraft(trx, request.caseId, personId, request.requestedAt);
        if (open) return open;
        const steps = completionSteps(definition, request.answers, request.stepIds, today);
        return insertDraft(trx, {
          tenantId: request.tenant.id,
          serviceVersionId: request.version.id,
          personId,
          sessionId: null,
          answers: deps.protection.sealAnswers(sealedFieldsOf(definition), request.answers),
          currentStep: steps[0]?.id ?? null,
          completesCaseId: request.caseId,
          // Compared with the request's time (same clock) to tell this request's draft from an older one.
          createdAt: now(),
        });
      });
      return describe(actor, await deps.applications.load(actor, draft.id));
    },

    /**
     * Sends a completion: validates every visible step again, then in one transaction puts the
     * answers on the case (history, status back, audit), binds new files to the case and closes
     * the draft. Sending again (double click, retry) returns the same case.
     */
    async submit(actor: ApplicantActor, draftId: string): Promise<{ reference: string }> {
      const context = await deps.applications.load(actor, draftId);
      const caseId = context.draft.completesCaseId;
      if (!caseId || !actor.personId) throw new AppError('DRAFT_NOT_FOUND');
      const reference = await deps.applications.referenceOf(caseId);
      if (context.draft.status === 'submitted') return { reference };
      // Read before the transaction: embedded PGlite has one connection (see docs/completion.md).
      const request = await deps.caseHandling.completionForResident(actor, reference).catch(async (error) => {
        // A concurrent send of this same draft may just have answered the request.
        const again = await deps.applications.load(actor, draftId);
        if (again.draft.status === 'submitted') return undefined;
        throw error;
      });
      if (!request) return { reference };
      const definition = context.version.definition;
      const resident = {
        personId: actor.personId,
        sessionId: actor.sessionId,
        name: residentName(actor),
        actingFor: actor.actingFor,
      };
      return db.transaction().execute(async (trx) => {
        const draft = await selectDraftForUpdate(trx, draftId);
        if (!draft) throw new AppError('DRAFT_NOT_FOUND');
        if (draft.status === 'submitted') return { reference };
        const errors = validateAll(definition, draft.answers, { today: swedishToday(now()) });
        if (Object.keys(errors).length > 0)
          throw new AppError('VALIDATION_FAILED', 'The completion has errors');
        const answers = pruneHidden(definition, draft.answers);
        await deps.caseHandling.completeInTransaction(trx, resident, request, answers);
        // New files join the case; files removed from an answer stay with the case and its history.
        await attachToCase(trx, draftId, caseId);
        const stored = deps.protection.sealAnswers(sealedFieldsOf(definition), answers);
        await markDraftSubmitted(trx, draftId, caseId, stored, now());
        return { reference };
      });
    },
  };
}

function notFoundAs(code: 'DRAFT_NOT_FOUND') {
  return (error: unknown): never => {
    if (error instanceof AppError && error.code === 'CASE_NOT_FOUND') throw new AppError(code);
    throw error;
  };
}

export type CompletionService = ReturnType<typeof createCompletionService>;
