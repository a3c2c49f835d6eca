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
import type { FaultCategoryChoice, OpenReportPage } from '../service.ts';
import { placeText } from './follow-views.tsx';

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
   * The map of the same reports (issue #11: added later by the map's own change, with JavaScript;
   * the list stays the page's content without it).
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
    <Layout ctx={ctx} title={t('openTitle')} wide>
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
