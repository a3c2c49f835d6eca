/**
 * The administrators' API client pages (issue #12), `/{tenant}/handlaggning/admin/api-klienter`:
 * the list of the tenant's clients and the registration form; registering or rotating answers
 * with the secret, shown once in the answer to the POST (never in a URL, never kept for a later
 * page); revoking redirects (303). Plain forms with the CSRF token; a refused registration is shown
 * again (400) with its errors and what was typed and checked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { type Language, localized, translator } from '../../platform/i18n/i18n.ts';
import { FormList, FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin, type StaffRequest } from '../organisation/staff-http.ts';
import { apiClientMessages } from './messages.ts';
import {
  ClientsView,
  type Endpoints,
  type ReachChoices,
  type RefusedRegistration,
  SecretView,
} from './views/client-views.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const Client = Type.Object({ tenant: SlugParam, clientId: IdParam });
const Query = Type.Object({ klart: Type.Optional(Type.String()) });
const ClientBody = formBody({ name: FormText, scopes: FormList, unitIds: FormList, serviceIds: FormList });
type ClientForm = Static<typeof ClientBody>;

/** A checkbox list as posted: absent, one value or several. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat();
}

/** The tenant's units and e-services (each titled by its newest version), for the form and the list. */
async function reachChoices(
  services: RouteServices,
  staff: StaffRequest,
  lang: Language,
): Promise<ReachChoices> {
  const [organisation, catalogue] = await Promise.all([
    services.organisation.overview(staff.actor),
    services.catalogue.allVersions(staff.tenant.id),
  ]);
  const titled = catalogue.map((service) => ({
    serviceId: service.serviceId,
    title: localized(service.versions.at(-1)?.definition.title, lang) || service.slug,
  }));
  return {
    units: organisation.units.map((unit) => ({ id: unit.id, name: unit.name })),
    services: titled.sort((a, b) => a.title.localeCompare(b.title, lang)),
  };
}

export function registerApiClientRoutes(app: FastifyInstance, { services, config }: RouteContext): void {
  const admin = '/:tenant/handlaggning/admin/api-klienter';
  const apiClients = services.apiClients;
  const endpoints: Endpoints = {
    tokenUrl: `${config.publicUrl}/api/v1/oauth/token`,
    referenceUrl: '/api/v1/reference',
  };
  const ctxOf = (request: FastifyRequest, staff: StaffRequest) =>
    pageContext(request, pageTenant(staff.tenant));

  /** The list and the form, with a notice or a refused registration. */
  async function listPage(
    request: FastifyRequest,
    staff: StaffRequest,
    extra: { notice?: string; refused?: RefusedRegistration },
  ) {
    const [clients, choices] = await Promise.all([
      apiClients.clients(staff.actor),
      reachChoices(services, staff, request.lang),
    ]);
    const view = { clients, choices, endpoints, ...extra };
    return <ClientsView ctx={ctxOf(request, staff)} actor={staff.actor} {...view} />;
  }

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Query> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const revoked = request.query.klart === 'aterkallad';
      const notice = revoked ? translator(apiClientMessages, request.lang)('noticeRevoked') : undefined;
      return sendPage(reply, await listPage(request, staff, { notice }));
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: ClientForm }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, body: ClientBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const body = request.body ?? {};
      const input = {
        name: body.name ?? '',
        scopes: list(body.scopes),
        unitIds: list(body.unitIds),
        serviceIds: list(body.serviceIds),
      };
      try {
        const client = await apiClients.register(staff.actor, input);
        const ctx = ctxOf(request, staff);
        const page = (
          <SecretView ctx={ctx} actor={staff.actor} endpoints={endpoints} kind="registered" client={client} />
        );
        return sendPage(reply, page);
      } catch (error) {
        const refused = { errors: refusedFields(error), values: input };
        return sendPage(reply, await listPage(request, staff, { refused }), 400);
      }
    },
  );

  app.post<{ Params: Static<typeof Client> }>(
    `${admin}/:clientId/byt-hemlighet`,
    htmlInput({ params: Client }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const id = request.params.clientId;
      const rotated = await apiClients.rotate(staff.actor, id);
      const client = { id, ...rotated };
      const page = (
        <SecretView
          ctx={ctxOf(request, staff)}
          actor={staff.actor}
          endpoints={endpoints}
          kind="rotated"
          client={client}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.post<{ Params: Static<typeof Client> }>(
    `${admin}/:clientId/aterkalla`,
    htmlInput({ params: Client }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      await apiClients.revoke(staff.actor, request.params.clientId);
      return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/api-klienter?klart=aterkallad`);
    },
  );
}
