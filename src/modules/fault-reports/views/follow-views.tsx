/**
 * The reporter's view of a fault report: the follow-up page of the anonymous reporter's token, the
 * section on My Pages' case page, and the "not fixed" form on both.
 */
import type { ComponentChildren } from 'preact';
import type { Language } from '../../../platform/i18n/i18n.ts';
import { formatDate, formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, PostForm, statusTone, Tag } from '../../../web/components.tsx';
import { TextArea } from '../../../web/form-fields.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { FollowedReport } from '../follow.ts';
import { type FaultReportMessageKey, faultReportMessages } from '../messages.ts';

/** A refused "not fixed" answer: the message key and what the reporter typed. */
export interface NotFixedRefusal {
  message: FaultReportMessageKey;
  comment: string;
}

/** A coarse place as the reader writes it: "59,335° N, 18,064° Ö" (decimal comma in Swedish). */
export function placeText(place: { latitude: number; longitude: number }, lang: Language): string {
  const number = (value: number) => {
    const text = Math.abs(value).toFixed(3);
    return lang === 'sv' ? text.replace('.', ',') : text;
  };
  const north = place.latitude >= 0 ? 'N' : 'S';
  const east = place.longitude >= 0 ? (lang === 'sv' ? 'Ö' : 'E') : lang === 'sv' ? 'V' : 'W';
  return `${number(place.latitude)}° ${north}, ${number(place.longitude)}° ${east}`;
}

/** The report's facts: reference, category, status, coarse place and dates. */
export function ReportFacts({ ctx, report }: { ctx: PageContext; report: FollowedReport }) {
  const t = translator(faultReportMessages, ctx.lang);
  const row = (label: string, value: ComponentChildren) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <dl class="summary-list">
      {row(t('reference'), report.reference)}
      {row(t('category'), localized(report.category, ctx.lang))}
      {row(
        t('status'),
        <Tag tone={statusTone(report.statusCategory)}>{localized(report.status, ctx.lang)}</Tag>,
      )}
      {row(t('place'), report.place ? placeText(report.place, ctx.lang) : t('placeAddressOnly'))}
      {row(t('submitted'), formatDate(report.submittedAt, ctx.lang))}
      {row(t('updated'), formatDate(report.updatedAt, ctx.lang))}
      {report.expectedAt && !report.fixedAt && row(t('expected'), formatDate(report.expectedAt, ctx.lang))}
      {report.fixedAt && row(t('fixed'), formatDate(report.fixedAt, ctx.lang))}
    </dl>
  );
}

