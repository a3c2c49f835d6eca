/**
 * Privacy routes (issue #14, docs/privacy.md): the public privacy notice of each e-service,
 * `/{tenant}/e-tjanster/{service}/personuppgifter`, and for administrators and the data protection
 * officer the record of processing and the data inventory (HTML and CSV) and the officer's contact
 * form under `/{tenant}/handlaggning/dataskydd`. Anonymous visitors of those go to the staff login;
 * other staff get 403, as on the administration pages.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import { FormText, formBody, htmlInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireStaff } from '../organisation/staff-http.ts';
import { inventoryCsv, recordCsv } from './csv-model.ts';
import { privacyMessages } from './messages.ts';
import { DpoContactView } from './views/dpo-contact-view.tsx';
import { InventoryView } from './views/inventory-view.tsx';
import { NoticePage } from './views/notice-page.tsx';
import { RecordView } from './views/record-view.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const ServiceParams = Type.Object({ tenant: SlugParam, service: SlugParam });
const Notice = Type.Object({ klart: Type.Optional(Type.String({ maxLength: 20 })) });
const DpoBody = formBody({ email: FormText, phone: FormText, address: FormText });
type TenantRoute = { Params: Static<typeof Tenant> };

const CSV = 'text/csv; charset=utf-8';

export function registerPrivacyRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/:tenant/e-tjanster/:service/personuppgifter',
    htmlInput({ params: ServiceParams }),
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const notice = await services.privacy.notice(tenant, request.params.service);
      return sendPage(reply, <NoticePage ctx={pageContext(request, pageTenant(tenant))} notice={notice} />);
    },
  );

  const base = '/:tenant/handlaggning/dataskydd';
  const pages = [
    ['', RecordView],
    ['/datainventering', InventoryView],
  ] as const;
  for (const [path, View] of pages)
    app.get<TenantRoute>(`${base}${path}`, htmlInput({ params: Tenant }), async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const record = await services.privacy.record(staff.actor);
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(reply, <View ctx={ctx} actor={staff.actor} record={record} />);
    });

  const files = [
    ['/registerforteckning.csv', recordCsv],
    ['/datainventering.csv', inventoryCsv],
  ] as const;
  for (const [path, toCsv] of files)
    app.get<TenantRoute>(`${base}${path}`, htmlInput({ params: Tenant }), async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const body = toCsv(await services.privacy.record(staff.actor), request.lang);
      return sendDownload(reply, {
        filename: `${staff.tenant.slug}-${path.slice(1)}`,
        contentType: CSV,
        body,
      });
    });

  registerDpoContactRoutes(app, services, `${base}/dataskyddsombud`);
}

function registerDpoContactRoutes(app: FastifyInstance, services: RouteContext['services'], path: string) {
  app.get<TenantRoute & { Querystring: Static<typeof Notice> }>(
    path,
    htmlInput({ params: Tenant, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const values = (await services.privacy.dpoContact(staff.actor)) ?? {};
      const notice =
        request.query.klart === 'sparat' ? translator(privacyMessages, request.lang)('saved') : undefined;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <DpoContactView ctx={ctx} actor={staff.actor} values={values} errors={[]} notice={notice} />,
      );
    },
  );

  app.post<TenantRoute & { Body: Static<typeof DpoBody> }>(
    path,
    htmlInput({ params: Tenant, body: DpoBody }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      try {
        await services.privacy.saveDpoContact(staff.actor, values);
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/dataskydd/dataskyddsombud?klart=sparat`);
      } catch (error) {
        const errors = refusedFields(error);
        const ctx = pageContext(request, pageTenant(staff.tenant));
        return sendPage(
          reply,
          <DpoContactView ctx={ctx} actor={staff.actor} values={values} errors={errors} />,
          400,
        );
      }
    },
  );
}
