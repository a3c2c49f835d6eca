/** The page frame every resident page uses: skip link, header, language switch, main, footer. */
import type { ComponentChildren } from 'preact';
import { common } from '../platform/i18n/common-messages.ts';
import { translator } from '../platform/i18n/i18n.ts';
import type { PageContext } from './page-context.ts';

/** A page's own stylesheets and scripts: URL paths on our own origin (the CSP allows no other). */
export interface PageAssets {
  stylesheets: string[];
  scripts: string[];
}

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title; the site name is appended. */
  title: string;
  /** Prefix the title with "Fel:" when the page shows validation errors (GOV.UK pattern). */
  hasErrors?: boolean;
  /** Replaces the resident header (the back office has its own navigation). */
  header?: ComponentChildren;
  /** Wider content (back-office tables). */
  wide?: boolean;
  /** Stylesheets and scripts (deferred, same origin) only this page needs, e.g. the map's. */
  assets?: PageAssets;
  children: ComponentChildren;
}

function languageSwitchHref(ctx: PageContext): string {
  const other = ctx.lang === 'sv' ? 'en' : 'sv';
  return `/sprak/${other}?tillbaka=${encodeURIComponent(ctx.currentPath)}`;
}

function Header({ ctx }: { ctx: PageContext }) {
  const t = translator(common, ctx.lang);
  const homeHref = ctx.tenant ? `/${ctx.tenant.slug}/` : '/';
  return (
    <header class="site-header">
      <div class="wrap header-row">
        <a class="logo" href={homeHref}>
          {ctx.tenant ? ctx.tenant.logoText : t('installationName')}
        </a>
        <nav aria-label={t('mainNavigation')}>
          <ul class="header-nav">
            <li>
              <a href="/mina-sidor">{t('myPages')}</a>
            </li>
            <li>
              <a href={languageSwitchHref(ctx)} lang={ctx.lang === 'sv' ? 'en' : 'sv'}>
                {t('otherLanguage')}
              </a>
            </li>
            {ctx.person ? (
              <li>
                <form method="post" action="/logga-ut" class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
                  <button type="submit" class="link-button">
                    {t('logOut')}
                  </button>
                </form>
              </li>
            ) : (
              <li>
                <a href={`/logga-in?tillbaka=${encodeURIComponent(ctx.currentPath)}`}>{t('logIn')}</a>
              </li>
            )}
          </ul>
        </nav>
      </div>
      {ctx.person && (
        <p class="wrap signed-in">
          {t('loggedInAs', { name: `${ctx.person.givenName} ${ctx.person.familyName}` })}
        </p>
      )}
      {ctx.actingFor && (
        // Issue #13: always visible while a representative acts for someone, with the way back.
        <div class="acting-banner">
          <form method="post" action="/mina-sidor/agera-for" class="wrap inline-form">
            <strong>{t('actingFor', { name: ctx.actingFor.name })}</strong>{' '}
            <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
            <input type="hidden" name="personId" value="" />
            <button type="submit" class="link-button">
              {t('actingForStop')}
            </button>
          </form>
        </div>
      )}
    </header>
  );
}

/** Wraps page content in the shared HTML document. */
export function Layout({ ctx, title, hasErrors, header, wide, assets, children }: LayoutProps) {
  const t = translator(common, ctx.lang);
  const site = ctx.tenant ? `/${ctx.tenant.slug}` : '';
  const siteName = ctx.tenant ? ctx.tenant.name : t('installationName');
  const fullTitle = `${hasErrors ? `${t('errorPrefix')} ` : ''}${title} – ${siteName}`;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {ctx.tenant && <link rel="stylesheet" href={`/${ctx.tenant.slug}/tema.css`} />}
        {assets?.stylesheets.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {assets?.scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        {header ?? <Header ctx={ctx} />}
        <main id="main" class={wide ? 'wrap wide' : 'wrap'} tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footerText')}</p>
            {/* Every page leads to help (issue #13): the customer centre, the knowledge base and the
                digital-support directory are on "Få hjälp"; the accessibility statement is required by
                law. A page of no municipality (My Pages) links to `/hjalp` etc., where one is chosen. */}
            <nav aria-label={t('footerNavigation')}>
              <ul class="footer-links">
                <li>
                  <a href={`${site}/hjalp`}>{t('getHelpLink')}</a>
                </li>
                <li>
                  <a href={`${site}/kontakt`}>{t('contactLink')}</a>
                </li>
                <li>
                  <a href={`${site}/tillganglighet`}>{t('accessibilityLink')}</a>
                </li>
                {ctx.tenant && (
                  <li>
                    <a href={`${site}/oppna-data`}>{t('openDataLink')}</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
