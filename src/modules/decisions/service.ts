/**
 * Decision use cases (issue #3): record a decision with its letter, list a case's decisions, and
 * hand out the letter to the officer (audited) and to the applicant. Decisions are never edited:
 * a correction is a new decision that refers to the one it replaces.
 */
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/i18n.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { canOfficer } from '../case-handling/policy.ts';
import type {
  CaseClient,
  CaseHandlingService,
  HandledCase,
  ResidentCaseActor,
} from '../case-handling/service.ts';
import type { CaseService, ResidentActor } from '../cases/service.ts';
import { findStatus, isDecidedOrClosed, nextInCategory } from '../cases/workflow.ts';
import type { LocalizedText, StatusCategoryName } from '../forms/definition.ts';
import type { StaffActor } from '../organisation/model.ts';
import { type AutomaticDecisionResult, decideAutomatically } from './automatic-decision.ts';
import {
  type DecisionInput,
  type DecisionOutcome,
  isDecisionId,
  letterFilename,
  proposalDeviationErrors,
  type ValidDecision,
  validateDecision,
} from './model.ts';
import { approvalInput, latestProposal } from './proposal-decision.ts';
import { type DecisionPlan, recordWithLetter, refuseWithoutFormalDecision } from './record-decision.ts';
import { requestReview, reviewedDecision } from './review.ts';
import { isCorrected, selectDecisionOfCase, selectDecisionsOfCase, selectStorageKeysInUse } from './store.ts';

/** A decision as views show it (the letter's storage details stay in the service). */
export type DecisionRecord = Awaited<ReturnType<typeof selectDecisionsOfCase>>[number];

/** What the decision form page shows about the case. */
export interface DecisionFormContext {
  reference: string;
  applicantName: string | null;
  serviceTitle: LocalizedText;
  statusName: LocalizedText | undefined;
  statusCategory: StatusCategoryName;
  /** Whether recording a (first) decision can move the case to decided from its current status. */
  canDecideNow: boolean;
  /** The decision being corrected, when the form is a correction. */
  corrects: DecisionRecord | undefined;
  /** The outcome the case's latest proposal proposes, when it proposes a decision. */
  proposedOutcome: DecisionOutcome | undefined;
  /** The automatic decision the resident asked a person to review; the new decision replaces it. */
  reviewOf: DecisionRecord | undefined;
}

export interface DecisionLetter {
  filename: string;
  sizeBytes: number;
  stream: Readable;
}

export interface DecisionService {
  /** Which of these storage keys name a file of this module (the orphan file sweeper asks). */
  storageKeysInUse(keys: string[]): Promise<string[]>;
  /** Records a decision (or a correction of `correctsDecisionId`) with its letter; one transaction. */
  recordDecision(
    actor: StaffActor,
    reference: string,
    input: Partial<DecisionInput>,
    correctsDecisionId?: string,
  ): Promise<{ decisionId: string }>;
  /**
   * Records a decision of a business system's API client (issue #12) on a case in its reach, as
   * `recordDecision` does for an officer; the caller has checked the scope `cases:decisions`.
   * `decidedByName` names the official who decided in the business system, for the letter.
   */
  recordDecisionByClient(
    client: CaseClient,
    reference: string,
    input: Partial<DecisionInput> & { decidedByName?: string },
    correctsDecisionId?: string,
  ): Promise<{ decisionId: string }>;
  /** Makes the case's latest proposal the decision, with its letter (issue #10); one transaction. */
  approveProposal(actor: StaffActor, reference: string, proposalId: string): Promise<{ decisionId: string }>;
  /**
   * The rule decides the locked case from its latest proposal when its service allows automatic
   * decisions (issue #10), inside the proposal handler's transaction.
   */
  decideAutomatically(trx: Kysely<Database>, handled: HandledCase): Promise<AutomaticDecisionResult>;
  /** The resident asks a person to review the automatic decision in force (issue #10); audited. */
  requestReview(
    resident: ResidentCaseActor,
    reference: string,
    reason: string | undefined,
  ): Promise<{ decisionId: string }>;
  /** What the decision form needs (an audited read; FORBIDDEN unless the actor may decide). */
  decisionForm(
    actor: StaffActor,
    reference: string,
    correctsDecisionId?: string,
  ): Promise<DecisionFormContext>;
  /** The decisions of a case, newest first, for views whose caller has already checked access. */
  decisionsOfCase(caseId: string): Promise<DecisionRecord[]>;
  /** A decision letter for an officer of the case's unit (the read is audited). */
  letterForOfficer(actor: StaffActor, reference: string, decisionId: string): Promise<DecisionLetter>;
  /** A decision letter for a business system's API client that reaches the case (the read is audited). */
  letterForClient(client: CaseClient, reference: string, decisionId: string): Promise<DecisionLetter>;
  /** A decision letter for the applicant; 404 for anyone else. */
  letterForResident(resident: ResidentActor, reference: string, decisionId: string): Promise<DecisionLetter>;
}

