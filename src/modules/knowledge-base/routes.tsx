/**
 * The knowledge base over HTTP (issue #13, docs/knowledge-base.md): the residents' pages
 * `/{tenant}/fragor-och-svar` and `/{tenant}/fragor-och-svar/{id}`, and the staff's pages under
 * `/{tenant}/handlaggning/fragor-och-svar` (search, every answer, one answer, new, change, mark
 * reviewed, the answers due for review). Plain GET forms and POSTs that redirect (303).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { rateLimited } from '../../platform/rate-limit/rate-limit.ts';
import { FormList, FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import { knowledgeBaseMessages } from './messages.ts';
import type { EntryForm } from './model.ts';
import type { EntryRow } from './service.ts';
import { EntryFormPage } from './views/entry-form.tsx';
import { EntryPage, KnowledgeBasePage } from './views/public-views.tsx';
import { DueForReviewPage, StaffEntryPage, StaffKnowledgeBase } from './views/staff-views.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const One = Type.Object({ tenant: SlugParam, entryId: IdParam });
const Text = Type.Optional(Type.String({ maxLength: 300 }));
const PublicQuery = Type.Object({ q: Text, kategori: Text, tjanst: Text });
const StaffQuery = Type.Object({ q: Text, arkiverade: Text, klart: Text });
const Notice = Type.Object({ klart: Text });
const Body = formBody({
  question: FormText,
  answer: FormText,
  category: FormText,
  serviceIds: FormList,
  ownerUnitId: FormText,
  status: FormText,
  reviewIntervalMonths: FormText,
});
const ReviewedBody = formBody({ tillbaka: FormText });

const NOTICES = { skapat: 'noticeCreated', andrat: 'noticeUpdated', granskad: 'noticeReviewed' } as const;

function noticeOf(request: FastifyRequest<{ Querystring: { klart?: string } }>): string | undefined {
  const key = NOTICES[request.query.klart as keyof typeof NOTICES];
  return key ? translator(knowledgeBaseMessages, request.lang)(key) : undefined;
}

/** The form as posted, with the checkbox list always a list. */
function formOf(body: Static<typeof Body> | undefined): EntryForm {
  const { serviceIds, ...rest } = body ?? {};
  return { ...rest, serviceIds: serviceIds === undefined ? [] : [serviceIds].flat() };
}

/** An entry as the form shows it. */
const formValues = (entry: EntryRow): EntryForm => ({
  question: entry.question,
  answer: entry.answer,
  category: entry.category,
  serviceIds: entry.serviceIds,
  ownerUnitId: entry.ownerUnitId ?? '',
  status: entry.status,
  reviewIntervalMonths: String(entry.reviewIntervalMonths),
});

