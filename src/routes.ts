/** Registers every module's routes. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './app.ts';
import { registerCatalogueRoutes } from './modules/catalogue/routes.tsx';
import { registerApplicationRoutes } from './modules/applications/routes.tsx';
import { registerMyPagesRoutes } from './modules/my-pages/routes.tsx';
import { registerCatalogueApi } from './modules/catalogue/api-routes.ts';
import { registerMyPagesApi } from './modules/my-pages/api-routes.ts';
import { registerIdentityRoutes } from './platform/identity/routes.ts';
import { registerProfileRoutes } from './modules/profile/routes.tsx';

export async function registerModuleRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  registerCatalogueRoutes(app, context);
  registerApplicationRoutes(app, context);
  registerMyPagesRoutes(app, context);
  registerCatalogueApi(app, context);
  registerMyPagesApi(app, context);
  await registerIdentityRoutes(app, context);
  registerProfileRoutes(app, context);
}
