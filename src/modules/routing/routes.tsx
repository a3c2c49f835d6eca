/**
 * Plain-language routing's pages (issue #13): the search results for the home page's box, the choice
 * link that records which service a resident opened after a search, and the admins' synonyms.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { ensureSession } from '../../platform/http/request-context.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { localized, translator } from '../../platform/i18n/i18n.ts';
import { rateLimited } from '../../platform/rate-limit/rate-limit.ts';
import { FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin, type StaffRequest } from '../organisation/staff-http.ts';
import { routingMessages } from './messages.ts';
import type { SynonymInput } from './service.ts';
import { type ListedService, SearchResultsPage } from './views/search-view.tsx';
import { type RefusedSynonym, SynonymsView } from './views/synonyms-view.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const One = Type.Object({ tenant: SlugParam, synonymId: IdParam });
const SearchQuery = Type.Object({ q: Type.Optional(Type.String()) });
const ChoiceQuery = Type.Object({ q: Type.Optional(Type.String()), tjanst: SlugParam });
const NoticeQuery = Type.Object({ klart: Type.Optional(Type.String()) });
const SynonymBody = formBody({ phrase: FormText, serviceId: FormText, words: FormText });

export function registerRoutingRoutes(
  app: FastifyInstance,
  { services, requestContext }: RouteContext,
): void {
  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof SearchQuery> }>(
    '/:tenant/sok',
    {
      ...htmlInput({ params: Tenant, querystring: SearchQuery }),
      config: { rateLimit: rateLimited('search') },
    },
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const query = (request.query.q ?? '').slice(0, 200);
      const suggested = services.routing.suggest(tenant.id, query);
      // The answers wait for the suggestions (the first one orders them), not for the catalogue.
      const [suggestions, live, answers] = await Promise.all([
        suggested,
        services.catalogue.liveServices(tenant.id),
        suggested.then(([first]) =>
          services.routing.answers(tenant.id, query, { serviceId: first?.serviceId }),
        ),
      ]);
      const bySlug = new Map(live.map((service) => [service.slug, service]));
      const listed: ListedService[] = suggestions.flatMap((suggestion) => {
        const service = bySlug.get(suggestion.slug);
        if (!service) return [];
        const definition = service.version.definition;
        const lang = request.lang;
        return [
          {
            slug: service.slug,
            title: localized(definition.title, lang),
            summary: localized(definition.summary, lang),
          },
        ];
      });
      const ctx = pageContext(request, pageTenant(tenant));
      return sendPage(
        reply,
        <SearchResultsPage ctx={ctx} tenant={tenant} query={query} services={listed} answers={answers} />,
      );
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof ChoiceQuery> }>(
    '/:tenant/sok/val',
    {
      ...htmlInput({ params: Tenant, querystring: ChoiceQuery }),
      // One budget with the searches per address (on top of the per-session cap in the service).
      config: { rateLimit: rateLimited('search') },
    },
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const service = await services.catalogue.liveService(tenant.id, request.query.tjanst);
      const session = await ensureSession(request, reply, requestContext);
      await services.routing.recordChoice(tenant.id, {
        query: request.query.q ?? '',
        serviceId: service.serviceId,
        sessionId: session.id,
        personId: session.personId,
      });
      return seeOther(reply, `/${tenant.slug}/e-tjanster/${service.slug}`);
    },
  );

  registerSynonymRoutes(app, { services });
}

function registerSynonymRoutes(app: FastifyInstance, { services }: Pick<RouteContext, 'services'>): void {
  const admin = '/:tenant/handlaggning/admin/synonymer';
  const listUrl = (staff: StaffRequest) => `/${staff.tenant.slug}/handlaggning/admin/synonymer`;

  const page = async (
    request: FastifyRequest,
    staff: StaffRequest,
    shown: { notice?: string; refused?: RefusedSynonym },
  ) => {
    const [synonyms, all] = await Promise.all([
      services.routing.synonyms(staff.actor),
      services.catalogue.allVersions(staff.tenant.id),
    ]);
    const titled = all
      .map((service) => ({
        serviceId: service.serviceId,
        title: localized(service.versions.at(-1)?.definition.title, request.lang) || service.slug,
      }))
      .sort((a, b) => a.title.localeCompare(b.title, request.lang));
    const ctx = pageContext(request, pageTenant(staff.tenant));
    return <SynonymsView ctx={ctx} actor={staff.actor} synonyms={synonyms} services={titled} {...shown} />;
  };

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof NoticeQuery> }>(
    admin,
    htmlInput({ params: Tenant, querystring: NoticeQuery }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const t = translator(routingMessages, request.lang);
      const { klart } = request.query;
      const notice =
        klart === 'tillagd' ? t('noticeAdded') : klart === 'borttagen' ? t('noticeRemoved') : undefined;
      return sendPage(reply, await page(request, staff, { notice }));
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof SynonymBody> }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, body: SynonymBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const body = request.body ?? {};
      const input: SynonymInput = {
        phrase: body.phrase ?? '',
        serviceId: body.serviceId ?? '',
        words: body.words ?? '',
      };
      try {
        await services.routing.addSynonym(staff.actor, input);
      } catch (error) {
        const refused = { errors: refusedFields(error), values: input };
        return sendPage(reply, await page(request, staff, { refused }), 400);
      }
      return seeOther(reply, `${listUrl(staff)}?klart=tillagd`);
    },
  );

  app.post<{ Params: Static<typeof One> }>(
    `${admin}/:synonymId/ta-bort`,
    htmlInput({ params: One }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      await services.routing.removeSynonym(staff.actor, request.params.synonymId);
      return seeOther(reply, `${listUrl(staff)}?klart=borttagen`);
    },
  );
}
