/**
 * Decision use cases (issue #3): record a decision with its letter, list a case's decisions, and
 * hand out the letter to the officer (audited) and to the applicant. Decisions are never edited:
 * a correction is a new decision that refers to the one it replaces.
 */
import { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { formatDate, localized } from '../../platform/i18n/i18n.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { canOfficer } from '../cases/officer-policy.ts';
import { type CaseHandlingService, type HandledCase, officerEventActor } from '../cases/officer-service.ts';
import type { CaseService, ResidentActor } from '../cases/service.ts';
import { findStatus, isDecidedOrClosed, nextInCategory } from '../cases/workflow.ts';
import type { LocalizedText, StatusCategoryName } from '../forms/definition.ts';
import type { StaffActor } from '../organisation/model.ts';
import { type DecisionLetterInput, renderDecisionLetter } from './letter-pdf.ts';
import {
  type DecisionInput,
  isDecisionId,
  letterFilename,
  type ValidDecision,
  validateDecision,
} from './model.ts';
import {
  insertDecision,
  isCorrected,
  selectDecisionOfCase,
  selectDecisionsOfCase,
  selectStorageKeysInUse,
} from './store.ts';

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

/** A generated letter is a few kilobytes; this only guards against something going badly wrong. */
const LETTER_MAX_BYTES = 10 * 1024 * 1024;

function validOrThrow(input: Partial<DecisionInput>): ValidDecision {
  const result = validateDecision(input);
  if (!result.ok) throw new AppError('VALIDATION_FAILED', 'The decision is not complete', result.errors);
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

/** A first decision moves the case to decided; refused when the workflow does not allow it from here. */
async function enterDecided(
  deps: DecisionServiceDeps,
  trx: Transaction<Database>,
  handled: HandledCase,
  actor: StaffActor,
) {
  if (isDecidedOrClosed(handled.row.statusCategory)) {
    throw new AppError('VALIDATION_FAILED', 'The case already has a decision; correct it instead', [
      { field: 'status', message: 'alreadyDecided' },
    ]);
  }
  try {
    await deps.caseHandling.moveToCategory(trx, handled, 'decided', officerEventActor(actor));
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'VALIDATION_FAILED')) throw error;
    throw new AppError('VALIDATION_FAILED', error.message, [{ field: 'status', message: 'notDecidableNow' }]);
  }
}

/** Renders the letter and stores it durably (before its decision row exists). */
async function storeLetter(
  storage: FileStorage,
  handled: HandledCase,
  decision: ValidDecision & Pick<DecisionLetterInput, 'decidedAt' | 'decidedByName' | 'correctsDecidedAt'>,
) {
  const letter = await renderDecisionLetter({
    ...decision,
    tenantName: handled.tenant.name,
    reference: handled.row.reference,
    serviceTitle: localized(handled.version.definition.title, 'sv'),
    applicantName: handled.row.applicantName,
  });
  return storage.put(Readable.from([letter]), LETTER_MAX_BYTES);
}

export function createDecisionService(deps: DecisionServiceDeps): DecisionService {
  const { db, caseHandling, storage, now } = deps;

  const openLetter = (
    reference: string,
    decision: { decidedAt: Date; letterStorageKey: string; letterSizeBytes: number },
  ) => ({
    filename: letterFilename(reference, formatDate(decision.decidedAt, 'sv')),
    sizeBytes: decision.letterSizeBytes,
    stream: storage.read(decision.letterStorageKey),
  });

  return {
    storageKeysInUse: (keys) => selectStorageKeysInUse(db, keys),

    async recordDecision(actor, reference, input, correctsDecisionId) {
      // The letter is durable before its row exists; if the transaction fails, the file goes again.
      let storedKey: string | undefined;
      try {
        return await caseHandling.withOfficerCase(actor, reference, 'decide', async (trx, handled) => {
          const decision = validOrThrow(input);
          const corrected = correctsDecisionId
            ? await correctedDecision(trx, handled, correctsDecisionId)
            : undefined;
          if (!corrected) await enterDecided(deps, trx, handled, actor);
          const decidedAt = now();
          const stored = await storeLetter(storage, handled, {
            ...decision,
            decidedAt,
            decidedByName: actor.name,
            correctsDecidedAt: corrected?.decidedAt,
          });
          storedKey = stored.key;
          const decisionId = await insertDecision(trx, {
            ...decision,
            tenantId: handled.row.tenantId,
            caseId: handled.row.id,
            decidedByStaffId: actor.staffId,
            decidedByName: actor.name,
            decidedAt,
            correctsDecisionId: corrected?.id ?? null,
            letterStorageKey: stored.key,
            letterSha256: stored.sha256,
            letterSizeBytes: stored.sizeBytes,
          });
          await caseHandling.recordEvent(trx, handled, {
            type: 'decision',
            actor: officerEventActor(actor),
            data: { decisionId, outcome: decision.outcome, correctsDecisionId: corrected?.id ?? null },
            visibility: 'resident',
          });
          await caseHandling.notifyResident(trx, handled, 'decision');
          return { decisionId };
        });
      } catch (error) {
        if (storedKey) await storage.remove(storedKey);
        throw error;
      }
    },

    decisionForm: (actor, reference, correctsDecisionId) =>
      caseHandling.withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        if (!canOfficer(actor, 'decide', handled.row)) throw new AppError('FORBIDDEN');
        const corrects = correctsDecisionId
          ? await correctedDecision(trx, handled, correctsDecisionId, false)
          : undefined;
        const { row, workflow, status } = handled;
        return {
          reference: row.reference,
          applicantName: row.applicantName,
          serviceTitle: handled.version.definition.title,
          statusName: status?.name ?? findStatus(workflow, row.status)?.name,
          statusCategory: row.statusCategory,
          canDecideNow: nextInCategory(workflow, row.status, 'decided') !== undefined,
          corrects,
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
