/**
 * Decision rules pages (`/{tenant}/handlaggning/admin/regler/…`, issue #10): the overview, a
 * version's model (download, tables, "Prova"), uploading a new model, simulation and publishing.
 * Administrators of the tenant only, like the other administration pages.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import { AnswersBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin } from '../organisation/staff-http.ts';
import { rulesMessages } from './messages.ts';
import { readModelUpload } from './upload.ts';
import { RulesListView } from './views/rules-list-view.tsx';
import { SimulationView } from './views/simulation-view.tsx';
import { UploadView } from './views/upload-view.tsx';
import { VersionView } from './views/version-view.tsx';

const TenantParams = Type.Object({ tenant: SlugParam });
const ServiceParams = Type.Object({ tenant: SlugParam, service: SlugParam });
const VersionParams = Type.Object({ tenant: SlugParam, service: SlugParam, versionId: IdParam });
const VersionQuery = Type.Object({
  klart: Type.Optional(Type.String({ maxLength: 40 })),
  version: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
});
const SimulationQuery = Type.Object({ sida: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })) });

type ServiceRoute = { Params: Static<typeof ServiceParams> };
type VersionRoute = { Params: Static<typeof VersionParams>; Querystring: Static<typeof VersionQuery> };
type TryRoute = { Params: Static<typeof VersionParams>; Body: Static<typeof AnswersBody> };
type SimulationRoute = { Params: Static<typeof VersionParams>; Querystring: Static<typeof SimulationQuery> };

/** Changes listed per page of a simulation. */
export const SIMULATION_PAGE_SIZE = 50;

export function registerRulesAdminRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const base = '/:tenant/handlaggning/admin/regler';
  const rules = services.rulesAdmin;
  const versionUrl = (tenant: string, service: string, versionId: string) =>
    `/${tenant}/handlaggning/admin/regler/${service}/versioner/${versionId}`;

  app.get<{ Params: Static<typeof TenantParams> }>(
    base,
    htmlInput({ params: TenantParams }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const list = await rules.overview(admin.actor);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      return sendPage(reply, <RulesListView ctx={ctx} actor={admin.actor} services={list} />);
    },
  );

  app.get<ServiceRoute>(
    `${base}/:service/ny-modell`,
    htmlInput({ params: ServiceParams }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const service = await rules.service(admin.actor, request.params.service);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      return sendPage(reply, <UploadView ctx={ctx} actor={admin.actor} service={service} />);
    },
  );

  app.post<ServiceRoute>(
    `${base}/:service/ny-modell`,
    htmlInput({ params: ServiceParams, multipart: true }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const file = await readModelUpload(request);
      const result = await rules.upload(admin.actor, request.params.service, file);
      if (result.ok) {
        const url = versionUrl(admin.tenant.slug, request.params.service, result.versionId);
        return seeOther(reply, `${url}?klart=uppladdad&version=${result.version}`);
      }
      const service = await rules.service(admin.actor, request.params.service);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      const view = <UploadView ctx={ctx} actor={admin.actor} service={service} problems={result.problems} />;
      return sendPage(reply, view, 400);
    },
  );

  app.get<VersionRoute>(
    `${base}/:service/versioner/:versionId`,
    htmlInput({ params: VersionParams, querystring: VersionQuery }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const { service, versionId } = request.params;
      const details = await rules.version(admin.actor, service, versionId);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      const t = translator(rulesMessages, request.lang);
      const { klart } = request.query;
      const notice =
        klart === 'uppladdad'
          ? t('noticeUploaded', { version: request.query.version ?? details.version.version })
          : klart === 'publicerad'
            ? t('noticePublished', { version: details.version.version })
            : undefined;
      return sendPage(reply, <VersionView ctx={ctx} actor={admin.actor} details={details} notice={notice} />);
    },
  );

  app.get<VersionRoute>(
    `${base}/:service/versioner/:versionId/modell.dmn`,
    htmlInput({ params: VersionParams }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const { service, versionId } = request.params;
      const file = await rules.modelFile(admin.actor, service, versionId);
      const contentType = 'application/xml; charset=utf-8';
      return sendDownload(reply, { filename: file.filename, contentType, body: file.xml });
    },
  );

  app.post<TryRoute>(
    `${base}/:service/versioner/:versionId/prova`,
    htmlInput({ params: VersionParams, body: AnswersBody }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const { service, versionId } = request.params;
      const result = await rules.tryModel(admin.actor, service, versionId, request.body ?? {});
      const details = await rules.version(admin.actor, service, versionId);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      const view = <VersionView ctx={ctx} actor={admin.actor} details={details} result={result} />;
      return sendPage(reply, view, result.input.errors.length > 0 ? 400 : 200);
    },
  );

  app.get<SimulationRoute>(
    `${base}/:service/versioner/:versionId/simulering`,
    htmlInput({ params: VersionParams, querystring: SimulationQuery }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const { service, versionId } = request.params;
      const page = { page: Number(request.query.sida ?? 1), pageSize: SIMULATION_PAGE_SIZE };
      const report = await rules.simulate(admin.actor, service, versionId, page);
      const details = await rules.version(admin.actor, service, versionId);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      return sendPage(
        reply,
        <SimulationView ctx={ctx} actor={admin.actor} details={details} report={report} />,
      );
    },
  );

  app.post<VersionRoute>(
    `${base}/:service/versioner/:versionId/publicera`,
    htmlInput({ params: VersionParams }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const { service, versionId } = request.params;
      await rules.publish(admin.actor, service, versionId);
      return seeOther(reply, `${versionUrl(admin.tenant.slug, service, versionId)}?klart=publicerad`);
    },
  );
}
