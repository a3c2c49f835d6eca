/**
 * Fault report pages (issue #11): the public list of open reports, the anonymous reporter's
 * follow-up page with its "not fixed" form, and the logged-in reporter's "not fixed" page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { ensureSession } from '../../platform/http/request-context.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { FormText, formBody, htmlInput, ReferenceParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { FaultReportMessageKey } from './messages.ts';
import { registerFaultReportOfficerRoutes } from './officer-routes.tsx';
import { FollowPage, NotFixedPage, type NotFixedRefusal } from './views/follow-views.tsx';
import { OpenReportsPage } from './views/open-reports-view.tsx';

/** A follow-up token: 32 random bytes in base64url (43 characters); anything else is not found. */
const TokenParam = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });
const FollowParams = Type.Object({ tenant: SlugParam, token: TokenParam });
const TenantParams = Type.Object({ tenant: SlugParam });
const CaseParams = Type.Object({ reference: ReferenceParam });
const CommentBody = formBody({ comment: FormText });
/** `fore`: the keyset cursor of the next page, `<ISO time>_<case id>`. */
const ListQuery = Type.Object({
  kategori: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{0,100}$' })),
  fore: Type.Optional(
    Type.String({
      pattern:
        '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    }),
  ),
});

type FollowRoute = { Params: Static<typeof FollowParams> };
type CommentInput = { Body: Static<typeof CommentBody> };
type CaseRoute = { Params: Static<typeof CaseParams> };

const PAGE_SIZE = 25;

/** The refusal of a "not fixed" answer to show at the comment field; rethrows anything else. */
function refusalOf(error: unknown, comment: string | undefined): NotFixedRefusal {
  const [first] = refusedFields(error);
  return { message: (first?.message ?? 'commentMissing') as FaultReportMessageKey, comment: comment ?? '' };
}

/** Where the resident starts a new fault report in a tenant. */
const newReportHref = (tenantSlug: string) => `/${tenantSlug}/e-tjanster/felanmalan`;

export function registerFaultReportRoutes(
  app: FastifyInstance,
  { services, requestContext }: RouteContext,
): void {
  const { faultReports } = services;

  app.get<{ Params: Static<typeof TenantParams>; Querystring: Static<typeof ListQuery> }>(
    '/:tenant/felanmalan/oppna',
    htmlInput({ params: TenantParams, querystring: ListQuery }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const category = request.query.kategori || undefined;
      const [at, caseId] = request.query.fore?.split('_') ?? [];
      const cursor = at && caseId ? { submittedAt: new Date(at), caseId } : undefined;
      const page = await faultReports.openReports(tenant, { category, cursor, limit: PAGE_SIZE });
      const next = page.next
        ? new URLSearchParams({
            ...(category ? { kategori: category } : {}),
            fore: `${page.next.submittedAt.toISOString()}_${page.next.caseId}`,
          }).toString()
        : undefined;
      return sendPage(
        reply,
        <OpenReportsPage
          ctx={pageContext(request, pageTenant(tenant))}
          tenantName={tenant.name}
          categories={page.categories}
          category={category}
          page={page}
          nextQuery={next}
          later={Boolean(cursor)}
          reportHref={newReportHref(tenant.slug)}
        />,
      );
    },
  );

  const renderFollow = async (
    request: FastifyRequest<FollowRoute>,
    reply: FastifyReply,
    refusal?: NotFixedRefusal,
  ) => {
    const tenant = await services.tenants.bySlug(request.params.tenant);
    const report = await faultReports.reportByToken(tenant, request.params.token);
    // The "not fixed" form posts with the session's CSRF token: a visitor from a mailed link has none yet.
    await ensureSession(request, reply, requestContext);
    const base = `/${tenant.slug}/felanmalan/folj/${request.params.token}`;
    return sendPage(
      reply,
      <FollowPage
        ctx={pageContext(request, pageTenant(tenant))}
        report={report}
        action={`${base}/inte-atgardat`}
        newReportHref={newReportHref(tenant.slug)}
        refusal={refusal}
      />,
      refusal ? 400 : 200,
    );
  };

  app.get<FollowRoute>(
    '/:tenant/felanmalan/folj/:token',
    htmlInput({ params: FollowParams }),
    (request, reply) => renderFollow(request, reply),
  );

  app.post<FollowRoute & CommentInput>(
    '/:tenant/felanmalan/folj/:token/inte-atgardat',
    htmlInput({ params: FollowParams, body: CommentBody }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const comment = request.body.comment ?? '';
      try {
        await faultReports.notFixedByToken(tenant, request.params.token, comment);
      } catch (error) {
        return renderFollow(request, reply, refusalOf(error, comment));
      }
      return seeOther(reply, `/${tenant.slug}/felanmalan/folj/${request.params.token}`);
    },
  );

  registerResidentNotFixed(app, services);
  registerFaultReportOfficerRoutes(app, services);
}

/** The logged-in reporter's "not fixed" page (the form is also on My Pages' case page). */
function registerResidentNotFixed(app: FastifyInstance, services: RouteContext['services']): void {
  const { faultReports } = services;
  const pageOf = async (request: FastifyRequest<CaseRoute>, refusal?: NotFixedRefusal) => {
    const reference = request.params.reference;
    const report = await faultReports.reportForResident(applicantOf(request), reference);
    if (!report) throw new AppError('NOT_FOUND');
    const tenant = await services.tenants.bySlug(report.tenantSlug);
    const caseHref = `/mina-sidor/arenden/${reference}`;
    return (
      <NotFixedPage
        ctx={pageContext(request, pageTenant(tenant))}
        report={report}
        action={`${caseHref}/inte-atgardat`}
        caseHref={caseHref}
        newReportHref={newReportHref(tenant.slug)}
        refusal={refusal}
      />
    );
  };

  app.get<CaseRoute>(
    '/mina-sidor/arenden/:reference/inte-atgardat',
    htmlInput({ params: CaseParams }),
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      return sendPage(reply, await pageOf(request));
    },
  );

  app.post<CaseRoute & CommentInput>(
    '/mina-sidor/arenden/:reference/inte-atgardat',
    htmlInput({ params: CaseParams, body: CommentBody }),
    async (request, reply) => {
      if (!personOrLogin(request, reply, `/mina-sidor/arenden/${request.params.reference}`)) return reply;
      const actor = applicantOf(request);
      const name = [actor.givenName, actor.familyName].filter(Boolean).join(' ');
      const comment = request.body.comment ?? '';
      try {
        await faultReports.notFixedByResident({ ...actor, name }, request.params.reference, comment);
      } catch (error) {
        return sendPage(reply, await pageOf(request, refusalOf(error, comment)), 400);
      }
      return seeOther(reply, `/mina-sidor/arenden/${request.params.reference}`);
    },
  );
}
