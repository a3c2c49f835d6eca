/** Resident-facing catalogue pages: municipalities, tenant home (with the search box), life event, service start. */
import type { ComponentChildren } from 'preact';
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import type { LifeEvent, Tenant } from '../../../platform/tenancy/tenant-service.ts';
import { PostForm, withContactLinks } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { catalogueMessages } from '../messages.ts';
import type { LiveService } from '../model.ts';

function ServiceList({
  services,
  ctx,
  tenantSlug,
}: {
  services: LiveService[];
  ctx: PageContext;
  tenantSlug: string;
}) {
  const t = translator(catalogueMessages, ctx.lang);
  if (services.length === 0) return <p>{t('noServices')}</p>;
  return (
    <ul class="card-list">
      {services.map((service) => (
        <li class="card" key={service.serviceId}>
          <h3>
            <a href={`/${tenantSlug}/e-tjanster/${service.slug}`}>
              {localized(service.version.definition.title, ctx.lang)}
            </a>
          </h3>
          <p>{localized(service.version.definition.summary, ctx.lang)}</p>
        </li>
      ))}
    </ul>
  );
}

function SearchForm({ ctx, tenantSlug, query }: { ctx: PageContext; tenantSlug: string; query?: string }) {
  const t = translator(catalogueMessages, ctx.lang);
  return (
    <search>
      <form class="search-form" method="get" action={`/${tenantSlug}/sok`}>
        <div class="field">
          <label for="q">{t('searchLabel')}</label>
          <p class="hint" id="q-hint">
            {t('searchHint')}
          </p>
          <input type="search" id="q" name="q" value={query ?? ''} aria-describedby="q-hint" />
        </div>
        <button type="submit" class="button">
          {t('searchButton')}
        </button>
      </form>
    </search>
  );
}

/** `/`: the municipalities on this installation. */
export function InstallationHome({ ctx, tenants }: { ctx: PageContext; tenants: Tenant[] }) {
  const t = translator(catalogueMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('installationTitle')}>
      <h1>{t('installationTitle')}</h1>
      <p class="lead">{t('installationIntro')}</p>
      <ul class="card-list">
        {tenants.map((tenant) => (
          <li class="card" key={tenant.id}>
            <h2>
              <a href={`/${tenant.slug}/`}>{tenant.name}</a>
            </h2>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface TenantHomeProps {
  ctx: PageContext;
  tenant: Tenant;
  lifeEvents: LifeEvent[];
  services: LiveService[];
}

/** `/{tenant}/`: life events, search and every service. */
export function TenantHome({ ctx, tenant, lifeEvents, services }: TenantHomeProps) {
  const t = translator(catalogueMessages, ctx.lang);
  const used = lifeEvents.filter((event) =>
    services.some((s) => s.version.definition.lifeEvents.includes(event.slug)),
  );
  return (
    <Layout ctx={ctx} title={t('homeTitle', { tenant: tenant.name })}>
      <h1>{t('homeTitle', { tenant: tenant.name })}</h1>
      <p class="lead">{t('homeIntro')}</p>
      <SearchForm ctx={ctx} tenantSlug={tenant.slug} />
      <h2>{t('lifeEventsTitle')}</h2>
      <ul class="card-list">
        {used.map((event) => (
          <li class="card" key={event.id}>
            <h3>
              <a href={`/${tenant.slug}/livshandelser/${event.slug}`}>{localized(event.title, ctx.lang)}</a>
            </h3>
            <p>{localized(event.description, ctx.lang)}</p>
          </li>
        ))}
      </ul>
      <h2>{t('allServicesTitle')}</h2>
      <ServiceList services={services} ctx={ctx} tenantSlug={tenant.slug} />
    </Layout>
  );
}

/** `/{tenant}/livshandelser/{event}`. */
export function LifeEventPage(props: {
  ctx: PageContext;
  tenant: Tenant;
  lifeEvent: LifeEvent;
  services: LiveService[];
}) {
  const { ctx, tenant, lifeEvent, services } = props;
  const t = translator(catalogueMessages, ctx.lang);
  const title = localized(lifeEvent.title, ctx.lang);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{localized(lifeEvent.description, ctx.lang)}</p>
      <h2>{t('lifeEventServices')}</h2>
      <ServiceList services={services} ctx={ctx} tenantSlug={tenant.slug} />
    </Layout>
  );
}

/** `/{tenant}/e-tjanster/{service}`: what it is for, what you need, how long, login. */
export function ServiceStartPage({
  ctx,
  tenant,
  service,
  help,
}: {
  ctx: PageContext;
  tenant: Tenant;
  service: LiveService;
  /** Another module's section (the knowledge base's answers about the service, issue #13). */
  help?: ComponentChildren;
}) {
  const t = translator(catalogueMessages, ctx.lang);
  const definition = service.version.definition;
  const title = localized(definition.title, ctx.lang);
  const loginText = { none: t('loginNone'), loa2: t('loginLoa2'), loa3: t('loginLoa3') }[
    definition.login.required ? definition.login.minimumLevel : 'none'
  ];
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{localized(definition.summary, ctx.lang)}</p>
      <p>{localized(definition.description, ctx.lang)}</p>
      <h2>{t('youNeed')}</h2>
      <ul>
        {definition.youNeed.map((item) => (
          <li key={item.sv}>{localized(item, ctx.lang)}</li>
        ))}
      </ul>
      <h2>{t('duration')}</h2>
      <p>{localized(definition.duration, ctx.lang)}</p>
      <h2>{t('login')}</h2>
      <p>{loginText}</p>
      <h2>{t('privacyTitle')}</h2>
      <p>
        <a href={`/${tenant.slug}/e-tjanster/${service.slug}/personuppgifter`}>{t('privacyLink')}</a>
      </p>
      <PostForm action={`/${tenant.slug}/e-tjanster/${service.slug}/starta`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button">
          {t('startButton')}
        </button>
      </PostForm>
      {help}
      <h2>{t('contactTitle')}</h2>
      <p>{withContactLinks(t('contactText'), tenant.settings.contact)}</p>
    </Layout>
  );
}
