/** Catalogue routes: thin handlers over the catalogue and tenant services. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { ensureSession } from '../../platform/http/request-context.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { htmlInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import type { ServicePagePanel } from './service-page-panel.ts';
import { InstallationHome, LifeEventPage, ServiceStartPage, TenantHome } from './views/catalogue-views.tsx';

const TenantParamsSchema = Type.Object({ tenant: SlugParam });
const LifeEventParams = Type.Object({ tenant: SlugParam, event: SlugParam });
const ServiceParams = Type.Object({ tenant: SlugParam, service: SlugParam });
type TenantParams = { Params: Static<typeof TenantParamsSchema> };

export function registerCatalogueRoutes(
  app: FastifyInstance,
  { services, requestContext }: RouteContext,
  servicePanel?: ServicePagePanel,
): void {
  app.get('/', async (request, reply) => {
    const tenants = await services.tenants.list();
    return sendPage(reply, <InstallationHome ctx={pageContext(request)} tenants={tenants} />);
  });

  app.get<TenantParams>('/:tenant', async (request, reply) =>
    reply.redirect(`/${encodeURIComponent(request.params.tenant)}/`, 301),
  );

  app.get<TenantParams>('/:tenant/', htmlInput({ params: TenantParamsSchema }), async (request, reply) => {
    const tenant = await services.tenants.bySlug(request.params.tenant);
    const [lifeEvents, live] = await Promise.all([
      services.tenants.lifeEvents(tenant.id),
      services.catalogue.liveServices(tenant.id),
    ]);
    const ctx = pageContext(request, pageTenant(tenant));
    return sendPage(reply, <TenantHome ctx={ctx} tenant={tenant} lifeEvents={lifeEvents} services={live} />);
  });

  app.get<{ Params: Static<typeof LifeEventParams> }>(
    '/:tenant/livshandelser/:event',
    htmlInput({ params: LifeEventParams }),
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

  // `/{tenant}/sok` (the answer to the home page's box) belongs to plain-language routing (modules/routing).

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/:tenant/e-tjanster/:service',
    htmlInput({ params: ServiceParams }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const service = await services.catalogue.liveService(tenant.id, request.params.service);
      await ensureSession(request, reply, requestContext);
      const ctx = pageContext(request, pageTenant(tenant));
      const help = servicePanel ? await servicePanel({ ctx, tenant, service }) : null;
      return sendPage(reply, <ServiceStartPage ctx={ctx} tenant={tenant} service={service} help={help} />);
    },
  );
}