export interface DecisionServiceDeps {
  db: Kysely<Database>;
  caseHandling: CaseHandlingService;
  cases: Pick<CaseService, 'caseForResident'>;
  storage: FileStorage;
  now: () => Date;
}

function validOrThrow(input: Partial<DecisionInput>, proposed?: DecisionOutcome): ValidDecision {
  const result = validateDecision(input);
  const errors = [...(result.ok ? [] : result.errors), ...proposalDeviationErrors(input, proposed)];
  if (!result.ok || errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The decision is not complete', errors);
  }
  return result.value;
}

/**
 * The decision a correction replaces: of this case, not already replaced, and (when recording) the
 * case decided or closed. The form page shows without the status check; recording refuses.
 */
async function correctedDecision(
  trx: Transaction<Database>,
  handled: HandledCase,
  decisionId: string,
  recording = true,
) {
  const corrected = isDecisionId(decisionId)
    ? await selectDecisionOfCase(trx, handled.row.id, decisionId)
    : undefined;
  if (!corrected) throw new AppError('NOT_FOUND', 'There is no such decision in this case');
  if (await isCorrected(trx, corrected.id)) {
    throw new AppError('CONFLICT', 'That decision has already been replaced; correct the latest decision');
  }
  if (recording && !isDecidedOrClosed(handled.row.statusCategory)) {
    throw new AppError('VALIDATION_FAILED', 'Only a decided case can have its decision corrected', [
      { field: 'status', message: 'correctionNotAllowedNow' },
    ]);
  }
  return corrected;
}

