/**
 * Recording a decision (issue #3, #10): inside the case's transaction, the move to decided, the letter
 * stored before its row, the row, the history (whether it followed the proposal) and the mail.
 */
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import {
  type CaseClient,
  type CaseHandlingService,
  clientEventActor,
  type HandledCase,
  officerEventActor,
} from '../case-handling/service.ts';
import { hasFormalDecision, isDecidedOrClosed } from '../cases/workflow.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { DecisionLetterInput } from './letter-pdf.ts';
import type { ValidDecision } from './model.ts';
import { type CaseProposal, proposalNote } from './proposal-decision.ts';
import { insertDecision, type selectDecisionsOfCase } from './store.ts';

/** What recording needs of the decision service's dependencies. */
export interface RecordDeps {
  caseHandling: CaseHandlingService;
  storage: FileStorage;
  now: () => Date;
}

type DecisionRecord = Awaited<ReturnType<typeof selectDecisionsOfCase>>[number];

/** A generated letter is a few kilobytes; this only guards against something going badly wrong. */
const LETTER_MAX_BYTES = 10 * 1024 * 1024;

/** What a decision is made of, decided inside the case's transaction. */
export interface DecisionPlan {
  decision: ValidDecision;
  corrected: DecisionRecord | undefined;
  latest: CaseProposal | undefined;
  deviation: string | undefined;
  /**
   * A human review of an automatic decision the resident asked for (issue #10): the new decision
   * replaces `corrected` and, unlike a plain correction, moves the case to decided again.
   */
  review?: boolean;
}

/**
 * Who records a decision: an officer (the back office) or a business system's API client (issue
 * #12), which may name the official who decided in the business system (`decidedByName`, shown on
 * the letter; the client's name otherwise). The rule's automatic decisions go their own way
 * (automatic-decision.ts).
 */
export type Decider =
  | { kind: 'officer'; actor: StaffActor }
  | { kind: 'client'; client: CaseClient; decidedByName?: string };

type CaseWork<T> = (trx: Transaction<Database>, handled: HandledCase) => Promise<T>;

/** How a decider locks the case, appears in its history and on the letter, and is named in the row. */
function deciderParts(deps: RecordDeps, decider: Decider) {
  if (decider.kind === 'officer') {
    const { actor } = decider;
    return {
      withCase: <T>(reference: string, work: CaseWork<T>) =>
        deps.caseHandling.withOfficerCase(actor, reference, 'decide', work),
      eventActor: officerEventActor(actor),
      name: actor.name,
      columns: { decidedByStaffId: actor.staffId },
    };
  }
  const { client } = decider;
  return {
    withCase: <T>(reference: string, work: CaseWork<T>) =>
      deps.caseHandling.withClientCase(client, reference, 'decide', work),
    eventActor: clientEventActor(client),
    name: decider.decidedByName?.trim() || client.name,
    columns: { decidedByStaffId: null, decidedByApiClientId: client.clientId },
  };
}

/**
 * Records a decision planned by `plan` (inside the case's transaction, as `decide`): the status,
 * the letter, the row, its history (whether it followed the proposal) and the resident's mail.
 */
