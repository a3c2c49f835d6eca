/**
 * Open data over HTTP (issue #12, docs/open-data.md): the public page `/{tenant}/oppna-data`, each
 * published dataset as `/{tenant}/oppna-data/{id}.csv` and `.json`, the DCAT-AP-SE catalogue as
 * `catalog.jsonld` and `catalog.ttl`, and the administrators' settings page. A dataset's IRI in the
 * catalogue (`/{tenant}/oppna-data/{id}`) redirects to its section of the page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { FormList, FormText, formBody, htmlInput, jsonInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin } from '../organisation/staff-http.ts';
import { toJsonLd, toTurtle } from './catalogue-format.ts';
import { chartSummary } from './chart-model.ts';
import { toCsv } from './format-model.ts';
import { openDataMessages } from './messages.ts';
import { CC0 } from './model.ts';
import { OpenDataAdminView, type SettingsValues } from './views/admin-view.tsx';
import { barChartSvg, loadBarChartRenderer } from './views/dataset-chart.ts';
import { OpenDataPage, type ShownDataset } from './views/open-data-page.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const File = Type.Object({
  tenant: SlugParam,
  file: Type.String({ pattern: '^[a-z0-9-]{1,60}(\\.(csv|json))?$' }),
});
const Query = Type.Object({ klart: Type.Optional(Type.String()) });
const SettingsBody = formBody({
  datasets: FormList,
  publisherUri: FormText,
  organisationNumber: FormText,
  contactName: FormText,
  contactEmail: FormText,
});

/** Published data may be cached briefly by browsers and harvesters. */
const cacheFor = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=300');

export function registerOpenDataRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const openData = services.openData;
  const admin = '/:tenant/handlaggning/admin/oppna-data';

  app.get<{ Params: Static<typeof Tenant> }>(
    '/:tenant/oppna-data',
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const publication = await openData.publication(tenant);
      const ids = publication?.settings.datasets ?? [];
      if (ids.length > 0) await loadBarChartRenderer();
      const tr = translator(openDataMessages, request.lang);
      const format = (value: number) => value.toLocaleString(request.lang === 'sv' ? 'sv-SE' : 'en-GB');
      const datasets: ShownDataset[] = [];
      for (const id of ids) {
        const { table } = await openData.dataset(tenant, id);
        const summary = chartSummary(id, table, request.lang);
        const bars = summary.rows.map((row) => ({
          label: row.label,
          value: typeof row.cell.value === 'number' ? row.cell.value : null,
        }));
        const drawn = bars.some((bar) => bar.value !== null);
        const svg = drawn ? barChartSvg(bars, tr(summary.title, summary.params), format) : undefined;
        datasets.push({ id, summary, svg });
      }
      const ctx = pageContext(request, pageTenant(tenant));
      const licence = publication?.settings.licenceUri ?? CC0;
      return sendPage(reply, <OpenDataPage ctx={ctx} datasets={datasets} licence={licence} />);
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    '/:tenant/oppna-data/catalog.jsonld',
    jsonInput({ params: Tenant }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const document = await toJsonLd(await openData.catalogue(tenant));
      return cacheFor(reply)
        .type('application/ld+json; charset=utf-8')
        .send(JSON.stringify(document, null, 2));
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    '/:tenant/oppna-data/catalog.ttl',
    jsonInput({ params: Tenant }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const turtle = await toTurtle(await openData.catalogue(tenant));
      return cacheFor(reply).type('text/turtle; charset=utf-8').send(turtle);
    },
  );

  app.get<{ Params: Static<typeof File> }>(
    '/:tenant/oppna-data/:file',
    jsonInput({ params: File }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const [id = '', extension] = request.params.file.split('.');
      if (!extension) {
        await openData.dataset(tenant, id); // NOT_FOUND unless published
        return seeOther(reply, `/${tenant.slug}/oppna-data#${id}`);
      }
      const csv = extension === 'csv';
      const body = csv
        ? toCsv((await openData.dataset(tenant, id)).table)
        : await openData.datasetJson(tenant, id);
      cacheFor(reply).header('content-disposition', `inline; filename="${tenant.slug}-${id}.${extension}"`);
      return reply
        .type(csv ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
        .send(body);
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Query> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const saved = await openData.settings(staff.actor);
      const values: SettingsValues = saved
        ? { ...saved.settings }
        : { datasets: [], publisherUri: '', organisationNumber: '', contactName: '', contactEmail: '' };
      const notice =
        request.query.klart === 'sparat' ? translator(openDataMessages, request.lang)('saved') : undefined;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <OpenDataAdminView ctx={ctx} actor={staff.actor} values={values} errors={[]} notice={notice} />,
      );
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof SettingsBody> }>(
    admin,
    htmlInput({ params: Tenant, body: SettingsBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const body = request.body ?? {};
      const values: SettingsValues = {
        datasets: body.datasets === undefined ? [] : [body.datasets].flat(),
        publisherUri: body.publisherUri ?? '',
        organisationNumber: body.organisationNumber ?? '',
        contactName: body.contactName ?? '',
        contactEmail: body.contactEmail ?? '',
      };
      try {
        await openData.saveSettings(staff.actor, values);
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/oppna-data?klart=sparat`);
      } catch (error) {
        const errors = refusedFields(error);
        const ctx = pageContext(request, pageTenant(staff.tenant));
        return sendPage(
          reply,
          <OpenDataAdminView ctx={ctx} actor={staff.actor} values={values} errors={errors} />,
          400,
        );
      }
    },
  );
}
