/**
 * Fault report pages (issue #11): the public list of open reports, the anonymous reporter's
 * follow-up page with its "not fixed" form, and the logged-in reporter's "not fixed" page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { contentSecurityPolicy, ensureSession } from '../../platform/http/request-context.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import { submitRateLimit, withRateLimit } from '../../platform/rate-limit/rate-limit.ts';
import {
  FormText,
  formBody,
  htmlInput,
  jsonInput,
  ReferenceParam,
  SlugParam,
} from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { FaultReportMessageKey } from './messages.ts';
import { registerFaultReportOfficerRoutes } from './officer-routes.tsx';
import type { PublicReport } from './service.ts';
import { FollowPage, NotFixedPage, type NotFixedRefusal } from './views/follow-views.tsx';
import { NEARBY_RADIUS_M, OpenReportsMap } from './views/map-views.tsx';
import { OpenReportsPage, PublicReportPage, publicReportHref } from './views/open-reports-view.tsx';

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

/** The point the resident dropped the pin on, and how far around it to look (metres, default 250). */
const NearbyQuery = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  radie: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000 })),
});
const PublicReportParams = Type.Object({ tenant: SlugParam, reference: ReferenceParam });
const NEARBY_LIMIT = 20;

/** One report as a GeoJSON feature: only the public columns, at its coarse place. */
function feature(tenantSlug: string, report: PublicReport & { distanceMeters?: number }, lang: Language) {
  const place = report.place as { latitude: number; longitude: number };
  return {
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [place.longitude, place.latitude] },
    properties: {
      reference: report.reference,
      category: localized(report.category, lang),
      categoryCode: report.categoryCode,
      status: localized(report.status, lang),
      submittedAt: report.submittedAt.toISOString(),
      updatedAt: report.updatedAt.toISOString(),
      ...(report.distanceMeters === undefined ? {} : { distanceMeters: report.distanceMeters }),
      href: publicReportHref(tenantSlug, report.reference),
    },
  };
}

function sendGeoJson(reply: FastifyReply, features: ReturnType<typeof feature>[]) {
  // Public and changing: browsers may keep it a minute, shared caches not at all (it follows the cookie's language).
  return reply
    .header('cache-control', 'private, max-age=60')
    .type('application/geo+json')
    .send({ type: 'FeatureCollection', features });
}

type FollowRoute = { Params: Static<typeof FollowParams> };
type CommentInput = { Body: Static<typeof CommentBody> };
type CaseRoute = { Params: Static<typeof CaseParams> };

const PAGE_SIZE = 25;

/** The keyset cursor of a `fore` query value (already checked by ListQuery's pattern). */
function cursorOf(fore: string | undefined) {
  const [at, caseId] = fore?.split('_') ?? [];
  return at && caseId ? { submittedAt: new Date(at), caseId } : undefined;
}

/** The list's filter and page as a query string ('' for the first page of all categories). */
function listQuery(category: string | undefined, fore: string | undefined): string {
  const query = new URLSearchParams({
    ...(category ? { kategori: category } : {}),
    ...(fore ? { fore } : {}),
  });
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The refusal of a "not fixed" answer to show at the comment field; rethrows anything else. */
function refusalOf(error: unknown, comment: string | undefined): NotFixedRefusal {
  const [first] = refusedFields(error);
  return { message: (first?.message ?? 'commentMissing') as FaultReportMessageKey, comment: comment ?? '' };
}

/** Where the resident starts a new fault report in a tenant. */
const newReportHref = (tenantSlug: string) => `/${tenantSlug}/e-tjanster/felanmalan`;

export function registerFaultReportRoutes(
  app: FastifyInstance,
  { services, requestContext, config }: RouteContext,
): void {
  const { faultReports } = services;
  const tiles = config.mapTiles;

  app.get<{ Params: Static<typeof TenantParams>; Querystring: Static<typeof ListQuery> }>(
    '/:tenant/felanmalan/oppna',
    htmlInput({ params: TenantParams, querystring: ListQuery }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const category = request.query.kategori || undefined;
      const cursor = cursorOf(request.query.fore);
      if (tiles) reply.header('content-security-policy', contentSecurityPolicy([tiles.origin]));
      const page = await faultReports.openReports(tenant, { category, cursor, limit: PAGE_SIZE });
      const next = page.next
        ? listQuery(category, `${page.next.submittedAt.toISOString()}_${page.next.caseId}`).slice(1)
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
          map={
            tiles && (
              <OpenReportsMap
                lang={request.lang}
                tiles={tiles}
                area={tenant.settings.area?.boundingBox}
                geojsonUrl={`/${tenant.slug}/felanmalan/oppna.geojson${listQuery(category, request.query.fore)}`}
              />
            )
          }
        />,
      );
    },
  );

  app.get<{ Params: Static<typeof TenantParams>; Querystring: Static<typeof ListQuery> }>(
    '/:tenant/felanmalan/oppna.geojson',
    jsonInput({ params: TenantParams, querystring: ListQuery }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const page = await faultReports.openReports(tenant, {
        category: request.query.kategori || undefined,
        cursor: cursorOf(request.query.fore),
        limit: PAGE_SIZE,
      });
      const placed = page.reports.filter((report) => report.place !== null);
      return sendGeoJson(
        reply,
        placed.map((report) => feature(tenant.slug, report, request.lang)),
      );
    },
  );

  app.get<{ Params: Static<typeof TenantParams>; Querystring: Static<typeof NearbyQuery> }>(
    '/:tenant/felanmalan/nara.json',
    jsonInput({ params: TenantParams, querystring: NearbyQuery }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const { lat, lon, radie } = request.query;
      const nearby = await faultReports.nearbyPublicReports(
        tenant,
        lat,
        lon,
        radie ?? NEARBY_RADIUS_M,
        NEARBY_LIMIT,
      );
      return sendGeoJson(
        reply,
        nearby.map((report) => feature(tenant.slug, report, request.lang)),
      );
    },
  );

  app.get<{ Params: Static<typeof PublicReportParams> }>(
    '/:tenant/felanmalan/oppna/:reference',
    htmlInput({ params: PublicReportParams }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const report = await faultReports.publicReport(tenant, request.params.reference);
      return sendPage(
        reply,
        <PublicReportPage
          ctx={pageContext(request, pageTenant(tenant))}
          tenantName={tenant.name}
          report={report}
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
    withRateLimit(htmlInput({ params: FollowParams, body: CommentBody }), submitRateLimit),
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
    withRateLimit(htmlInput({ params: CaseParams, body: CommentBody }), submitRateLimit),
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
