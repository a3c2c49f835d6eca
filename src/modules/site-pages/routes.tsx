/**
 * The pages every municipality has (issue #13): `/{tenant}/kontakt`, `/{tenant}/hjalp` and
 * `/{tenant}/tillganglighet`; the same paths without a municipality (`/hjalp`, the footer's links on
 * pages that belong to none) lead to the one municipality's page or let the resident choose; and the
 * administrators' contact details form
 * `/{tenant}/handlaggning/admin/kontakt` (administrators only; the change is audited).
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { FormText, formBody, htmlInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireAdmin } from '../organisation/staff-http.ts';
import { sitePagesMessages } from './messages.ts';
import { onlyMunicipalityPage } from './model.ts';
import { ContactAdminView } from './views/contact-admin.tsx';
import { AccessibilityPage, ChooseMunicipalityPage, ContactPage, HelpPage } from './views/site-views.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const Notice = Type.Object({ klart: Type.Optional(Type.String({ maxLength: 20 })) });
const ContactBody = formBody({
  phone: FormText,
  email: FormText,
  address: FormText,
  visitingAddress: FormText,
  openingHours: FormText,
});

const PAGES = [
  ['kontakt', ContactPage, 'contactTitle'],
  ['hjalp', HelpPage, 'helpTitle'],
  ['tillganglighet', AccessibilityPage, 'a11yTitle'],
] as const;

export function registerSitePageRoutes(app: FastifyInstance, { services }: RouteContext): void {
  for (const [path, , title] of PAGES)
    app.get(`/${path}`, async (request, reply) => {
      const tenants = await services.tenants.list();
      const only = onlyMunicipalityPage(
        tenants.map((tenant) => tenant.slug),
        path,
      );
      if (only) return seeOther(reply, only);
      return sendPage(
        reply,
        <ChooseMunicipalityPage ctx={pageContext(request)} title={title} page={path} tenants={tenants} />,
      );
    });

  for (const [path, Page] of PAGES)
    app.get<{ Params: Static<typeof Tenant> }>(
      `/:tenant/${path}`,
      htmlInput({ params: Tenant }),
      async (request, reply) => {
        const tenant = await services.tenants.bySlug(request.params.tenant);
        const ctx = pageContext(request, pageTenant(tenant));
        return sendPage(reply, <Page ctx={ctx} contact={tenant.settings.contact} />);
      },
    );

  const admin = '/:tenant/handlaggning/admin/kontakt';
  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Notice> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Notice }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const values = await services.sitePages.contact(staff.actor);
      const notice =
        request.query.klart === 'sparat' ? translator(sitePagesMessages, request.lang)('saved') : undefined;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <ContactAdminView ctx={ctx} actor={staff.actor} values={values} errors={[]} notice={notice} />,
      );
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof ContactBody> }>(
    admin,
    htmlInput({ params: Tenant, body: ContactBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      try {
        await services.sitePages.saveContact(staff.actor, values);
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/kontakt?klart=sparat`);
      } catch (error) {
        const errors = refusedFields(error);
        const ctx = pageContext(request, pageTenant(staff.tenant));
        return sendPage(
          reply,
          <ContactAdminView ctx={ctx} actor={staff.actor} values={values} errors={errors} />,
          400,
        );
      }
    },
  );
}
