/**
 * Automatic decisions (issue #10): only a service whose `decisionSupport.automaticDecision` records a
 * legal basis decides without a human. Called by the proposal job handler in the transaction that
 * stored the proposal (so exactly once per job, under its idempotency key): the case moves to
 * decided along a path its workflow allows, the letter says the decision was automatic, on which
 * basis and how to ask for a person's review, and the resident is told as for any decision. When
 * the workflow cannot reach decided, or the case already has a decision, nothing is decided and an
 * internal event tells the officer why; the proposal waits for a human.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import type { HandledCase } from '../case-handling/service.ts';
import { isDecidedOrClosed, pathToCategory } from '../cases/workflow.ts';
import type { DecisionSupportDefinition } from '../forms/definition.ts';
import { type ValidDecision, validateDecision } from './model.ts';
import { type CaseProposal, latestProposal } from './proposal-decision.ts';
import { type RecordDeps, storeLetter } from './record-decision.ts';
import { AUTOMATIC_DECIDER_NAME, automaticDecisionInput, automaticLegalBasis } from './review-model.ts';
import { insertDecision, selectDecisionsOfCase } from './store.ts';

/** The history actor of a decision the rule made. */
export const RULE_ACTOR: CaseEventActor = { kind: 'system', name: AUTOMATIC_DECIDER_NAME };

/** Why a decision proposal of an automatic service was left for a human. */
export type AutomaticNotMadeReason = 'alreadyDecided' | 'workflowCannotDecide' | 'decisionInvalid';

export type AutomaticDecisionResult =
  | { decided: true; decisionId: string }
  | { decided: false; reason: AutomaticNotMadeReason | 'notAutomatic' | 'noDecisionProposed' };

/** What a rule needs to decide: the basis, the rule, its proposal and the decision it makes. */
interface AutomaticPlan {
  basis: string;
  support: DecisionSupportDefinition;
  latest: CaseProposal;
  decision: ValidDecision;
  decidedAt: Date;
}

/**
 * Decides the locked case from its latest proposal when its service allows it, inside the caller's
 * transaction; returns what happened (for tests and logs).
 */
export async function decideAutomatically(
  deps: RecordDeps,
  trx: Kysely<Database>,
  handled: HandledCase,
): Promise<AutomaticDecisionResult> {
  const support = handled.version.definition.decisionSupport;
  const basis = automaticLegalBasis(support);
  const latest = await latestProposal(deps.caseHandling, trx, handled.row.id);
  if (!support || !basis) return { decided: false, reason: 'notAutomatic' };
  const input = latest && automaticDecisionInput(latest.proposal, support);
  if (!latest || !input) return { decided: false, reason: 'noDecisionProposed' };
  const reason = await reasonNotToDecide(trx, handled);
  const valid = validateDecision(input);
  if (reason || !valid.ok) return leaveForHuman(deps, trx, handled, latest, reason ?? 'decisionInvalid');
  let storedKey: string | undefined;
  try {
    await deps.caseHandling.moveToCategory(trx, handled, 'decided', RULE_ACTOR, ['inProgress']);
    const plan = { basis, support, latest, decision: valid.value, decidedAt: deps.now() };
    const stored = await storeLetter(deps.storage, handled, {
      ...plan.decision,
      decidedAt: plan.decidedAt,
      decidedByName: AUTOMATIC_DECIDER_NAME,
      automatic: { legalBasis: basis },
    });
    storedKey = stored.key;
    const decisionId = await insertAutomatic(trx, handled, plan, stored);
    await recordAutomaticHistory(deps, trx, handled, plan, decisionId);
    return { decided: true, decisionId };
  } catch (error) {
    // A letter whose row was never committed goes again (a crash in between: the orphan sweeper).
    if (storedKey) await deps.storage.remove(storedKey);
    throw error;
  }
}

/** A case that already has a decision, or whose workflow cannot reach decided, is left for a human. */
async function reasonNotToDecide(
  trx: Kysely<Database>,
  handled: HandledCase,
): Promise<AutomaticNotMadeReason | undefined> {
  // After a review or a correction, only a person decides again: the rule never overrules one.
  const decided = (await selectDecisionsOfCase(trx, handled.row.id)).length > 0;
  if (decided || isDecidedOrClosed(handled.row.statusCategory) || handled.row.reviewRequestedAt) {
    return 'alreadyDecided';
  }
  const path = pathToCategory(handled.workflow, handled.row.status, 'decided', ['inProgress']);
  return path ? undefined : 'workflowCannotDecide';
}

/** The internal note that the rule did not decide, and why; the proposal waits for an officer. */
async function leaveForHuman(
  deps: RecordDeps,
  trx: Kysely<Database>,
  handled: HandledCase,
  latest: CaseProposal,
  reason: AutomaticNotMadeReason,
): Promise<AutomaticDecisionResult> {
  await deps.caseHandling.recordEvent(trx, handled, {
    type: 'automaticDecisionNotMade',
    actor: RULE_ACTOR,
    data: { proposalId: latest.id, reason },
    visibility: 'internal',
  });
  return { decided: false, reason };
}

async function insertAutomatic(
  trx: Kysely<Database>,
  handled: HandledCase,
  plan: AutomaticPlan,
  stored: { key: string; sha256: string; sizeBytes: number },
): Promise<string> {
  return insertDecision(trx, {
    ...plan.decision,
    tenantId: handled.row.tenantId,
    caseId: handled.row.id,
    decidedByStaffId: null,
    decidedByName: AUTOMATIC_DECIDER_NAME,
    decidedByServiceVersionId: handled.version.id,
    decidedByRule: plan.support.decision,
    proposalEventId: plan.latest.id,
    automaticLegalBasis: plan.basis,
    decidedAt: plan.decidedAt,
    correctsDecisionId: null,
    letterStorageKey: stored.key,
    letterSha256: stored.sha256,
    letterSizeBytes: stored.sizeBytes,
  });
}

/** The resident-visible decision event, the resident's mail and the audit entry of the rule's act. */
async function recordAutomaticHistory(
  deps: RecordDeps,
  trx: Kysely<Database>,
  handled: HandledCase,
  plan: AutomaticPlan,
  decisionId: string,
) {
  const { latest, decision } = plan;
  await deps.caseHandling.recordEvent(trx, handled, {
    type: 'decision',
    actor: RULE_ACTOR,
    data: {
      decisionId,
      outcome: decision.outcome,
      correctsDecisionId: null,
      proposalId: latest.id,
      followsProposal: true,
      automatic: true,
    },
    visibility: 'resident',
  });
  await deps.caseHandling.notifyResident(trx, handled, 'decision');
  await recordAudit(trx, {
    tenantId: handled.row.tenantId,
    actor: { staffId: null, personId: null, name: AUTOMATIC_DECIDER_NAME, unitNames: [] },
    action: 'case.decidedAutomatically',
    caseId: handled.row.id,
    subjectPersonId: handled.row.applicantPersonId,
    details: { decisionId, proposalId: latest.id, serviceVersionId: handled.version.id },
    at: plan.decidedAt,
  });
}
