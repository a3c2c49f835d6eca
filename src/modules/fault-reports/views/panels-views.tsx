/** The receipt's follow-up link and the officer's fault report section. */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import type { ServiceDefinition } from '../../forms/definition.ts';
import { faultReportMessages } from '../messages.ts';
import { categoryLabel } from '../model.ts';
import type { FaultReportRow } from '../service.ts';

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
