/** Catalogue routes: thin handlers over the catalogue and tenant services. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureSession } from '../../platform/http/request-context.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import {
  InstallationHome,
  LifeEventPage,
  SearchPage,
  ServiceStartPage,
  TenantHome,
} from './views/catalogue-views.tsx';

type TenantParams = { Params: { tenant: string } };

/** The page-header view of a tenant. */
export function pageTenant(tenant: Tenant) {
  return { slug: tenant.slug, name: tenant.name, logoText: tenant.settings.logoText };
}

export function registerCatalogueRoutes(
  app: FastifyInstance,
  { services, requestContext }: RouteContext,
): void {
  app.get('/', async (request, reply) => {
    const tenants = await services.tenants.list();
    return sendPage(reply, <InstallationHome ctx={pageContext(request)} tenants={tenants} />);
  });

  app.get<TenantParams>('/:tenant', async (request, reply) =>
    reply.redirect(`/${request.params.tenant}/`, 301),
  );

  app.get<TenantParams>('/:tenant/', async (request, reply) => {
    const tenant = await services.tenants.bySlug(request.params.tenant);
    const [lifeEvents, live] = await Promise.all([
      services.tenants.lifeEvents(tenant.id),
      services.catalogue.liveServices(tenant.id),
    ]);
    const ctx = pageContext(request, pageTenant(tenant));
    return sendPage(reply, <TenantHome ctx={ctx} tenant={tenant} lifeEvents={lifeEvents} services={live} />);
  });

  app.get<{ Params: { tenant: string; event: string } }>(
    '/:tenant/livshandelser/:event',
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const lifeEvent = (await services.tenants.lifeEvents(tenant.id)).find(
        (event) => event.slug === request.params.event,
      );
      if (!lifeEvent) throw new AppError('NOT_FOUND');
      const live = await services.catalogue.servicesForLifeEvent(tenant.id, lifeEvent.slug);
      const ctx = pageContext(request, pageTenant(tenant));
      return sendPage(
        reply,
        <LifeEventPage ctx={ctx} tenant={tenant} lifeEvent={lifeEvent} services={live} />,
      );
    },
  );

  app.get<TenantParams & { Querystring: { q?: string } }>('/:tenant/sok', async (request, reply) => {
    const tenant = await services.tenants.bySlug(request.params.tenant);
    const query = typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : '';
    const results = await services.catalogue.search(tenant.id, query);
    const ctx = pageContext(request, pageTenant(tenant));
    return sendPage(reply, <SearchPage ctx={ctx} tenant={tenant} query={query} results={results} />);
  });

  app.get<{ Params: { tenant: string; service: string } }>(
    '/:tenant/e-tjanster/:service',
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const service = await services.catalogue.liveService(tenant.id, request.params.service);
      await ensureSession(request, reply, requestContext);
      const ctx = pageContext(request, pageTenant(tenant));
      return sendPage(reply, <ServiceStartPage ctx={ctx} tenant={tenant} service={service} />);
    },
  );
}
