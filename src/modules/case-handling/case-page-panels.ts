/**
 * Sections that other modules add to the officer's case page (decisions, messages, fault reports). They are
 * wired at the composition root (src/routes.ts), so the back office imports none of those modules,
 * while they call its service (issue #9: no import cycle between modules).
 */
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../web/page-context.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { OfficerCaseDetails } from './service.ts';

/** What a panel gets to render itself for one case. */
export interface CasePanelInput {
  ctx: PageContext;
  tenantSlug: string;
  /** The officer reading the page (already allowed to read the case). */
  actor: StaffActor;
  details: OfficerCaseDetails;
}

/** Renders one section of the case page. */
export type CasePanel = (input: CasePanelInput) => Promise<ComponentChildren>;

/** The case page's slots; a slot without a panel stays empty. */
export interface OfficerCasePanels {
  decision?: CasePanel;
  messages?: CasePanel;
  /** A fault report's category, position and the reporter's answers (issue #11). */
  faultReport?: CasePanel;
}
