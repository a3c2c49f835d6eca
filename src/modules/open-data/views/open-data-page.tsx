/**
 * The public open data page, `/{tenant}/oppna-data` (issue #12): each published dataset with its
 * description, licence, update frequency and downloads, and a small chart with the same numbers in
 * a table beside it. No JavaScript; the charts are inline SVG drawn on the server.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { ChartSummary } from '../chart-model.ts';
import { DATASETS } from '../dataset-model.ts';
import { openDataMessages } from '../messages.ts';
import { CC0, type DatasetId, suppressionMark } from '../model.ts';

/** One dataset as the page shows it: its chart summary and the chart drawn from it (if any values). */
export interface ShownDataset {
  id: DatasetId;
  summary: ChartSummary;
  svg: string | undefined;
}

const t = (ctx: PageContext) => translator(openDataMessages, ctx.lang);

function ChartTable({ ctx, summary, caption }: { ctx: PageContext; summary: ChartSummary; caption: string }) {
  const tr = t(ctx);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr(summary.labelColumn)}</th>
            <th scope="col">{tr(summary.valueColumn)}</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>
                {row.cell.suppressed
                  ? suppressionMark(row.cell.suppressed)
                  : typeof row.cell.value === 'number'
                    ? row.cell.value.toLocaleString(ctx.lang === 'sv' ? 'sv-SE' : 'en-GB')
                    : String(row.cell.value ?? '')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DatasetSection({ ctx, shown, licence }: { ctx: PageContext; shown: ShownDataset; licence: string }) {
  const tr = t(ctx);
  const definition = DATASETS[shown.id];
  const title = localized(definition.title, ctx.lang);
  const base = `/${ctx.tenant?.slug ?? ''}/oppna-data/${shown.id}`;
  const caption = tr(shown.summary.title, shown.summary.params);
  return (
    <section aria-labelledby={`${shown.id}-title`} id={shown.id}>
      <h2 id={`${shown.id}-title`}>{title}</h2>
      <p>{localized(definition.description, ctx.lang)}</p>
      <dl class="summary-list">
        <div>
          <dt>{tr('licence')}</dt>
          <dd>
            <a href={licence}>{licence === CC0 ? tr('licenceCc0') : licence}</a>
          </dd>
        </div>
        <div>
          <dt>{tr('frequency')}</dt>
          <dd>{tr(`freq${definition.frequency}`)}</dd>
        </div>
        <div>
          <dt>{tr('downloads')}</dt>
          <dd>
            <a href={`${base}.csv`}>{tr('downloadCsv', { title })}</a>,{' '}
            <a href={`${base}.json`}>{tr('downloadJson', { title })}</a>
          </dd>
        </div>
      </dl>
      {shown.summary.rows.length === 0 ? (
        <p>{tr('chartNone')}</p>
      ) : (
        <div class="chart-and-table">
          {shown.svg && (
            // The SVG is ECharts' output made CSP-safe (dataset-chart.ts); its text is escaped there.
            <figure class="chart" dangerouslySetInnerHTML={{ __html: shown.svg }} />
          )}
          <ChartTable ctx={ctx} summary={shown.summary} caption={caption} />
        </div>
      )}
    </section>
  );
}

/** The page; `datasets` empty when the tenant publishes nothing. */
export function OpenDataPage(props: { ctx: PageContext; datasets: ShownDataset[]; licence: string }) {
  const { ctx } = props;
  const tr = t(ctx);
  const root = `/${ctx.tenant?.slug ?? ''}/oppna-data`;
  return (
    <Layout ctx={ctx} title={tr('pageTitle')}>
      <h1>{tr('pageTitle')}</h1>
      {props.datasets.length === 0 ? (
        <p>{tr('noneTitle')}</p>
      ) : (
        <>
          <p>{tr('pageIntro', { tenant: ctx.tenant?.name ?? '' })}</p>
          <p>{tr('catalogueLinks')}</p>
          <ul>
            <li>
              <a href={`${root}/catalog.jsonld`}>JSON-LD</a>
            </li>
            <li>
              <a href={`${root}/catalog.ttl`}>Turtle</a>
            </li>
          </ul>
          {props.datasets.map((shown) => (
            <DatasetSection key={shown.id} ctx={ctx} shown={shown} licence={props.licence} />
          ))}
        </>
      )}
    </Layout>
  );
}
