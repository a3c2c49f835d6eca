/**
 * Residents' rights on My Pages (issue #14): the rights page, the data export (JSON and PDF), who
 * read my cases, deleting a draft and the profile (confirmation pages, plain form posts), and the
 * administrators' choice whether residents see officers' names. Thin handlers over the services.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import { SESSION_COOKIE } from '../../platform/sessions/session-service.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import {
  FormText,
  formBody,
  htmlInput,
  IdParam,
  ReferenceParam,
  SlugParam,
} from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin } from '../organisation/staff-http.ts';
import { exportFileName } from './model.ts';
import { AccessLogPage, CaseAccessPage } from './views/access-log-page.tsx';
import { DraftDeletePage, ProfileDeletedPage, ProfileDeletePage } from './views/deletion-pages.tsx';
import { RIGHTS_PATH, RightsPage } from './views/rights-page.tsx';
import { AccessLogSettingsView } from './views/settings-admin.tsx';

const CaseParams = Type.Object({ reference: ReferenceParam });
const DraftParams = Type.Object({ draftId: IdParam });
const Tenant = Type.Object({ tenant: SlugParam });
const Saved = Type.Object({ klart: Type.Optional(Type.String({ maxLength: 20 })) });
const SettingBody = formBody({ showNames: FormText });
const NoBody = formBody({});

const input = {
  plain: htmlInput({}),
  case: htmlInput({ params: CaseParams }),
  draft: htmlInput({ params: DraftParams }),
  draftPost: htmlInput({ params: DraftParams, body: NoBody }),
  post: htmlInput({ body: NoBody }),
  settings: htmlInput({ params: Tenant, querystring: Saved }),
  settingsPost: htmlInput({ params: Tenant, body: SettingBody }),
};

/** Registers the resident's rights pages and the administrators' setting. */
export function registerDataRightsRoutes(app: FastifyInstance, context: RouteContext): void {
  const rights = context.services.dataRights;

  app.get(RIGHTS_PATH, input.plain, async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    return sendPage(reply, <RightsPage ctx={pageContext(request)} acting={Boolean(request.actingFor)} />);
  });

  // The rights are the logged-in person's own, even while acting for someone (decision 0032).
  const exportRoute = (format: 'json' | 'pdf') => async (request: FastifyRequest, reply: FastifyReply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const data = await rights.exportFor(personId, request.lang, format);
    if (format === 'pdf') {
      // pdfkit and its fonts load on the first PDF, not with every process.
      const { exportPdf } = await import('./export-pdf.ts');
      return sendDownload(reply, exportPdf(data));
    }
    const filename = exportFileName(new Date(data.generatedAt), 'json');
    const body = `${JSON.stringify(data, null, 2)}\n`;
    return sendDownload(reply, { filename, contentType: 'application/json; charset=utf-8', body });
  };
  app.get(`${RIGHTS_PATH}/mina-uppgifter.json`, input.plain, exportRoute('json'));
  app.get(`${RIGHTS_PATH}/mina-uppgifter.pdf`, input.plain, exportRoute('pdf'));

  app.get(`${RIGHTS_PATH}/vem-har-last`, input.plain, async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const log = await rights.accessLogOf(personId);
    return sendPage(reply, <AccessLogPage ctx={pageContext(request)} log={log} />);
  });

  app.get<{ Params: Static<typeof CaseParams> }>(
    '/mina-sidor/arenden/:reference/vem-har-last',
    input.case,
    async (request, reply) => {
      const personId = personOrLogin(request, reply);
      if (!personId) return reply;
      const item = await rights.accessLogOfCase(personId, request.params.reference);
      return sendPage(reply, <CaseAccessPage ctx={pageContext(request)} item={item} />);
    },
  );

  registerDeletionRoutes(app, context);
  registerSettingRoutes(app, context.services);
}

function registerDeletionRoutes(app: FastifyInstance, { services, requestContext }: RouteContext): void {
  const draftPath = '/mina-sidor/utkast/:draftId/ta-bort';
  app.get<{ Params: Static<typeof DraftParams> }>(draftPath, input.draft, async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    const { draft, version, tenant } = await services.applications.load(
      applicantOf(request),
      request.params.draftId,
    );
    if (draft.status !== 'open') throw new AppError('DRAFT_NOT_FOUND');
    const page = (
      <DraftDeletePage
        ctx={pageContext(request)}
        draftId={draft.id}
        service={localized(version.definition.title, request.lang)}
        municipality={tenant.name}
        savedAt={new Date(draft.updatedAt)}
      />
    );
    return sendPage(reply, page);
  });

  app.post<{ Params: Static<typeof DraftParams> }>(draftPath, input.draftPost, async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    await services.applications.deleteDraft(applicantOf(request), request.params.draftId);
    return seeOther(reply, '/mina-sidor?borttaget=1');
  });

  const profilePath = `${RIGHTS_PATH}/ta-bort-profil`;
  app.get(profilePath, input.plain, async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const blockers = await services.dataRights.deletionBlockersOf(personId);
    return sendPage(reply, <ProfileDeletePage ctx={pageContext(request)} blockers={blockers} />);
  });

  app.post(profilePath, input.post, async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const result = await services.dataRights.deleteProfile(personId);
    if (!result.deleted)
      return sendPage(
        reply,
        <ProfileDeletePage ctx={pageContext(request)} blockers={result.blockers} />,
        409,
      );
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: requestContext.cookieSecure,
    });
    return seeOther(reply, '/mina-sidor/profil-borttagen');
  });

  // No login here: the person and every session of theirs are gone.
  app.get('/mina-sidor/profil-borttagen', input.plain, async (request, reply) =>
    sendPage(reply, <ProfileDeletedPage ctx={pageContext(request)} />),
  );
}

function registerSettingRoutes(app: FastifyInstance, services: RouteContext['services']): void {
  const path = '/:tenant/handlaggning/admin/invanarlogg';
  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Saved> }>(
    path,
    input.settings,
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const show = await services.dataRights.showsOfficerNames(staff.actor);
      const ctx = pageContext(request, pageTenant(staff.tenant));
      const notice = request.query.klart === 'sparat';
      return sendPage(
        reply,
        <AccessLogSettingsView ctx={ctx} actor={staff.actor} show={show} notice={notice} />,
      );
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof SettingBody> }>(
    path,
    input.settingsPost,
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      try {
        await services.dataRights.saveShowOfficerNames(staff.actor, request.body.showNames);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const ctx = pageContext(request, pageTenant(staff.tenant));
        const page = <AccessLogSettingsView ctx={ctx} actor={staff.actor} show={undefined} error />;
        return sendPage(reply, page, 400);
      }
      return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/invanarlogg?klart=sparat`);
    },
  );
}
