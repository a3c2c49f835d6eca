/**
 * What fault reports add to other modules' pages, wired at the composition root (src/routes.ts):
 * the follow-up link on the receipt, the map in the felanmälan form and the officer's fault report section.
 */
import type { MapTiles } from '../../config.ts';
import type { SessionService } from '../../platform/sessions/session-service.ts';
import type { LocationMapSlot } from '../applications/location-map.ts';
import type { ReceiptPanel } from '../applications/receipt-panel.ts';
import type { CasePanel } from '../case-handling/case-page-panels.ts';
import { faultReportOf } from './model.ts';
import type { FaultReportService } from './service.ts';
import { LocationMapPanel, MAP_ASSETS } from './views/map-views.tsx';
import { OfficerDuplicates, OfficerFaultPanel, ReceiptFollowLink } from './views/panels-views.tsx';

/**
 * The map in a fault report service's location field (its `faultReport.locationField`): drop a pin,
 * see open reports nearby. None when no tile URL is configured; other location fields get none.
 */
export function faultReportLocationMap(tiles: MapTiles | undefined): LocationMapSlot | undefined {
  if (!tiles) return undefined;
  return ({ context, field, lang }) => {
    if (faultReportOf(context.version.definition)?.locationField !== field.id) return undefined;
    return {
      panel: (
        <LocationMapPanel
          lang={lang}
          tiles={tiles}
          area={context.tenant.settings.area?.boundingBox}
          fieldId={field.id}
          nearbyUrl={`/${context.tenant.slug}/felanmalan/nara.json`}
        />
      ),
      assets: MAP_ASSETS,
      imageOrigins: [tiles.origin],
    };
  };
}

/** Follow-up tokens kept in one session; older ones drop off (the links still work). */
const TOKENS_PER_SESSION = 5;

/**
 * The anonymous reporter's follow-up link on the receipt. The token is issued on the first view and
 * kept in the visitor's session, so reloading the receipt shows the same link; only its hash is
 * stored with the report (decision 0015). A logged-in reporter follows the report on My Pages.
 */
export function followLinkReceiptPanel(
  faultReports: Pick<FaultReportService, 'issueFollowToken' | 'followTokenMatches'>,
  sessions: Pick<SessionService, 'saveData'>,
  publicUrl: string,
): ReceiptPanel {
  return async ({ request, ctx, context, caseId }) => {
    const session = request.session;
    if (!faultReportOf(context.version.definition) || !session || session.personId || !caseId) return null;
    const kept = session.data.followTokens?.[caseId];
    let token = kept && (await faultReports.followTokenMatches(caseId, kept)) ? kept : undefined;
    if (!token) {
      token = await faultReports.issueFollowToken(caseId);
      const others = Object.entries(session.data.followTokens ?? {}).filter(([id]) => id !== caseId);
      const followTokens = Object.fromEntries([...others.slice(-(TOKENS_PER_SESSION - 1)), [caseId, token]]);
      session.data = { ...session.data, followTokens };
      await sessions.saveData(session, session.data);
    }
    const href = `${publicUrl.replace(/\/$/, '')}/${context.tenant.slug}/felanmalan/folj/${token}`;
    return <ReceiptFollowLink ctx={ctx} href={href} />;
  };
}

/**
 * The officer's fault report section: category, position, target, fixed time and "not fixed"
 * answers, then the likely duplicates and the way to merge (decision 0018).
 */
export function faultReportCasePanel(faultReports: Pick<FaultReportService, 'duplicatePanel'>): CasePanel {
  return async ({ ctx, tenantSlug, actor, details }) => {
    const definition = details.version.definition;
    if (!faultReportOf(definition)) return null;
    const panel = await faultReports.duplicatePanel(actor, details.case.id, definition);
    if (!panel) return null;
    const caseHref = `/${tenantSlug}/handlaggning/arenden/${details.case.reference}`;
    const mayMerge = details.allowed.changeStatus && panel.report.open && panel.mergedIntoReference === null;
    return (
      <>
        <OfficerFaultPanel ctx={ctx} definition={definition} report={panel.report} />
        <OfficerDuplicates
          ctx={ctx}
          panel={panel}
          statusName={(id) => details.workflow.statuses.find((status) => status.id === id)?.name}
          caseHrefOf={(reference) => `/${tenantSlug}/handlaggning/arenden/${reference}`}
          mergeHref={mayMerge ? `${caseHref}/sammanfoga` : undefined}
        />
      </>
    );
  };
}
