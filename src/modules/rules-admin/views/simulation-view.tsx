/**
 * A simulation's result: how many cases were evaluated (and the cap), how many would change, the
 * transitions, and the changed cases a page at a time (reference, outcome now → with the version).
 */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { rulesMessages } from '../messages.ts';
import type { RulesVersionDetails, SimulationReport } from '../service.ts';
import { RulesPage, simulatedText, versionPath } from './rules-shared.tsx';

export interface SimulationViewProps {
  ctx: PageContext;
  actor: StaffActor;
  details: RulesVersionDetails;
  report: SimulationReport;
}

function Summary({ ctx, report }: { ctx: PageContext; report: SimulationReport }) {
  const t = translator(rulesMessages, ctx.lang);
  const baseline = report.baseline;
  return (
    <>
      <p>{t('simEvaluated', { count: report.evaluated, ms: report.durationMs })}</p>
      {report.capped && <p class="notice">{t('simCapped', { total: report.total, limit: report.limit })}</p>}
      <p>
        {baseline === null
          ? t('simNoBaseline')
          : baseline.id === report.version.id
            ? t('simSame')
            : t('simBaseline', { version: baseline.version })}
      </p>
      <p>
        <strong>
          {report.changed === 0
            ? t('simNone')
            : t('simChanged', { count: report.changed, evaluated: report.evaluated })}
        </strong>
      </p>
    </>
  );
}

function Transitions({ ctx, report }: { ctx: PageContext; report: SimulationReport }) {
  const t = translator(rulesMessages, ctx.lang);
  if (report.transitions.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{t('transitionsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colNow')}</th>
            <th scope="col">{t('colWith', { version: report.version.version })}</th>
            <th scope="col">{t('colCount')}</th>
          </tr>
        </thead>
        <tbody>
          {report.transitions.map((transition, i) => (
            <tr key={String(i)}>
              <td>{simulatedText(transition.old, ctx.lang)}</td>
              <td>{simulatedText(transition.new, ctx.lang)}</td>
              <td>{transition.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pages({ ctx, path, report }: { ctx: PageContext; path: string; report: SimulationReport }) {
  const t = translator(rulesMessages, ctx.lang);
  const { page, pages } = report.changes;
  if (pages <= 1) return null;
  return (
    <nav aria-label={t('pagination')} class="pagination">
      {page > 1 && <a href={`${path}?sida=${page - 1}`}>{t('pagePrev')}</a>}{' '}
      {page < pages && <a href={`${path}?sida=${page + 1}`}>{t('pageNext')}</a>}
    </nav>
  );
}

/** The simulation page. */
export function SimulationView({ ctx, actor, details, report }: SimulationViewProps) {
  const t = translator(rulesMessages, ctx.lang);
  const version = details.version.version;
  const path = versionPath(ctx, details.service.slug, details.version.id);
  const title = t('simulationTitle', { service: localized(details.service.title, ctx.lang), version });
  const { items, page, pages } = report.changes;
  return (
    <RulesPage ctx={ctx} actor={actor} title={title}>
      <Summary ctx={ctx} report={report} />
      <Transitions ctx={ctx} report={report} />
      {items.length > 0 && (
        <div class="table-scroll">
          <table class="data">
            <caption>{t('changesCaption', { page, pages })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colReference')}</th>
                <th scope="col">{t('colSubmitted')}</th>
                <th scope="col">{t('colNow')}</th>
                <th scope="col">{t('colWith', { version })}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.reference}>
                  <th scope="row">{item.reference}</th>
                  <td>{formatDate(item.submittedAt, ctx.lang)}</td>
                  <td>{simulatedText(item.old, ctx.lang)}</td>
                  <td>{simulatedText(item.new, ctx.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pages ctx={ctx} path={`${path}/simulering`} report={report} />
      <p>
        <a href={path}>{t('backToVersion', { version })}</a>
      </p>
    </RulesPage>
  );
}
