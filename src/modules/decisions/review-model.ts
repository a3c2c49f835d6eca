/**
 * Automatic decisions and the resident's request for human review (issue #10), pure: which decision
 * is in force, whether a rule made it, what an automatic decision is made of, and the request's reason.
 */
import type { DecisionSupportDefinition } from '../forms/definition.ts';
import type { Proposal } from '../proposals/model.ts';
import { DEFAULT_APPEAL_INFORMATION, type DecisionInput, isDecisionOutcome, supersededIds } from './model.ts';

/** The decider's name on an automatic decision (the row names the rule in its own columns). */
export const AUTOMATIC_DECIDER_NAME = 'Automatiskt beslut';

/** The longest reason a resident may give with a request for review. */
export const REVIEW_REASON_MAX = 2000;

export type ReviewErrorKey = 'reviewReasonTooLong' | 'reviewAlreadyRequested';

/** The decision in force: the newest one no later decision replaces (decisions newest first). */
export function currentDecision<T extends { id: string; correctsDecisionId: string | null }>(
  decisions: readonly T[],
): T | undefined {
  const replaced = supersededIds(decisions);
  return decisions.find((decision) => !replaced.has(decision.id));
}

/** Whether the rule made a decision (neither a staff member nor a business system's API client). */
export function isAutomatic(decision: { decidedByRule: string | null }): boolean {
  return decision.decidedByRule !== null;
}

/** The legal basis for deciding automatically, when the service has a non-blank one. */
export function automaticLegalBasis(support: DecisionSupportDefinition | undefined): string | undefined {
  const basis = support?.automaticDecision?.legalBasis.sv.trim();
  return basis ? basis : undefined;
}

/**
 * The decision a rule makes of its proposal, as the officer's one-step approval would: the proposed
 * outcome, the explanation as justification, the rule's legal basis, the default appeal text.
 * Undefined when the proposal proposes no decision ("manual", an engine error, no explanation).
 */
export function automaticDecisionInput(
  proposal: Proposal,
  support: DecisionSupportDefinition,
): DecisionInput | undefined {
  if (proposal.error || !isDecisionOutcome(proposal.outcome) || !proposal.explanation) return undefined;
  return {
    outcome: proposal.outcome,
    justification: `${proposal.explanation.sv}.`,
    legalBasis: support.legalBasis,
    validFrom: '',
    validTo: '',
    appealInformation: DEFAULT_APPEAL_INFORMATION,
  };
}

/** The resident's reason, trimmed (empty is allowed), or the error that refuses it. */
export function reviewReason(
  input: string | undefined,
): { ok: true; value: string } | { ok: false; error: ReviewErrorKey } {
  const value = (input ?? '').replace(/\r\n?/g, '\n').trim();
  if (value.length > REVIEW_REASON_MAX) return { ok: false, error: 'reviewReasonTooLong' };
  return { ok: true, value };
}
