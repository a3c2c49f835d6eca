/**
 * The administrators' webhook pages (issue #12), `/{tenant}/handlaggning/admin/webhooks`: the list
 * and registration form (a new signing secret is shown once, in the answer to the POST), one
 * subscription's deliveries and dead letters, and the plain form posts that pause, resume, delete and
 * replay, each redirecting (303) with a notice. Administrators only; officers get 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { type Language, localized, translator } from '../../platform/i18n/i18n.ts';
import { FormList, FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin, type StaffRequest } from '../organisation/staff-http.ts';
import { webhookMessages } from './messages.ts';
import { type ReachChoices, SecretView, SubscriptionView, WebhooksView } from './views/webhook-views.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const One = Type.Object({ tenant: SlugParam, subscriptionId: IdParam });
const Delivery = Type.Object({
  tenant: SlugParam,
  subscriptionId: IdParam,
  deliveryId: Type.String({ pattern: '^[0-9]{1,15}$' }),
});
const Query = Type.Object({ klart: Type.Optional(Type.String()), antal: Type.Optional(Type.String()) });
const Body = formBody({
  name: FormText,
  url: FormText,
  eventTypes: FormList,
  unitIds: FormList,
  serviceIds: FormList,
});

/** A checkbox list as posted: absent, one value or several. */
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** The tenant's units and e-services (each titled by its newest version). */
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

const NOTICES = {
  pausad: 'noticePaused',
  aterupptagen: 'noticeResumed',
  borttagen: 'noticeRemoved',
  skickas: 'noticeReplayed',
} as const;

/** The notice a redirect asked for (`?klart=…`), in the page's language. */
function noticeOf(request: FastifyRequest<{ Querystring: Static<typeof Query> }>): string | undefined {
  const key = NOTICES[request.query.klart as keyof typeof NOTICES];
  return key
    ? translator(webhookMessages, request.lang)(key, { count: request.query.antal ?? '0' })
    : undefined;
}

export function registerWebhookRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const admin = '/:tenant/handlaggning/admin/webhooks';
  const webhooks = services.webhooks;
  const ctxOf = (request: FastifyRequest, staff: StaffRequest) =>
    pageContext(request, pageTenant(staff.tenant));
  const listUrl = (staff: StaffRequest) => `/${staff.tenant.slug}/handlaggning/admin/webhooks`;

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffRequest,
    extra: object,
    code = 200,
  ) {
    const [subscriptions, choices] = await Promise.all([
      webhooks.subscriptions(staff.actor),
      reachChoices(services, staff, request.lang),
    ]);
    const page = (
      <WebhooksView
        ctx={ctxOf(request, staff)}
        actor={staff.actor}
        {...{ subscriptions, choices, ...extra }}
      />
    );
    return sendPage(reply, page, code);
  }

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Query> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      return listPage(request, reply, staff, { notice: noticeOf(request) });
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof Body> }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, body: Body }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const body = request.body ?? {};
      const input = {
        name: body.name ?? '',
        url: body.url ?? '',
        eventTypes: list(body.eventTypes),
        unitIds: list(body.unitIds),
        serviceIds: list(body.serviceIds),
      };
      try {
        const created = await webhooks.create(staff.actor, input);
        return sendPage(
          reply,
          <SecretView ctx={ctxOf(request, staff)} actor={staff.actor} subscription={created} />,
        );
      } catch (error) {
        return listPage(
          request,
          reply,
          staff,
          { refused: { errors: refusedFields(error), values: input } },
          400,
        );
      }
    },
  );

  app.get<{ Params: Static<typeof One>; Querystring: Static<typeof Query> }>(
    `${admin}/:subscriptionId`,
    htmlInput({ params: One, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const details = await webhooks.subscription(staff.actor, request.params.subscriptionId);
      const ctx = ctxOf(request, staff);
      return sendPage(
        reply,
        <SubscriptionView ctx={ctx} actor={staff.actor} details={details} notice={noticeOf(request)} />,
      );
    },
  );

  const actions = [
    ['pausa', 'pausad', (staff: StaffRequest, id: string) => webhooks.setPaused(staff.actor, id, true)],
    [
      'ateruppta',
      'aterupptagen',
      (staff: StaffRequest, id: string) => webhooks.setPaused(staff.actor, id, false),
    ],
    ['ta-bort', 'borttagen', (staff: StaffRequest, id: string) => webhooks.remove(staff.actor, id)],
  ] as const;
  for (const [path, done, act] of actions)
    app.post<{ Params: Static<typeof One> }>(
      `${admin}/:subscriptionId/${path}`,
      htmlInput({ params: One }),
      async (request, reply) => {
        const staff = await requireAdmin(request, reply, services);
        if (!staff) return reply;
        await act(staff, request.params.subscriptionId);
        return seeOther(reply, `${listUrl(staff)}?klart=${done}`);
      },
    );

  app.post<{ Params: Static<typeof One> }>(
    `${admin}/:subscriptionId/skicka-igen`,
    htmlInput({ params: One }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const count = await webhooks.replay(staff.actor, request.params.subscriptionId);
      return seeOther(
        reply,
        `${listUrl(staff)}/${request.params.subscriptionId}?klart=skickas&antal=${count}`,
      );
    },
  );

  app.post<{ Params: Static<typeof Delivery> }>(
    `${admin}/:subscriptionId/leveranser/:deliveryId/skicka-igen`,
    htmlInput({ params: Delivery }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const { subscriptionId, deliveryId } = request.params;
      const count = await webhooks.replay(staff.actor, subscriptionId, Number(deliveryId));
      return seeOther(reply, `${listUrl(staff)}/${subscriptionId}?klart=skickas&antal=${count}`);
    },
  );
}
