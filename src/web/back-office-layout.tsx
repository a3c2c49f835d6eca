/** The page frame for officers' pages (`/{tenant}/handlaggning/…`): its own header and navigation. */
import type { ComponentChildren } from 'preact';
import { defineCatalogue, translator } from '../platform/i18n/i18n.ts';
import { Layout } from './layout.tsx';
import type { PageContext } from './page-context.ts';

const messages = defineCatalogue({
  sv: {
    backOffice: 'Handläggning',
    navigation: 'Handläggningens meny',
    queue: 'Ärenden',
    knowledgeBase: 'Frågor och svar',
    customerCentre: 'Kundcenter',
    contactStatistics: 'Kundcenterstatistik',
    admin: 'Administration',
    privacy: 'Dataskydd',
    signedInAs: 'Inloggad som {name}',
    units: 'Enheter: {units}',
    noUnits: 'Du tillhör ingen enhet.',
    logOut: 'Logga ut',
    otherLanguage: 'English',
  },
  en: {
    backOffice: 'Case handling',
    navigation: 'Case handling menu',
    queue: 'Cases',
    knowledgeBase: 'Questions and answers',
    customerCentre: 'Customer centre',
    contactStatistics: 'Customer centre statistics',
    admin: 'Administration',
    privacy: 'Data protection',
    signedInAs: 'Signed in as {name}',
    units: 'Units: {units}',
    noUnits: 'You do not belong to any unit.',
    logOut: 'Log out',
    otherLanguage: 'Svenska',
  },
});

/** What the header shows of the staff member (the organisation module's StaffActor has these). */
export interface BackOfficeActor {
  name: string;
  role: string;
  unitNames: string[];
}

export interface BackOfficeLayoutProps {
  ctx: PageContext;
  actor: BackOfficeActor;
  title: string;
  hasErrors?: boolean;
  children: ComponentChildren;
}

function BackOfficeHeader({ ctx, actor }: { ctx: PageContext; actor: BackOfficeActor }) {
  const t = translator(messages, ctx.lang);
  const base = `/${ctx.tenant?.slug ?? ''}/handlaggning`;
  const other = ctx.lang === 'sv' ? 'en' : 'sv';
  return (
    <header class="site-header back-office-header">
      <div class="wrap wide header-row">
        <a class="logo" href={`${base}/`}>
          {ctx.tenant?.logoText} · {t('backOffice')}
        </a>
        <nav aria-label={t('navigation')}>
          <ul class="header-nav">
            <li>
              <a href={`${base}/`}>{t('queue')}</a>
            </li>
            <li>
              <a href={`${base}/fragor-och-svar`}>{t('knowledgeBase')}</a>
            </li>
            {actor.role === 'customerCentre' && (
              <li>
                <a href={`${base}/kundcenter`}>{t('customerCentre')}</a>
              </li>
            )}
            {actor.role === 'admin' && (
              <li>
                <a href={`${base}/kundcenter/statistik`}>{t('contactStatistics')}</a>
              </li>
            )}
            {actor.role === 'admin' && (
              <li>
                <a href={`${base}/admin`}>{t('admin')}</a>
              </li>
            )}
            {actor.role === 'dataProtectionOfficer' && (
              <li>
                <a href={`${base}/dataskydd`}>{t('privacy')}</a>
              </li>
            )}
            <li>
              <a href={`/sprak/${other}?tillbaka=${encodeURIComponent(ctx.currentPath)}`} lang={other}>
                {t('otherLanguage')}
              </a>
            </li>
            <li>
              <form method="post" action="/logga-ut" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
                <button type="submit" class="link-button">
                  {t('logOut')}
                </button>
              </form>
            </li>
          </ul>
        </nav>
      </div>
      <p class="wrap wide signed-in">
        {t('signedInAs', { name: actor.name })} ·{' '}
        {actor.unitNames.length > 0 ? t('units', { units: actor.unitNames.join(', ') }) : t('noUnits')}
      </p>
    </header>
  );
}

/** Wraps a back-office page: same document and styles as resident pages, officers' header. */
export function BackOfficeLayout({ ctx, actor, title, hasErrors, children }: BackOfficeLayoutProps) {
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={hasErrors}
      header={<BackOfficeHeader ctx={ctx} actor={actor} />}
      wide
    >
      {children}
    </Layout>
  );
}