export async function recordWithLetter(
  deps: RecordDeps,
  decider: Decider,
  reference: string,
  plan: (trx: Transaction<Database>, handled: HandledCase) => Promise<DecisionPlan>,
): Promise<{ decisionId: string }> {
  const { withCase, eventActor, name, columns } = deciderParts(deps, decider);
  // The letter is durable before its row exists; if the transaction fails, the file goes again.
  let storedKey: string | undefined;
  try {
    return await withCase(reference, async (trx, handled) => {
      refuseWithoutFormalDecision(handled);
      const { decision, corrected, latest, deviation, review } = await plan(trx, handled);
      if (!corrected || review) await enterDecided(deps, trx, handled, eventActor);
      const decidedAt = deps.now();
      const stored = await storeLetter(deps.storage, handled, {
        ...decision,
        decidedAt,
        decidedByName: name,
        correctsDecidedAt: corrected?.decidedAt,
      });
      storedKey = stored.key;
      const decisionId = await insertDecision(trx, {
        ...decision,
        tenantId: handled.row.tenantId,
        caseId: handled.row.id,
        ...columns,
        decidedByName: name,
        decidedAt,
        correctsDecisionId: corrected?.id ?? null,
        letterStorageKey: stored.key,
        letterSha256: stored.sha256,
        letterSizeBytes: stored.sizeBytes,
      });
      await recordHistory(deps, trx, handled, eventActor, {
        decisionId,
        decision,
        corrected,
        latest,
        deviation,
        review,
      });
      return { decisionId };
    });
  } catch (error) {
    if (storedKey) await deps.storage.remove(storedKey);
    throw error;
  }
}

/** The decision's resident-visible event, an internal note of a deviation from the proposal, the mail. */
async function recordHistory(
  deps: RecordDeps,
  trx: Transaction<Database>,
  handled: HandledCase,
  actor: CaseEventActor,
  made: Omit<DecisionPlan, 'decision'> & { decisionId: string; decision: ValidDecision },
) {
  const { decisionId, decision, corrected, latest, deviation, review } = made;
  const note = proposalNote(latest, decision.outcome);
  await deps.caseHandling.recordEvent(trx, handled, {
    type: 'decision',
    actor,
    data: {
      decisionId,
      outcome: decision.outcome,
      correctsDecisionId: corrected?.id ?? null,
      ...note,
      ...(review ? { review: true } : {}),
    },
    visibility: 'resident',
  });
  if (latest && !note.followsProposal && deviation) {
    await deps.caseHandling.recordEvent(trx, handled, {
      type: 'proposalDeviation',
      actor,
      data: { decisionId, proposalId: latest.id, proposed: latest.proposal.outcome, reason: deviation },
      visibility: 'internal',
    });
  }
  await deps.caseHandling.notifyResident(trx, handled, 'decision');
}

/** A case type without formal decisions (a fault report, issue #11) has no decision to make: not found. */
export function refuseWithoutFormalDecision(handled: HandledCase): void {
  if (!hasFormalDecision(handled.workflow))
    throw new AppError('NOT_FOUND', 'Cases of this type end without a formal decision');
}

/** A first decision moves the case to decided; refused when the workflow does not allow it from here. */
async function enterDecided(
  deps: RecordDeps,
  trx: Transaction<Database>,
  handled: HandledCase,
  actor: CaseEventActor,
) {
  if (isDecidedOrClosed(handled.row.statusCategory)) {
    throw new AppError('VALIDATION_FAILED', 'The case already has a decision; correct it instead', [
      { field: 'status', message: 'alreadyDecided' },
    ]);
  }
  try {
    await deps.caseHandling.moveToCategory(trx, handled, 'decided', actor);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'VALIDATION_FAILED')) throw error;
    throw new AppError('VALIDATION_FAILED', error.message, [{ field: 'status', message: 'notDecidableNow' }]);
  }
}

/** Renders the letter and stores it durably (before its decision row exists). */
export async function storeLetter(
  storage: FileStorage,
  handled: HandledCase,
  decision: ValidDecision &
    Pick<DecisionLetterInput, 'decidedAt' | 'decidedByName' | 'correctsDecidedAt' | 'automatic'>,
) {
  // pdfkit and its fonts load on the first letter: a process that never decides never loads them.
  const { renderDecisionLetter } = await import('./letter-pdf.ts');
  const letter = await renderDecisionLetter({
    ...decision,
    tenantName: handled.tenant.name,
    reference: handled.row.reference,
    serviceTitle: localized(handled.version.definition.title, 'sv'),
    applicantName: handled.row.applicantName,
  });
  return storage.put(Readable.from([letter]), LETTER_MAX_BYTES);
}
