/** The decisions section of the officer's case page (wired into case-handling at src/routes.ts). */
import type { CasePanel, CasePanelInput } from '../case-handling/case-page-panels.ts';
import { hasFormalDecision, isDecidedOrClosed, nextInCategory } from '../cases/workflow.ts';
import type { Proposal } from '../proposals/model.ts';
import { isDecisionOutcome } from './model.ts';
import type { DecisionService } from './service.ts';
import { OfficerDecisionSection } from './views/decision-sections.tsx';
import { ProposalSection } from './views/proposal-section.tsx';
import { OfficerReviewSection } from './views/review-sections.tsx';

/** The case's latest proposal (issue #10), while the case has no decision yet. */
function LatestProposal({ ctx, tenantSlug, details }: CasePanelInput) {
  const event = details.events.filter((candidate) => candidate.type === 'proposal').at(-1);
  if (!event || isDecidedOrClosed(details.case.statusCategory)) return null;
  const proposal = event.data as unknown as Proposal;
  const outcome = isDecisionOutcome(proposal.outcome) ? proposal.outcome : undefined;
  return (
    <ProposalSection
      ctx={ctx}
      tenantSlug={tenantSlug}
      reference={details.case.reference}
      latest={{ id: String(event.id), proposal, decisionOutcome: outcome }}
      madeAt={event.createdAt}
      canDecide={details.allowed.decide}
      decidableNow={nextInCategory(details.workflow, details.case.status, 'decided') !== undefined}
    />
  );
}

/** The request for review, the case's proposal and decisions and, for an officer who may decide, the way to a new one. */
export function decisionCasePanel(decisions: Pick<DecisionService, 'decisionsOfCase'>): CasePanel {
  return async (input) => {
    // A case type without formal decisions (a fault report, issue #11) has no decisions section.
    if (!hasFormalDecision(input.details.workflow)) return null;
    const made = await decisions.decisionsOfCase(input.details.case.id);
    return (
      <>
        <OfficerReviewSection
          ctx={input.ctx}
          decisions={made}
          events={input.details.events}
          reviewRequestedAt={input.details.case.reviewRequestedAt}
        />
        <LatestProposal {...input} />
        <OfficerDecisionSection
          ctx={input.ctx}
          tenantSlug={input.tenantSlug}
          reference={input.details.case.reference}
          decisions={made}
          canDecide={input.details.allowed.decide}
          caseCategory={input.details.case.statusCategory}
        />
      </>
    );
  };
}
