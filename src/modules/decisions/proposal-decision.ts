/**
 * Decisions and the rule's proposal (issue #10): the case's latest proposal, the decision an
 * approval makes of it, and the history that records whether a decision followed it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { CaseHandlingService } from '../case-handling/service.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import type { Proposal } from '../proposals/model.ts';
import {
  DEFAULT_APPEAL_INFORMATION,
  type DecisionInput,
  type DecisionOutcome,
  isDecisionOutcome,
} from './model.ts';

/** A proposal as a decision sees it: its event id and what it holds. */
export interface CaseProposal {
  id: string;
  proposal: Proposal;
  /** The outcome a decision can take from it; undefined for "manual" and failed proposals. */
  decisionOutcome: DecisionOutcome | undefined;
}

/** The case's latest proposal (events are append-only: a newer one supersedes the older). */
export async function latestProposal(
  caseHandling: Pick<CaseHandlingService, 'latestEvent'>,
  trx: Kysely<Database>,
  caseId: string,
): Promise<CaseProposal | undefined> {
  const event = await caseHandling.latestEvent(trx, caseId, 'proposal');
  if (!event) return undefined;
  const proposal = event.data as unknown as Proposal;
  const outcome = isDecisionOutcome(proposal.outcome) ? proposal.outcome : undefined;
  return { id: String(event.id), proposal, decisionOutcome: outcome };
}

/**
 * The decision an approval makes: the proposed outcome, the explanation as justification, the
 * rule's legal basis. Refused when the proposal is not the latest or proposes no decision.
 */
export function approvalInput(
  latest: CaseProposal | undefined,
  proposalId: string,
  definition: ServiceDefinition,
): DecisionInput {
  if (!latest || latest.id !== proposalId) {
    throw new AppError('CONFLICT', 'That proposal is not the latest proposal of the case');
  }
  const legalBasis = definition.decisionSupport?.legalBasis;
  if (!latest.decisionOutcome || !latest.proposal.explanation || !legalBasis) {
    throw new AppError('CONFLICT', 'This proposal cannot be approved; decide through the form');
  }
  return {
    outcome: latest.decisionOutcome,
    justification: `${latest.proposal.explanation.sv}.`,
    legalBasis,
    validFrom: '',
    validTo: '',
    appealInformation: DEFAULT_APPEAL_INFORMATION,
  };
}

/** What the decision's history event records about the proposal. */
export function proposalNote(latest: CaseProposal | undefined, outcome: DecisionOutcome) {
  if (!latest) return {};
  return { proposalId: latest.id, followsProposal: latest.decisionOutcome === outcome };
}