export function registerKnowledgeBaseRoutes(app: FastifyInstance, { services, now }: RouteContext): void {
  const kb = services.knowledgeBase;
  const staffPath = '/:tenant/handlaggning/fragor-och-svar';
  const ctxOf = (request: FastifyRequest, staff: StaffRequest) =>
    pageContext(request, pageTenant(staff.tenant));
  const baseOf = (staff: StaffRequest) => `/${staff.tenant.slug}/handlaggning/fragor-och-svar`;

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof PublicQuery> }>(
    '/:tenant/fragor-och-svar',
    {
      ...htmlInput({ params: Tenant, querystring: PublicQuery }),
      config: { rateLimit: rateLimited('search') },
    },
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const query = (request.query.q ?? '').trim();
      const slug = request.query.tjanst;
      const live = slug ? await services.catalogue.liveServices(tenant.id) : [];
      const found = live.find((service) => service.slug === slug);
      const service = found && {
        serviceId: found.serviceId,
        slug: found.slug,
        title: found.version.definition.title,
      };
      const name = request.query.kategori?.trim();
      const [hits, categories, serviceEntries, inCategory] = await Promise.all([
        query ? kb.search(tenant.id, query, { serviceId: service?.serviceId }) : undefined,
        kb.categories(tenant.id),
        service ? kb.forService(tenant.id, service.serviceId) : undefined,
        name ? kb.inCategory(tenant.id, name) : undefined,
      ]);
      const category = name && inCategory ? { name, entries: inCategory } : undefined;
      const ctx = pageContext(request, pageTenant(tenant));
      const props = { ctx, tenant, query, hits, service, serviceEntries, categories, category };
      return sendPage(reply, <KnowledgeBasePage {...props} />);
    },
  );

  app.get<{ Params: Static<typeof One> }>(
    '/:tenant/fragor-och-svar/:entryId',
    htmlInput({ params: One }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const { entry, services: linked } = await kb.publishedEntry(tenant.id, request.params.entryId);
      const ctx = pageContext(request, pageTenant(tenant));
      return sendPage(reply, <EntryPage ctx={ctx} tenant={tenant} entry={entry} services={linked} />);
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof StaffQuery> }>(
    staffPath,
    htmlInput({ params: Tenant, querystring: StaffQuery }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const query = (request.query.q ?? '').trim();
      const archived = request.query.arkiverade === 'ja';
      const statuses = archived
        ? (['published', 'draft', 'archived'] as const)
        : (['published', 'draft'] as const);
      const [hits, entries, choices, due] = await Promise.all([
        query ? kb.staffSearch(staff.actor, query) : undefined,
        kb.list(staff.actor, statuses),
        kb.choices(staff.actor),
        kb.dueForReview(staff.actor),
      ]);
      const page = (
        <StaffKnowledgeBase
          ctx={ctxOf(request, staff)}
          actor={staff.actor}
          notice={noticeOf(request)}
          {...{ query, hits, entries, choices, archived }}
          dueCount={due.length}
          mayEdit={kb.may(staff.actor, 'edit')}
          now={now()}
        />
      );
      return sendPage(reply, page);
    },
  );

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffRequest,
    form: { entryId?: string; values: EntryForm; errors?: { field: string; message: string }[] },
  ) {
    if (!kb.may(staff.actor, 'edit'))
      throw new AppError('FORBIDDEN', 'Only administrators and the customer centre');
    const choices = await kb.choices(staff.actor);
    const errors = form.errors ?? [];
    const page = (
      <EntryFormPage
        ctx={ctxOf(request, staff)}
        actor={staff.actor}
        choices={choices}
        {...form}
        errors={errors}
      />
    );
    return sendPage(reply, page, errors.length > 0 ? 400 : 200);
  }

  app.get<{ Params: Static<typeof Tenant> }>(
    `${staffPath}/ny`,
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      return formPage(request, reply, staff, { values: {} });
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof Body> }>(
    `${staffPath}/ny`,
    htmlInput({ params: Tenant, body: Body }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const values = formOf(request.body);
      try {
        const id = await kb.create(staff.actor, values);
        return seeOther(reply, `${baseOf(staff)}/${id}?klart=skapat`);
      } catch (error) {
        return formPage(request, reply, staff, { values, errors: refusedFields(error) });
      }
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Notice> }>(
    `${staffPath}/granska`,
    htmlInput({ params: Tenant, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const [entries, choices] = await Promise.all([kb.dueForReview(staff.actor), kb.choices(staff.actor)]);
      const mayReview = (entry: EntryRow) => kb.may(staff.actor, 'markReviewed', entry);
      const ctx = ctxOf(request, staff);
      const props = { ctx, actor: staff.actor, entries, choices, mayReview, now: now() };
      return sendPage(reply, <DueForReviewPage {...props} notice={noticeOf(request)} />);
    },
  );

  app.get<{ Params: Static<typeof One>; Querystring: Static<typeof Notice> }>(
    `${staffPath}/:entryId`,
    htmlInput({ params: One, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const [{ entry, services: linked }, choices] = await Promise.all([
        kb.entry(staff.actor, request.params.entryId),
        kb.choices(staff.actor),
      ]);
      const page = (
        <StaffEntryPage
          ctx={ctxOf(request, staff)}
          actor={staff.actor}
          notice={noticeOf(request)}
          {...{ entry, choices, services: linked }}
          mayEdit={kb.may(staff.actor, 'edit', entry)}
          mayReview={kb.may(staff.actor, 'markReviewed', entry)}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.get<{ Params: Static<typeof One> }>(
    `${staffPath}/:entryId/andra`,
    htmlInput({ params: One }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { entry } = await kb.entry(staff.actor, request.params.entryId);
      return formPage(request, reply, staff, { entryId: entry.id, values: formValues(entry) });
    },
  );

  app.post<{ Params: Static<typeof One>; Body: Static<typeof Body> }>(
    `${staffPath}/:entryId/andra`,
    htmlInput({ params: One, body: Body }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const entryId = request.params.entryId;
      const values = formOf(request.body);
      try {
        await kb.update(staff.actor, entryId, values);
        return seeOther(reply, `${baseOf(staff)}/${entryId}?klart=andrat`);
      } catch (error) {
        return formPage(request, reply, staff, { entryId, values, errors: refusedFields(error) });
      }
    },
  );

  app.post<{ Params: Static<typeof One>; Body: Static<typeof ReviewedBody> }>(
    `${staffPath}/:entryId/granskad`,
    htmlInput({ params: One, body: ReviewedBody }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const entryId = request.params.entryId;
      await kb.markReviewed(staff.actor, entryId);
      const back = request.body?.tillbaka === 'granska' ? 'granska' : entryId;
      return seeOther(reply, `${baseOf(staff)}/${back}?klart=granskad`);
    },
  );
}
