/**
 * `/{tenant}/felanmalan/oppna`: the public list of open fault reports. Only what anyone may see:
 * category, a coarse place, a neutral status and dates — never a name, a description or an address.
 */
import type { ComponentChildren } from 'preact';
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { Select } from '../../../web/form-fields.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { faultReportMessages } from '../messages.ts';
import type { FaultCategoryChoice, OpenReportPage, PublicReport } from '../service.ts';
import { placeText } from './follow-views.tsx';
import { MAP_ASSETS } from './map-views.tsx';

/** A report's public page, where anyone follows it: `/{tenant}/felanmalan/oppna/{reference}`. */
export const publicReportHref = (tenantSlug: string, reference: string) =>
  `/${tenantSlug}/felanmalan/oppna/${encodeURIComponent(reference)}`;

export interface OpenReportsProps {
  ctx: PageContext;
  tenantName: string;
  categories: FaultCategoryChoice[];
  /** The chosen category code, or undefined for all. */
  category: string | undefined;
  page: OpenReportPage;
  /** The query string of the next page, when there is one. */
  nextQuery: string | undefined;
  /** Whether this is a later page (offers the way back to the newest). */
  later: boolean;
  reportHref: string;
  /**
   * The map of the same reports (with JavaScript; the list stays the page's content without it).
   * Its stylesheet and scripts are loaded only when it is given.
   */
  map?: ComponentChildren;
}

function Filter({ ctx, categories, category }: OpenReportsProps) {
  const t = translator(faultReportMessages, ctx.lang);
  return (
    <form
      method="get"
      action={`/${ctx.tenant?.slug}/felanmalan/oppna`}
      class="filters"
      aria-labelledby="filter-title"
    >
      <h2 id="filter-title" class="visually-hidden">
        {t('filterTitle')}
      </h2>
      <Select
        id="kategori"
        label={t('filterCategory')}
        value={category ?? ''}
        options={[
          ['', t('filterAll')],
          ...categories.map((choice): [string, string] => [choice.code, localized(choice.label, ctx.lang)]),
        ]}
        lang={ctx.lang}
      />
      <button type="submit" class="button secondary">
        {t('filterButton')}
      </button>
    </form>
  );
}

function ReportTable({ ctx, page }: OpenReportsProps) {
  const t = translator(faultReportMessages, ctx.lang);
  if (page.reports.length === 0) return <p>{t('noOpenReports')}</p>;
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{t('tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colReference')}</th>
            <th scope="col">{t('colCategory')}</th>
            <th scope="col">{t('colPlace')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('colSubmitted')}</th>
            <th scope="col">{t('colUpdated')}</th>
          </tr>
        </thead>
        <tbody>
          {page.reports.map((report, index) => (
            <tr key={index}>
              <td>
                <a href={publicReportHref(ctx.tenant?.slug ?? '', report.reference)}>{report.reference}</a>
              </td>
              <td>{localized(report.category, ctx.lang)}</td>
              <td>{report.place ? placeText(report.place, ctx.lang) : t('noPlace')}</td>
              <td>{localized(report.status, ctx.lang)}</td>
              <td>{formatDate(report.submittedAt, ctx.lang)}</td>
              <td>{formatDate(report.updatedAt, ctx.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OpenReportsPage(props: OpenReportsProps) {
  const { ctx } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/felanmalan/oppna`;
  return (
    <Layout ctx={ctx} title={t('openTitle')} wide assets={props.map ? MAP_ASSETS : undefined}>
      <h1>{t('openTitle')}</h1>
      <p class="lead">{t('openIntro', { tenant: props.tenantName })}</p>
      <p>
        <a class="button" href={props.reportHref}>
          {t('reportFault')}
        </a>
      </p>
      <Filter {...props} />
      {props.map}
      <ReportTable {...props} />
      {(props.nextQuery || props.later) && (
        <p class="pagination">
          {props.later && (
            <a href={props.category ? `${base}?kategori=${encodeURIComponent(props.category)}` : base}>
              {t('firstPage')}
            </a>
          )}{' '}
          {props.nextQuery && <a href={`${base}?${props.nextQuery}`}>{t('olderReports')}</a>}
        </p>
      )}
    </Layout>
  );
}

export interface PublicReportProps {
  ctx: PageContext;
  tenantName: string;
  report: PublicReport;
  reportHref: string;
}

/** One report as anyone may see it: where a resident who did not make it follows it. */
export function PublicReportPage({ ctx, tenantName, report, reportHref }: PublicReportProps) {
  const t = translator(faultReportMessages, ctx.lang);
  const title = t('publicTitle', { reference: report.reference });
  const row = (term: string, value: string) => (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('publicIntro', { tenant: tenantName })}</p>
      <dl class="summary-list">
        {row(t('reference'), report.reference)}
        {row(t('category'), localized(report.category, ctx.lang))}
        {row(t('status'), localized(report.status, ctx.lang))}
        {row(t('place'), report.place ? placeText(report.place, ctx.lang) : t('placeAddressOnly'))}
        {row(t('submitted'), formatDate(report.submittedAt, ctx.lang))}
        {row(t('updated'), formatDate(report.updatedAt, ctx.lang))}
      </dl>
      <p>
        <a href={`/${ctx.tenant?.slug}/felanmalan/oppna`}>{t('publicOpenList')}</a>
      </p>
      <p>
        <a href={reportHref}>{t('newReport')}</a>
      </p>
    </Layout>
  );
}
