/** The receipt's follow-up link and the officer's fault report section. */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { statusTone, Tag } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { LocalizedText, ServiceDefinition } from '../../forms/definition.ts';
import { faultReportMessages } from '../messages.ts';
import { categoryLabel } from '../model.ts';
import type { DuplicatePanel, FaultReportRow } from '../service.ts';

/** The anonymous reporter's link, shown on the receipt. */
export function ReceiptFollowLink({ ctx, href }: { ctx: PageContext; href: string }) {
  const t = translator(faultReportMessages, ctx.lang);
  return (
    <section aria-labelledby="follow-link-title">
      <h2 id="follow-link-title">{t('receiptFollowTitle')}</h2>
      <p>{t('receiptFollowIntro')}</p>
      <p>
        <a href={href} class="follow-link">
          {href}
        </a>
      </p>
      <p class="hint">{t('keepLink')}</p>
    </section>
  );
}

/** Exact coordinates for officers (six decimals, about 0.1 m). */
const exact = (value: number) => value.toFixed(6);

export function OfficerFaultPanel(props: {
  ctx: PageContext;
  definition: ServiceDefinition;
  report: FaultReportRow;
}) {
  const { ctx, report } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const position =
    report.latitude !== null && report.longitude !== null ? (
      <>
        {exact(report.latitude)}, {exact(report.longitude)}{' '}
        <a
          href={`https://www.openstreetmap.org/?mlat=${exact(report.latitude)}&mlon=${exact(report.longitude)}#map=18/${exact(report.latitude)}/${exact(report.longitude)}`}
        >
          {t('officerMapLink')}
        </a>
      </>
    ) : (
      t('officerNoPosition')
    );
  return (
    <section aria-labelledby="fault-report-title">
      <h2 id="fault-report-title">{t('officerTitle')}</h2>
      <dl class="summary-list">
        <div>
          <dt>{t('officerCategory')}</dt>
          <dd>{localized(categoryLabel(props.definition, report.category), ctx.lang)}</dd>
        </div>
        <div>
          <dt>{t('officerPosition')}</dt>
          <dd>{position}</dd>
        </div>
        {report.expectedAt && (
          <div>
            <dt>{t('officerExpected')}</dt>
            <dd>{formatDate(report.expectedAt, ctx.lang)}</dd>
          </div>
        )}
        {report.fixedAt && (
          <div>
            <dt>{t('officerFixed')}</dt>
            <dd>{formatDate(report.fixedAt, ctx.lang)}</dd>
          </div>
        )}
        <div>
          <dt>{t('officerNotFixedCount')}</dt>
          <dd>
            {report.notFixedCount > 0
              ? t('officerNotFixedTimes', { count: report.notFixedCount })
              : t('officerNever')}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** "Möjliga dubbletter": open reports of the same category nearby, and the way to merge this one. */
export function OfficerDuplicates(props: {
  ctx: PageContext;
  panel: DuplicatePanel;
  statusName: (statusId: string) => LocalizedText | undefined;
  caseHrefOf: (reference: string) => string;
  /** The merge page, when the officer may merge this report now. */
  mergeHref: string | undefined;
}) {
  const { ctx, panel, mergeHref } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const reference = panel.report.reference;
  if (panel.mergedIntoReference) {
    return (
      <section aria-labelledby="duplicates-title">
        <h2 id="duplicates-title">{t('duplicatesTitle')}</h2>
        <p>
          {t('mergedIntoText')}{' '}
          <a href={props.caseHrefOf(panel.mergedIntoReference)}>{panel.mergedIntoReference}</a>.
        </p>
      </section>
    );
  }
  if (panel.skipped === 'notOpen') return null;
  return (
    <section aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">{t('duplicatesTitle')}</h2>
      {panel.skipped === 'noPosition' ? (
        <p>{t('duplicatesNoPosition')}</p>
      ) : panel.suggestions.length === 0 ? (
        <p>{t('duplicatesNone')}</p>
      ) : (
        <>
          <p>{t('duplicatesIntro', { radius: panel.radiusMeters, days: panel.windowDays })}</p>
          <div class="table-scroll">
            <table class="duplicates">
              <caption class="visually-hidden">{t('duplicatesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colReference')}</th>
                  <th scope="col">{t('colDistance')}</th>
                  <th scope="col">{t('colSubmitted')}</th>
                  <th scope="col">{t('colStatus')}</th>
                  {mergeHref && (
                    <th scope="col">
                      <span class="visually-hidden">{t('mergeOther')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {panel.suggestions.map((suggestion) => (
                  <tr key={suggestion.caseId}>
                    <td>
                      <a href={props.caseHrefOf(suggestion.reference)}>{suggestion.reference}</a>
                    </td>
                    <td>{t('distanceMeters', { meters: Math.round(suggestion.distanceMeters) })}</td>
                    <td>{formatDate(suggestion.submittedAt, ctx.lang)}</td>
                    <td>
                      <Tag tone={statusTone(suggestion.statusCategory)}>
                        {localized(
                          props.statusName(suggestion.status) ?? {
                            sv: suggestion.status,
                            en: suggestion.status,
                          },
                          ctx.lang,
                        )}
                      </Tag>
                    </td>
                    {mergeHref && (
                      <td>
                        <a href={`${mergeHref}?med=${encodeURIComponent(suggestion.reference)}`}>
                          {t('mergeWith', { reference, other: suggestion.reference })}
                        </a>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {mergeHref && (
        <p>
          <a href={mergeHref}>{t('mergeOther')}</a>
        </p>
      )}
    </section>
  );
}
