/**
 * Administration pages (`/{tenant}/handlaggning/admin/…`): units, staff and membership, which unit
 * handles which service, and the audit log with its exports (issue #3). Administrators only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { type Language, localized, translator } from '../../platform/i18n/i18n.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import {
  type AdminBody,
  type AdminFormPath,
  type AdminParams,
  type AdminQuery,
  adminInput,
} from './admin-input.ts';
import { registerJobRoutes } from './jobs-routes.tsx';
import { type AdminMessageKey, adminMessages } from './messages.ts';
import type { AuditSearch, AuditUse } from './service.ts';
import { requireAdmin, requireRecordsReviewer, type StaffRequest } from './staff-http.ts';
import type { RefusedForm } from './views/admin-page.tsx';
import { type AuditNames, auditCsv, auditJson } from './views/audit-format.ts';
import { AuditView } from './views/audit-view.tsx';
import { OrganisationView } from './views/organisation-view.tsx';
import { StaffView } from './views/staff-view.tsx';

type AdminRoute = {
  Params: AdminParams;
  Querystring: Static<typeof AdminQuery>;
  Body: AdminBody;
};
type AdminRequest = FastifyRequest<AdminRoute>;
type Services = RouteServices;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id from the URL, which the route's schema has already checked (web/http/html-input.ts). */
function idParam(value: string | undefined): string {
  if (!value) throw new AppError('NOT_FOUND');
  return value;
}