/** A merged report: which case the fault is fixed in, and how that case stands (decision 0018). */
export function MergedNotice({ ctx, report }: { ctx: PageContext; report: FollowedReport }) {
  const t = translator(faultReportMessages, ctx.lang);
  const kept = report.mergedInto;
  if (!kept) return null;
  return (
    <section aria-labelledby="merged-title" class="notice">
      <h2 id="merged-title">{t('mergedTitle')}</h2>
      <p>{t('mergedIntro', { reference: kept.reference })}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('mergedReference')}</dt>
          <dd>{kept.reference}</dd>
        </div>
        <div>
          <dt>{t('mergedStatus')}</dt>
          <dd>
            <Tag tone={statusTone(kept.statusCategory)}>{localized(kept.status, ctx.lang)}</Tag>
          </dd>
        </div>
        <div>
          <dt>{t('updated')}</dt>
          <dd>{formatDate(kept.updatedAt, ctx.lang)}</dd>
        </div>
        {kept.expectedAt && !kept.fixedAt && (
          <div>
            <dt>{t('expected')}</dt>
            <dd>{formatDate(kept.expectedAt, ctx.lang)}</dd>
          </div>
        )}
        {kept.fixedAt && (
          <div>
            <dt>{t('fixed')}</dt>
            <dd>{formatDate(kept.fixedAt, ctx.lang)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** "Not fixed": the form while the window is open, the reason when it has closed, nothing before "fixed". */
export function NotFixedSection(props: {
  ctx: PageContext;
  report: FollowedReport;
  /** Where the form posts; without it (an ombud acting for the reporter) the form is not offered. */
  action?: string;
  refusal?: NotFixedRefusal;
  newReportHref: string;
}) {
  const { ctx, report, refusal } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const state = report.notFixed;
  if (state.kind === 'notFixedYet' && !refusal) return null;
  const why =
    state.kind === 'open'
      ? t('notFixedReporterOnly')
      : state.kind === 'windowClosed'
        ? t('notFixedClosed', { date: formatDate(state.closedAt, ctx.lang) })
        : t('notMarkedFixed');
  return (
    <section aria-labelledby="not-fixed-title">
      <h2 id="not-fixed-title">{t('notFixedTitle')}</h2>
      {state.kind === 'open' && props.action !== undefined ? (
        <>
          <p>{t('notFixedIntro', { date: formatDate(state.until, ctx.lang) })}</p>
          <PostForm action={props.action} csrfToken={ctx.csrfToken}>
            <TextArea
              id="comment"
              label={t('notFixedComment')}
              hint={t('notFixedHint')}
              value={refusal?.comment}
              error={refusal ? t(refusal.message) : undefined}
              lang={ctx.lang}
              rows={4}
            />
            <button type="submit" class="button">
              {t('notFixedButton')}
            </button>
          </PostForm>
        </>
      ) : (
        <>
          <p id="comment">{why}</p>
          <p>
            <a href={props.newReportHref}>{t('newReport')}</a>
          </p>
        </>
      )}
    </section>
  );
}

/** The history the resident may see, oldest first. */
export function ReportHistory({ ctx, report }: { ctx: PageContext; report: FollowedReport }) {
  const t = translator(faultReportMessages, ctx.lang);
  return (
    <section aria-labelledby="report-history-title">
      <h2 id="report-history-title">{t('historyTitle')}</h2>
      <ol class="timeline">
        {report.history.map((line, index) => (
          <li key={index}>
            <time dateTime={line.at.toISOString()}>{formatDateTime(line.at, ctx.lang)}</time>
            {localized(line.text, ctx.lang)}
            {line.message && <p class="preserve-lines">{line.message}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface FollowPageProps {
  ctx: PageContext;
  report: FollowedReport;
  /** Where the "not fixed" form posts. */
  action: string;
  newReportHref: string;
  refusal?: NotFixedRefusal;
}

/** `/{tenant}/felanmalan/folj/{token}`: the anonymous reporter's page. */
export function FollowPage(props: FollowPageProps) {
  const { ctx, report, refusal } = props;
  const t = translator(faultReportMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('followTitle')} hasErrors={Boolean(refusal)}>
      <ErrorSummary
        errors={refusal ? [{ href: 'comment', message: t(refusal.message) }] : []}
        lang={ctx.lang}
      />
      <h1>{t('followTitle')}</h1>
      <p class="lead">{t('followIntro', { tenant: report.tenantName })}</p>
      <MergedNotice ctx={ctx} report={report} />
      <ReportFacts ctx={ctx} report={report} />
      <NotFixedSection {...props} />
      <ReportHistory ctx={ctx} report={report} />
      <p class="hint">{t('keepLink')}</p>
    </Layout>
  );
}

/** The fault report section of My Pages' case page (the case page shows the history itself). */
export function MyPagesFaultSection(
  props: Omit<FollowPageProps, 'refusal' | 'action'> & { action?: string },
) {
  const { ctx, report } = props;
  const t = translator(faultReportMessages, ctx.lang);
  return (
    <section aria-labelledby="fault-report-title">
      <h2 id="fault-report-title">{t('myPagesTitle')}</h2>
      <MergedNotice ctx={ctx} report={report} />
      <ReportFacts ctx={ctx} report={report} />
      <NotFixedSection {...props} />
    </section>
  );
}

/** The logged-in reporter's "not fixed" page: the form again, with what was refused. */
export function NotFixedPage(props: FollowPageProps & { caseHref: string }) {
  const { ctx, report, refusal } = props;
  const t = translator(faultReportMessages, ctx.lang);
  const title = t('notFixedPageTitle', { reference: report.reference });
  return (
    <Layout ctx={ctx} title={title} hasErrors={Boolean(refusal)}>
      <p>
        <a href={props.caseHref}>{t('backToCase')}</a>
      </p>
      <ErrorSummary
        errors={refusal ? [{ href: 'comment', message: t(refusal.message) }] : []}
        lang={ctx.lang}
      />
      <h1>{title}</h1>
      <MergedNotice ctx={ctx} report={report} />
      <ReportFacts ctx={ctx} report={report} />
      <NotFixedSection {...props} />
    </Layout>
  );
}
