/** Registers every module's routes. */
import type { FastifyInstance } from 'fastify';
import { registerTokenEndpoint } from './modules/api-clients/api-routes.ts';
import { registerClientCaseApi } from './modules/api-clients/case-api-routes.ts';
import { registerClientDecisionApi } from './modules/api-clients/decision-api-routes.ts';
import { registerClientOpenDataApi } from './modules/api-clients/open-data-api-routes.ts';
import { registerApiClientRoutes } from './modules/api-clients/routes.tsx';
import { registerApplicationRoutes } from './modules/applications/routes.tsx';
import { registerOfficerRoutes } from './modules/case-handling/routes.tsx';
import { registerCatalogueApi } from './modules/catalogue/api-routes.ts';
import { registerCatalogueRoutes } from './modules/catalogue/routes.tsx';
import { registerCustomerCentreRoutes } from './modules/customer-centre/routes.tsx';
import { registerDataRightsRoutes } from './modules/data-rights/routes.tsx';
import { decisionCasePanel } from './modules/decisions/case-panel.tsx';
import { registerDecisionRoutes } from './modules/decisions/routes.tsx';
import { registerDigitalSupportRoutes } from './modules/digital-support/routes.tsx';
import { registerDisposalRoutes } from './modules/disposal/routes.tsx';
import {
  faultReportCasePanel,
  faultReportLocationMap,
  followLinkReceiptPanel,
} from './modules/fault-reports/panels.tsx';
import { registerFaultReportRoutes } from './modules/fault-reports/routes.tsx';
import { knowledgeBaseServicePanel } from './modules/knowledge-base/panels.tsx';
import { registerKnowledgeBaseRoutes } from './modules/knowledge-base/routes.tsx';
import { messagesCasePanel } from './modules/messages/case-panel.tsx';
import { registerMessageRoutes } from './modules/messages/routes.tsx';
import { registerMyPagesApi } from './modules/my-pages/api-routes.ts';
import { registerMyPagesRoutes } from './modules/my-pages/routes.tsx';
import { registerOpenDataRoutes } from './modules/open-data/routes.tsx';
import { registerOpen311Api } from './modules/open311/api-routes.ts';
import { registerOpen311Routes } from './modules/open311/routes.tsx';
import { registerOrganisationRoutes } from './modules/organisation/routes.tsx';
import { registerPrivacyRoutes } from './modules/privacy/routes.tsx';
import { registerProfileRoutes } from './modules/profile/routes.tsx';
import { registerRepresentativeRoutes } from './modules/representatives/routes.tsx';
import { registerRoutingApi } from './modules/routing/api-routes.ts';
import { registerRoutingRoutes } from './modules/routing/routes.tsx';
import { registerRulesAdminApi } from './modules/rules-admin/api-routes.ts';
import { registerRulesAdminRoutes } from './modules/rules-admin/routes.tsx';
import { registerSensorApi } from './modules/sensors/api-routes.ts';
import { registerSensorRoutes } from './modules/sensors/routes.tsx';
import { registerSitePageRoutes } from './modules/site-pages/routes.tsx';
import { registerWebhookRoutes } from './modules/webhooks/routes.tsx';
import type { RouteContext } from './platform/http/route-context.ts';
import { registerIdentityRoutes } from './platform/identity/routes.ts';
import { registerDevMailRoutes } from './platform/mail/dev-mail-routes.tsx';

export async function registerModuleRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  // First: its hook settles who a representative acts for before any resident page runs (issue #13).
  registerRepresentativeRoutes(app, context);
  registerCatalogueRoutes(app, context, knowledgeBaseServicePanel(context.services.knowledgeBase));
  registerApplicationRoutes(
    app,
    context,
    followLinkReceiptPanel(
      context.services.faultReports,
      context.services.sessions,
      context.config.publicUrl,
    ),
    faultReportLocationMap(context.config.mapTiles),
  );
  registerMyPagesRoutes(app, context);
  registerCatalogueApi(app, context);
  registerMyPagesApi(app, context);
  await registerIdentityRoutes(app, context);
  registerProfileRoutes(app, context);
  registerOfficerRoutes(app, context, {
    decision: decisionCasePanel(context.services.decisions),
    messages: messagesCasePanel(context.services.messages),
    faultReport: faultReportCasePanel(context.services.faultReports),
  });
  registerOrganisationRoutes(app, context);
  registerRulesAdminRoutes(app, context);
  registerRulesAdminApi(app, context);
  registerDecisionRoutes(app, context);
  registerMessageRoutes(app, context);
  registerSensorApi(app, context);
  registerSensorRoutes(app, context);
  registerFaultReportRoutes(app, context);
  registerOpen311Api(app, context);
  registerOpen311Routes(app, context);
  registerTokenEndpoint(app, context);
  registerRoutingApi(app, context);
  registerRoutingRoutes(app, context);
  registerClientCaseApi(app, context);
  registerClientDecisionApi(app, context);
  registerClientOpenDataApi(app, context);
  registerApiClientRoutes(app, context);
  registerOpenDataRoutes(app, context);
  registerKnowledgeBaseRoutes(app, context);
  registerCustomerCentreRoutes(app, context);
  registerWebhookRoutes(app, context);
  registerDigitalSupportRoutes(app, context);
  registerSitePageRoutes(app, context);
  registerPrivacyRoutes(app, context);
  registerDevMailRoutes(app, context);
  registerDataRightsRoutes(app, context);
  registerDisposalRoutes(app, context);
}
