/** The messages summary on the officer's case page (wired into case-handling at src/routes.ts). */
import type { CasePanel } from '../case-handling/case-page-panels.ts';
import type { MessageService } from './service.ts';
import { OfficerMessagesSummary } from './views/summaries.tsx';

/** How many messages the case has, how many are unread, and the way to the thread. */
export function messagesCasePanel(messages: Pick<MessageService, 'summaryForCase'>): CasePanel {
  return async ({ ctx, tenantSlug, details }) => {
    const summary = await messages.summaryForCase(details.case.id, 'officer');
    return (
      <OfficerMessagesSummary
        ctx={ctx}
        tenantSlug={tenantSlug}
        reference={details.case.reference}
        unread={summary.unread}
        total={summary.total}
      />
    );
  };
}
