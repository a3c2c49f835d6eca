/** Registers every module's routes. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './app.ts';
import { registerApplicationRoutes } from './modules/applications/routes.tsx';
import { registerOfficerRoutes } from './modules/cases/officer-routes.tsx';
import { registerCatalogueApi } from './modules/catalogue/api-routes.ts';
import { registerCatalogueRoutes } from './modules/catalogue/routes.tsx';
import { registerDecisionRoutes } from './modules/decisions/routes.tsx';
import { registerMessageRoutes } from './modules/messages/routes.tsx';
import { registerMyPagesApi } from './modules/my-pages/api-routes.ts';
import { registerMyPagesRoutes } from './modules/my-pages/routes.tsx';
import { registerOrganisationRoutes } from './modules/organisation/routes.tsx';
import { registerProfileRoutes } from './modules/profile/routes.tsx';
import { registerIdentityRoutes } from './platform/identity/routes.ts';
import { registerDevMailRoutes } from './platform/mail/dev-mail-routes.tsx';

export async function registerModuleRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  registerCatalogueRoutes(app, context);
  registerApplicationRoutes(app, context);
  registerMyPagesRoutes(app, context);
  registerCatalogueApi(app, context);
  registerMyPagesApi(app, context);
  await registerIdentityRoutes(app, context);
  registerProfileRoutes(app, context);
  registerOfficerRoutes(app, context);
  registerOrganisationRoutes(app, context);
  registerDecisionRoutes(app, context);
  registerMessageRoutes(app, context);
  registerDevMailRoutes(app, context);
}
