/**
 * The pages every municipality has (issue #13): contact (`/{tenant}/kontakt`), get help
 * (`/{tenant}/hjalp`) and the accessibility statement (`/{tenant}/tillganglighet`, following the
 * structure of Digg's model statement). No JavaScript; the footer of every page links here.
 */
import type { ComponentChildren } from 'preact';
import { formatDate, translator } from '../../../platform/i18n/i18n.ts';
import { ContentText, EmailLink, PhoneLink, withContactLinks } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { sitePagesMessages } from '../messages.ts';
import { type Contact, STATEMENT_REVIEWED } from '../model.ts';

const DIGG_REPORT = 'https://www.digg.se/tdosanmalan';

interface Props {
  ctx: PageContext;
  contact: Contact;
}

const root = (ctx: PageContext) => `/${ctx.tenant?.slug ?? ''}`;

/** The contact page. */
export function ContactPage({ ctx, contact }: Props) {
  const tr = translator(sitePagesMessages, ctx.lang);
  // The addresses and opening hours are the municipality's own words, in Swedish.
  const written = (text: string | undefined) => text && <ContentText ctx={ctx}>{text}</ContentText>;
  const rows: [string, ComponentChildren][] = [
    [tr('phone'), <PhoneLink phone={contact.phone} />],
    [tr('email'), <EmailLink email={contact.email} />],
    [tr('visitingAddress'), written(contact.visitingAddress)],
    [tr('openingHours'), written(contact.openingHours)],
    [tr('address'), written(contact.address)],
  ];
  return (
    <Layout ctx={ctx} title={tr('contactTitle')}>
      <h1>{tr('contactTitle')}</h1>
      <p>{tr('contactIntro')}</p>
      <h2>{ctx.tenant?.name}</h2>
      <dl class="summary-list">
        {rows
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h2>{tr('contactMore')}</h2>
      <ul>
        <li>
          <a href={`${root(ctx)}/hjalp`}>{tr('helpLink')}</a>
        </li>
        <li>
          <a href={`${root(ctx)}/tillganglighet`}>{tr('accessibilityLink')}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** The get help page: the customer centre, the knowledge base and the digital-support directory. */
export function HelpPage({ ctx, contact }: Props) {
  const tr = translator(sitePagesMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={tr('helpTitle')}>
      <h1>{tr('helpTitle')}</h1>
      <p>{tr('helpIntro')}</p>
      <h2>{tr('helpCustomerCentre')}</h2>
      <p>{withContactLinks(tr('helpCustomerCentreText'), contact)}</p>
      <p>
        <a href={`${root(ctx)}/kontakt`}>{tr('helpContactPage')}</a>
      </p>
      <h2>{tr('helpFaq')}</h2>
      <p>{tr('helpFaqText')}</p>
      <p>
        <a href={`${root(ctx)}/fragor-och-svar`}>{tr('helpFaqLink')}</a>
      </p>
      <h2>{tr('helpDigital')}</h2>
      <p>{tr('helpDigitalText')}</p>
      <p>
        <a href={`${root(ctx)}/digital-hjalp`}>{tr('helpDigitalLink')}</a>
      </p>
      <h2>{tr('helpAccessibility')}</h2>
      <p>
        <a href={`${root(ctx)}/tillganglighet`}>{tr('helpAccessibilityLink')}</a>
      </p>
    </Layout>
  );
}

/** The accessibility statement (tillgänglighetsredogörelse). */
export function AccessibilityPage({ ctx, contact }: Props) {
  const tr = translator(sitePagesMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={tr('a11yTitle')}>
      <h1>{tr('a11yTitle')}</h1>
      <p>{tr('a11yIntro', { tenant: ctx.tenant?.name ?? '' })}</p>
      <h2>{tr('a11yStatusTitle')}</h2>
      <p>{tr('a11yStatus')}</p>
      <h2>{tr('a11yAlternativeTitle')}</h2>
      <p>{withContactLinks(tr('a11yAlternative'), contact)}</p>
      <h2>{tr('a11yReportTitle')}</h2>
      <p>{withContactLinks(tr('a11yReport'), contact)}</p>
      <h2>{tr('a11yEnforcementTitle')}</h2>
      <p>{tr('a11yEnforcement')}</p>
      <p>
        <a href={DIGG_REPORT}>{tr('a11yEnforcementLink')}</a>
      </p>
      <h2>{tr('a11yIssuesTitle')}</h2>
      <ul>
        <li>{tr('a11yIssuePdf')}</li>
        <li>{tr('a11yIssueMap')}</li>
        <li>{tr('a11yIssueLanguage')}</li>
        <li>{tr('a11yIssueManual')}</li>
      </ul>
      <h2>{tr('a11yMethodTitle')}</h2>
      <p>{tr('a11yMethod')}</p>
      <p>{tr('a11yDate', { date: formatDate(STATEMENT_REVIEWED, ctx.lang) })}</p>
    </Layout>
  );
}

/**
 * `/hjalp`, `/kontakt` and `/tillganglighet` on an installation of several municipalities: the
 * footer of a page that belongs to none (My Pages, the log-in) leads here, and the resident chooses.
 */
export function ChooseMunicipalityPage(props: {
  ctx: PageContext;
  title: 'helpTitle' | 'contactTitle' | 'a11yTitle';
  page: string;
  tenants: readonly { slug: string; name: string }[];
}) {
  const tr = translator(sitePagesMessages, props.ctx.lang);
  return (
    <Layout ctx={props.ctx} title={tr(props.title)}>
      <h1>{tr(props.title)}</h1>
      <p class="lead">{tr('chooseMunicipality')}</p>
      <ul class="card-list">
        {props.tenants.map((tenant) => (
          <li class="card" key={tenant.slug}>
            <h2>
              <a href={`/${tenant.slug}/${props.page}`}>{tenant.name}</a>
            </h2>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
