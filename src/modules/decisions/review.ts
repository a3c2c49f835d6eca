/**
 * The resident's request for a human review of an automatic decision (issue #10; compare GDPR art.
 * 22.3 and förvaltningslagen 37–39 §§ on reconsidering a decision): the case goes back to the unit's
 * queue with the request, and the officer's next decision replaces the automatic one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { CaseHandlingService, HandledCase, ResidentCaseActor } from '../case-handling/service.ts';
import { currentDecision, isAutomatic, reviewReason } from './review-model.ts';
import { selectDecisionsOfCase } from './store.ts';

/** The history event of a request for review. */
export const REVIEW_REQUESTED_EVENT = 'reviewRequested';

/**
 * Records the request: refused with a field error for a reason too long or a request already
 * waiting; 404 when the case is not the resident's or its decision in force was not automatic.
 */
export async function requestReview(
  caseHandling: Pick<CaseHandlingService, 'withResidentCase' | 'reopenForReview' | 'recordEvent'>,
  resident: ResidentCaseActor,
  reference: string,
  reasonInput: string | undefined,
): Promise<{ decisionId: string }> {
  const reason = reviewReason(reasonInput);
  if (!reason.ok) {
    throw new AppError('VALIDATION_FAILED', 'The reason is too long', [
      { field: 'reason', message: reason.error },
    ]);
  }
  return caseHandling.withResidentCase(
    resident,
    reference,
    'reviewRequested',
    async (trx, handled, actor) => {
      const decision = currentDecision(await selectDecisionsOfCase(trx, handled.row.id));
      if (!decision || !isAutomatic(decision)) {
        throw new AppError('NOT_FOUND', 'There is no automatic decision in this case to review');
      }
      if (handled.row.reviewRequestedAt) {
        throw new AppError('VALIDATION_FAILED', 'A review has already been requested', [
          { field: 'reason', message: 'reviewAlreadyRequested' },
        ]);
      }
      await caseHandling.reopenForReview(trx, handled, actor);
      await caseHandling.recordEvent(trx, handled, {
        type: REVIEW_REQUESTED_EVENT,
        actor,
        data: { decisionId: decision.id, ...(reason.value ? { message: reason.value } : {}) },
        visibility: 'resident',
      });
      return { decisionId: decision.id };
    },
  );
}

/** The decision a review replaces while the resident's request waits; undefined when none waits. */
export async function reviewedDecision(trx: Kysely<Database>, handled: HandledCase) {
  if (!handled.row.reviewRequestedAt) return undefined;
  return currentDecision(await selectDecisionsOfCase(trx, handled.row.id));
}