/** `?klart=…` after a change → the confirmation shown on the page. */
const NOTICES: Record<string, AdminMessageKey> = {
  'enhet-skapad': 'noticeUnitCreated',
  'enhet-namn': 'noticeUnitRenamed',
  'personal-sparad': 'noticeStaffSaved',
  'enheter-sparade': 'noticeUnitsSaved',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function noticeOf(query: Static<typeof AdminQuery>, lang: Language): string | undefined {
  const t = translator(adminMessages, lang);
  if (query.klart === 'flyttad') {
    const count = Number(text(query.antal)) || 0;
    if (count === 0) return t('noticeServiceMovedNone');
    return count === 1 ? t('noticeServiceMovedOne') : t('noticeServiceMoved', { count });
  }
  const key = NOTICES[text(query.klart)];
  return key ? t(key) : undefined;
}

async function liveServiceTitles(services: Services, tenantId: string, lang: Language) {
  const live = await services.catalogue.liveServices(tenantId);
  return live.map((service) => ({
    serviceId: service.serviceId,
    title: localized(service.version.definition.title, lang),
  }));
}

/** Names of the units, staff and services an audit entry's details may mention. */
async function auditNames(services: Services, admin: StaffRequest, lang: Language): Promise<AuditNames> {
  const [organisation, titles] = await Promise.all([
    services.organisation.names(admin.actor),
    liveServiceTitles(services, admin.tenant.id, lang),
  ]);
  return new Map([
    ...organisation.units.map((unit) => [unit.id, unit.name] as const),
    ...organisation.staff.map((member) => [member.id, member.name] as const),
    ...titles.map((service) => [service.serviceId, service.title] as const),
  ]);
}

async function renderOrganisation(
  request: AdminRequest,
  reply: FastifyReply,
  services: Services,
  admin: StaffRequest,
  refused?: RefusedForm,
) {
  const [organisation, titles] = await Promise.all([
    services.organisation.overview(admin.actor),
    liveServiceTitles(services, admin.tenant.id, request.lang),
  ]);
  const ctx = pageContext(request, pageTenant(admin.tenant));
  const notice = refused ? undefined : noticeOf(request.query, request.lang);
  const view = (
    <OrganisationView
      ctx={ctx}
      actor={admin.actor}
      organisation={organisation}
      services={titles}
      notice={notice}
      refused={refused}
    />
  );
  return sendPage(reply, view, refused ? 400 : 200);
}

async function renderStaff(
  request: AdminRequest,
  reply: FastifyReply,
  services: Services,
  admin: StaffRequest,
  refused?: RefusedForm,
) {
  const organisation = await services.organisation.overview(admin.actor);
  const editing = organisation.staff.find((member) => member.id === text(request.query.andra));
  const ctx = pageContext(request, pageTenant(admin.tenant));
  const notice = refused ? undefined : noticeOf(request.query, request.lang);
  const view = (
    <StaffView
      ctx={ctx}
      actor={admin.actor}
      organisation={organisation}
      editing={editing}
      notice={notice}
      refused={refused}
    />
  );
  return sendPage(reply, view, refused ? 400 : 200);
}

/** The search typed into the audit form (`?arende=` or `?personnummer=`). */
function auditSearch(query: Static<typeof AdminQuery>): AuditSearch {
  return { caseReference: query.arende, personalIdentityNumber: query.personnummer };
}

async function renderAudit(
  request: AdminRequest,
  reply: FastifyReply,
  services: Services,
  admin: StaffRequest,
) {
  const ctx = pageContext(request, pageTenant(admin.tenant));
  const searched = request.query.arende !== undefined || request.query.personnummer !== undefined;
  const names = await auditNames(services, admin, request.lang);
  try {
    const result = searched
      ? await services.organisation.auditLog(admin.actor, auditSearch(request.query), 'view')
      : undefined;
    return sendPage(reply, <AuditView ctx={ctx} actor={admin.actor} result={result} names={names} />);
  } catch (error) {
    const errors = refusedFields(error);
    const values = { arende: text(request.query.arende), personnummer: text(request.query.personnummer) };
    const refused = { form: 'audit', errors, values };
    return sendPage(reply, <AuditView ctx={ctx} actor={admin.actor} names={names} refused={refused} />, 400);
  }
}

async function sendAuditExport(
  request: AdminRequest,
  reply: FastifyReply,
  services: Services,
  format: Exclude<AuditUse, 'view'>,
) {
  const admin = await requireRecordsReviewer(request, reply, services);
  if (!admin) return reply;
  const result = await services.organisation.auditLog(admin.actor, auditSearch(request.query), format);
  const name = 'caseReference' in result.query ? `logg-${result.query.caseReference}` : 'logg-person';
  const filename = `${name}.${format}`;
  if (format === 'json') {
    const body = JSON.stringify(auditJson(result.entries, request.lang), null, 2);
    return sendDownload(reply, { filename, contentType: 'application/json; charset=utf-8', body });
  }
  const body = auditCsv(result.entries, await auditNames(services, admin, request.lang), request.lang);
  return sendDownload(reply, { filename, contentType: 'text/csv; charset=utf-8', body });
}

export function registerOrganisationRoutes(app: FastifyInstance, context: RouteContext): void {
  const { services } = context;
  registerJobRoutes(app, context);
  const base = '/:tenant/handlaggning/admin';
  const page = (path: string, render: typeof renderOrganisation) =>
    app.get<AdminRoute>(`${base}${path}`, adminInput.page, async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      return admin ? render(request, reply, services, admin) : reply;
    });

  /**
   * A form post: runs the change and redirects (303) to `done`; a refused form re-renders the page
   * with its errors and what was typed (status 400).
   */
  const form = (
    path: AdminFormPath,
    formName: (request: AdminRequest) => string,
    rerender: typeof renderOrganisation,
    run: (admin: StaffRequest, request: AdminRequest) => Promise<string>,
  ) =>
    app.post<AdminRoute>(`${base}${path}`, adminInput[path], async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      try {
        return seeOther(reply, `/${admin.tenant.slug}/handlaggning/admin${await run(admin, request)}`);
      } catch (error) {
        const errors = refusedFields(error);
        request.query.klart = undefined;
        return rerender(request, reply, services, admin, {
          form: formName(request),
          errors,
          values: typedValues(request.body) as RefusedForm['values'],
        });
      }
    });

  const organisation = services.organisation;
  page('', renderOrganisation);
  page('/personal', renderStaff);
  // The audit log is the data protection officer's to read too (issue #14).
  app.get<AdminRoute>(`${base}/logg`, adminInput.page, async (request, reply) => {
    const reviewer = await requireRecordsReviewer(request, reply, services);
    return reviewer ? renderAudit(request, reply, services, reviewer) : reply;
  });
  app.get<AdminRoute>(`${base}/logg.csv`, adminInput.page, (request, reply) =>
    sendAuditExport(request, reply, services, 'csv'),
  );
  app.get<AdminRoute>(`${base}/logg.json`, adminInput.page, (request, reply) =>
    sendAuditExport(request, reply, services, 'json'),
  );

  form(
    '/enheter',
    () => 'createUnit',
    renderOrganisation,
    async (admin, request) => {
      await organisation.createUnit(admin.actor, request.body?.name);
      return '?klart=enhet-skapad';
    },
  );
  form(
    '/enheter/:unitId',
    (request) => `rename:${request.params.unitId}`,
    renderOrganisation,
    async (admin, request) => {
      await organisation.renameUnit(admin.actor, idParam(request.params.unitId), request.body?.name);
      return '?klart=enhet-namn';
    },
  );
  form(
    '/tjanster/:serviceId',
    (request) => `service:${request.params.serviceId}`,
    renderOrganisation,
    async (admin, request) => {
      const serviceId = idParam(request.params.serviceId);
      // Only the tenant's own services: the id comes from the URL, and handling is keyed by service.
      const live = await services.catalogue.liveServices(admin.tenant.id);
      if (!live.some((service) => service.serviceId === serviceId)) throw new AppError('NOT_FOUND');
      const unitId = text(request.body?.unitId);
      if (!UUID.test(unitId))
        throw new AppError('VALIDATION_FAILED', 'Choose a unit', [
          { field: 'unitId', message: 'unitMissing' },
        ]);
      const moved = await organisation.setServiceUnit(admin.actor, serviceId, unitId);
      return `?klart=flyttad&antal=${moved}`;
    },
  );
  form(
    '/personal',
    () => 'staff',
    renderStaff,
    async (admin, request) => {
      await organisation.saveStaffForm(admin.actor, request.body);
      return '/personal?klart=personal-sparad';
    },
  );
  form(
    '/personal/:staffId/enheter',
    () => 'units',
    renderStaff,
    async (admin, request) => {
      await organisation.setUnitsOfStaff(
        admin.actor,
        idParam(request.params.staffId),
        request.body.unitIds ?? [],
      );
      return '/personal?klart=enheter-sparade';
    },
  );
}