export function createDecisionService(deps: DecisionServiceDeps): DecisionService {
  const { db, caseHandling, storage } = deps;

  /**
   * A decision from a form or the API: validated against the latest proposal (a deviation needs its
   * reason), a correction of `correctsDecisionId`, or the answer to a requested human review.
   */
  const planDecision =
    (input: Partial<DecisionInput>, correctsDecisionId: string | undefined) =>
    async (trx: Transaction<Database>, handled: HandledCase): Promise<DecisionPlan> => {
      const latest = await latestProposal(caseHandling, trx, handled.row.id);
      const decision = validOrThrow(input, latest?.decisionOutcome);
      const deviation = input.proposalDeviation?.trim() || undefined;
      if (correctsDecisionId) {
        const corrected = await correctedDecision(trx, handled, correctsDecisionId);
        return { decision, corrected, latest, deviation };
      }
      const reviewed = await reviewedDecision(trx, handled);
      return { decision, corrected: reviewed, latest, deviation, review: reviewed !== undefined };
    };

  const openLetter = (
    reference: string,
    decision: { decidedAt: Date; letterStorageKey: string | null; letterSizeBytes: number },
  ) => {
    // A disposed case's letter is gone with its personal data (decision 0031).
    if (!decision.letterStorageKey) throw new AppError('NOT_FOUND', 'The letter was disposed of');
    return {
      filename: letterFilename(reference, formatDate(decision.decidedAt, 'sv')),
      sizeBytes: decision.letterSizeBytes,
      stream: storage.read(decision.letterStorageKey),
    };
  };

  return {
    storageKeysInUse: (keys) => selectStorageKeysInUse(db, keys),

    recordDecision: (actor, reference, input, correctsDecisionId) =>
      recordWithLetter(deps, { kind: 'officer', actor }, reference, planDecision(input, correctsDecisionId)),

    recordDecisionByClient: (client, reference, input, correctsDecisionId) =>
      recordWithLetter(
        deps,
        { kind: 'client', client, decidedByName: input.decidedByName },
        reference,
        planDecision(input, correctsDecisionId),
      ),

    approveProposal: (actor, reference, proposalId) =>
      recordWithLetter(deps, { kind: 'officer', actor }, reference, async (trx, handled) => {
        const latest = await latestProposal(caseHandling, trx, handled.row.id);
        const decision = validOrThrow(approvalInput(latest, proposalId, handled.version.definition));
        const reviewed = await reviewedDecision(trx, handled);
        return {
          decision,
          corrected: reviewed,
          latest,
          deviation: undefined,
          review: reviewed !== undefined,
        };
      }),

    decideAutomatically: (trx, handled) => decideAutomatically(deps, trx, handled),

    requestReview: (resident, reference, reason) => requestReview(caseHandling, resident, reference, reason),

    decisionForm: (actor, reference, correctsDecisionId) =>
      caseHandling.withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        refuseWithoutFormalDecision(handled);
        if (!canOfficer(actor, 'decide', handled.row)) throw new AppError('FORBIDDEN');
        const corrects = correctsDecisionId
          ? await correctedDecision(trx, handled, correctsDecisionId, false)
          : undefined;
        const { row, workflow, status } = handled;
        const latest = await latestProposal(caseHandling, trx, row.id);
        const reviewOf = corrects ? undefined : await reviewedDecision(trx, handled);
        return {
          reference: row.reference,
          applicantName: row.applicantName,
          serviceTitle: handled.version.definition.title,
          statusName: status?.name ?? findStatus(workflow, row.status)?.name,
          statusCategory: row.statusCategory,
          canDecideNow: nextInCategory(workflow, row.status, 'decided') !== undefined,
          corrects,
          proposedOutcome: latest?.decisionOutcome,
          reviewOf,
        };
      }),

    decisionsOfCase: (caseId) => selectDecisionsOfCase(db, caseId),

    async letterForOfficer(actor, reference, decisionId) {
      const decision = await caseHandling.withOfficerCase(actor, reference, 'read', async (trx, handled) =>
        isDecisionId(decisionId) ? await selectDecisionOfCase(trx, handled.row.id, decisionId) : undefined,
      );
      if (!decision) throw new AppError('NOT_FOUND', 'There is no such decision in this case');
      return openLetter(reference, decision);
    },

    async letterForClient(client, reference, decisionId) {
      const decision = await caseHandling.withClientCase(client, reference, 'read', async (trx, handled) =>
        isDecisionId(decisionId) ? await selectDecisionOfCase(trx, handled.row.id, decisionId) : undefined,
      );
      if (!decision) throw new AppError('NOT_FOUND', 'There is no such decision in this case');
      return openLetter(reference, decision);
    },

    async letterForResident(resident, reference, decisionId) {
      const details = await deps.cases.caseForResident(resident, reference);
      const decision = isDecisionId(decisionId)
        ? await selectDecisionOfCase(db, details.case.id, decisionId)
        : undefined;
      if (!decision) throw new AppError('NOT_FOUND', 'There is no such decision in this case');
      return openLetter(details.case.reference, decision);
    },
  };
}
