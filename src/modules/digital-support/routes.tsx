/**
 * The digital-support directory over HTTP (issue #13, docs/digital-support.md): the public page
 * `/{tenant}/digital-hjalp` with its GET filter and each offer's page, and the coordinator's pages
 * under `/{tenant}/handlaggning/admin/digital-stod` (offers, supply matrix, needs interviews),
 * administrators only. Forms post and redirect (303) with a notice; refused forms come back (400).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { FormList, FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin, type StaffRequest } from '../organisation/staff-http.ts';
import { digitalSupportMessages } from './messages.ts';
import { DESCRIPTION_FIELDS, PLACE_AND_CONTACT_FIELDS, parseFilter } from './model.ts';
import { InterviewsView, MatrixView } from './views/coordinator-views.tsx';
import { DirectoryPage } from './views/directory-page.tsx';
import { OfferFormView, OfferListView, offerValues } from './views/offer-admin.tsx';
import { OfferPage } from './views/offer-page.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const One = Type.Object({ tenant: SlugParam, offerId: IdParam });
const Filter = Type.Object({
  malgrupp: Type.Optional(Type.String({ maxLength: 40 })),
  plats: Type.Optional(Type.String({ maxLength: 200 })),
  kanal: Type.Optional(Type.String({ maxLength: 40 })),
});
const Notice = Type.Object({ klart: Type.Optional(Type.String({ maxLength: 20 })) });
const text = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, FormText]));
const OfferBody = formBody({
  ...text([
    'name',
    'providerName',
    'providerKind',
    'operatingModel',
    'locality',
    'latitude',
    'longitude',
    'status',
  ]),
  ...text(DESCRIPTION_FIELDS),
  ...text(PLACE_AND_CONTACT_FIELDS),
  targetGroups: FormList,
  channels: FormList,
});
const InterviewBody = formBody({
  ...text(['interviewedOn', 'targetGroup', 'lifeSituation', 'note']),
  servicesUsed: FormList,
  difficulties: FormList,
  helpReceived: FormList,
  helpMissing: FormList,
});

export function registerDigitalSupportRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const support = services.digitalSupport;
  const admin = '/:tenant/handlaggning/admin/digital-stod';
  const ctxOf = (request: FastifyRequest, staff: StaffRequest) =>
    pageContext(request, pageTenant(staff.tenant));
  const base = (staff: StaffRequest) => `/${staff.tenant.slug}/handlaggning/admin/digital-stod`;
  const notice = (request: FastifyRequest<{ Querystring: Static<typeof Notice> }>) => {
    const tr = translator(digitalSupportMessages, request.lang);
    if (request.query.klart === 'sparat') return tr('saved');
    return request.query.klart === 'intervju' ? tr('interviewSaved') : undefined;
  };

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Filter> }>(
    '/:tenant/digital-hjalp',
    htmlInput({ params: Tenant, querystring: Filter }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const filter = parseFilter(request.query);
      const directory = await support.directory(tenant.id, filter);
      const ctx = pageContext(request, pageTenant(tenant));
      const page = (
        <DirectoryPage ctx={ctx} {...directory} filter={filter} contact={tenant.settings.contact} />
      );
      return sendPage(reply, page);
    },
  );

  app.get<{ Params: Static<typeof One> }>(
    '/:tenant/digital-hjalp/:offerId',
    htmlInput({ params: One }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const offer = await support.publishedOffer(tenant.id, request.params.offerId);
      return sendPage(reply, <OfferPage ctx={pageContext(request, pageTenant(tenant))} offer={offer} />);
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Notice> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const offers = await support.offers(staff.actor);
      const page = (
        <OfferListView
          ctx={ctxOf(request, staff)}
          actor={staff.actor}
          offers={offers}
          notice={notice(request)}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const page = <OfferFormView ctx={ctxOf(request, staff)} actor={staff.actor} values={{}} errors={[]} />;
      return sendPage(reply, page);
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof OfferBody> }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, body: OfferBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      try {
        await support.createOffer(staff.actor, values);
        return seeOther(reply, `${base(staff)}?klart=sparat`);
      } catch (error) {
        const errors = refusedFields(error);
        const page = (
          <OfferFormView ctx={ctxOf(request, staff)} actor={staff.actor} values={values} errors={errors} />
        );
        return sendPage(reply, page, 400);
      }
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    `${admin}/matris`,
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const matrix = await support.matrix(staff.actor);
      return sendPage(reply, <MatrixView ctx={ctxOf(request, staff)} actor={staff.actor} matrix={matrix} />);
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Notice> }>(
    `${admin}/intervjuer`,
    htmlInput({ params: Tenant, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const summary = await support.interviewSummary(staff.actor);
      const ctx = ctxOf(request, staff);
      const values = { interviewedOn: support.today() };
      const page = (
        <InterviewsView
          ctx={ctx}
          actor={staff.actor}
          summary={summary}
          values={values}
          errors={[]}
          notice={notice(request)}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof InterviewBody> }>(
    `${admin}/intervjuer`,
    htmlInput({ params: Tenant, body: InterviewBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      try {
        await support.recordInterview(staff.actor, values);
        return seeOther(reply, `${base(staff)}/intervjuer?klart=intervju`);
      } catch (error) {
        const errors = refusedFields(error);
        const summary = await support.interviewSummary(staff.actor);
        const ctx = ctxOf(request, staff);
        const page = (
          <InterviewsView ctx={ctx} actor={staff.actor} summary={summary} values={values} errors={errors} />
        );
        return sendPage(reply, page, 400);
      }
    },
  );

  app.get<{ Params: Static<typeof One> }>(
    `${admin}/:offerId`,
    htmlInput({ params: One }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const offer = await support.offer(staff.actor, request.params.offerId);
      const page = (
        <OfferFormView
          ctx={ctxOf(request, staff)}
          actor={staff.actor}
          offerId={offer.id}
          values={offerValues(offer)}
          errors={[]}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.post<{ Params: Static<typeof One>; Body: Static<typeof OfferBody> }>(
    `${admin}/:offerId`,
    htmlInput({ params: One, body: OfferBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      const offerId = request.params.offerId;
      try {
        await support.changeOffer(staff.actor, offerId, values);
        return seeOther(reply, `${base(staff)}?klart=sparat`);
      } catch (error) {
        const errors = refusedFields(error);
        const ctx = ctxOf(request, staff);
        const page = (
          <OfferFormView ctx={ctx} actor={staff.actor} offerId={offerId} values={values} errors={errors} />
        );
        return sendPage(reply, page, 400);
      }
    },
  );
}
