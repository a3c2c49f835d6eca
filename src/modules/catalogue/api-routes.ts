/** JSON API for the catalogue: municipalities, live e-services, search. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { LocalizedTextSchema } from '../../platform/api/openapi.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { rateLimited } from '../../platform/rate-limit/rate-limit.ts';
import type { LiveService } from './model.ts';

const TenantSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  referencePrefix: Type.String(),
});
const ServiceSummarySchema = Type.Object({
  slug: Type.String(),
  version: Type.Integer(),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  lifeEvents: Type.Array(Type.String()),
  loginRequired: Type.Boolean(),
  minimumAssuranceLevel: Type.Union([Type.Literal('none'), Type.Literal('loa2'), Type.Literal('loa3')]),
  url: Type.String({ description: 'The start page for residents' }),
});
const problem = { $ref: 'Problem#' };
const TenantParams = Type.Object({ tenant: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 63 }) });

function summaryOf(tenantSlug: string, live: LiveService): Static<typeof ServiceSummarySchema> {
  const definition = live.version.definition;
  return {
    slug: live.slug,
    version: live.version.version,
    title: definition.title,
    summary: definition.summary,
    lifeEvents: definition.lifeEvents,
    loginRequired: definition.login.required,
    minimumAssuranceLevel: definition.login.required ? definition.login.minimumLevel : 'none',
    url: `/${tenantSlug}/e-tjanster/${live.slug}`,
  };
}

export function registerCatalogueApi(app: FastifyInstance, { services }: RouteContext): void {
  app.get(
    '/api/v1/tenants',
    {
      schema: {
        tags: ['catalogue'],
        operationId: 'listTenants',
        summary: 'Municipalities on this installation',
        response: { 200: Type.Array(TenantSchema) },
      },
    },
    async () =>
      (await services.tenants.list()).map(({ slug, name, referencePrefix }) => ({
        slug,
        name,
        referencePrefix,
      })),
  );

  app.get<{ Params: Static<typeof TenantParams> }>(
    '/api/v1/tenants/:tenant/services',
    {
      schema: {
        tags: ['catalogue'],
        operationId: 'listServices',
        summary: 'The live e-services of a municipality',
        params: TenantParams,
        response: { 200: Type.Array(ServiceSummarySchema), 404: problem },
      },
    },
    async (request) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      return (await services.catalogue.liveServices(tenant.id)).map((live) => summaryOf(tenant.slug, live));
    },
  );

  const SearchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) });
  app.get<{ Params: Static<typeof TenantParams>; Querystring: Static<typeof SearchQuery> }>(
    '/api/v1/tenants/:tenant/search',
    {
      config: { rateLimit: rateLimited('search') },
      schema: {
        tags: ['catalogue'],
        operationId: 'searchServices',
        summary: 'Full-text search (Swedish and English) over live e-services, best match first',
        params: TenantParams,
        querystring: SearchQuery,
        response: { 200: Type.Array(ServiceSummarySchema), 400: problem, 404: problem, 429: problem },
      },
    },
    async (request) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      return (await services.catalogue.search(tenant.id, request.query.q)).map((live) =>
        summaryOf(tenant.slug, live),
      );
    },
  );
}
