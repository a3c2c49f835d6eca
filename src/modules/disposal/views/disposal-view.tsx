/**
 * The administrators' disposal page (issue #14): the rules per service, what falls due when, what
 * was done lately and the archived cases to transfer. Tables only; nothing here names a person.
 */
import { formatDate, localized } from '../../../platform/i18n/i18n.ts';
import { DataTable } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage } from '../../organisation/views/admin-page.tsx';
import { type DisposalMessageKey, disposalMessages } from '../messages.ts';
import { periodParts, type UpcomingOfService } from '../model.ts';
import type { RecentDisposal } from '../service.ts';
import { ArchivedSection, MonthsSection, type Props, titleOf, tr } from './disposal-sections.tsx';

/** "10 år", "1 år 6 mån." */
export function periodText(ctx: PageContext, period: string): string {
  return periodParts(period)
    .map(({ unit, n }) => tr(ctx)(unit, { n }))
    .join(' ');
}

function RulesSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  const rows = overview.services.flatMap((service) =>
    service.versions.map((rule, index) => ({ service, rule, first: index === 0 })),
  );
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">{t('rulesTitle')}</h2>
      {rows.length === 0 ? (
        <p>{t('noRules')}</p>
      ) : (
        <div class="table-scroll">
          <DataTable
            caption={t('rulesCaption')}
            captionClass="visually-hidden"
            columns={(['colService', 'colVersion', 'colRetention', 'colAction'] as const).map((key) =>
              t(key),
            )}
          >
            {rows.map(({ service, rule }) => (
              <tr key={rule.versionId}>
                <th scope="row">{localized(service.title, ctx.lang)}</th>
                <td>{rule.version}</td>
                <td>
                  <abbr title={rule.retentionPeriod}>{periodText(ctx, rule.retentionPeriod)}</abbr>
                </td>
                <td>{t(rule.action)}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}

function UpcomingRow({ ctx, overview, row }: Props & { row: UpcomingOfService }) {
  const t = tr(ctx);
  const coming = row.months.reduce((sum, month) => sum + month.count, 0);
  return (
    <tr>
      <th scope="row">{titleOf(ctx, overview.services, row.serviceId)}</th>
      <td>{row.dueNow}</td>
      <td>{row.nextDueAt ? formatDate(row.nextDueAt, ctx.lang) : t('none')}</td>
      <td>{coming}</td>
      <td>{row.later}</td>
    </tr>
  );
}

function UpcomingSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  const columns = ['colService', 'colDueNow', 'colNext', 'colComingYear', 'colLater'] as const;
  return (
    <section aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">{t('upcomingTitle')}</h2>
      {overview.upcoming.length === 0 ? (
        <p>{t('noUpcoming')}</p>
      ) : (
        <div class="table-scroll">
          <DataTable
            caption={t('upcomingCaption')}
            captionClass="visually-hidden"
            columns={columns.map((key) => t(key))}
          >
            {overview.upcoming.map((row) => (
              <UpcomingRow key={row.serviceId} ctx={ctx} overview={overview} row={row} />
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}

/** "3 bilagor, 2 meddelanden" from a log entry's counts (only the counts a reader cares about). */
function countsText(ctx: PageContext, counts: Record<string, number>): string {
  const t = tr(ctx);
  return Object.entries(counts)
    .filter(([key, n]) => n > 0 && `count_${key}` in disposalMessages.sv)
    .map(([key, n]) => `${n} ${t(`count_${key}` as DisposalMessageKey)}`)
    .join(', ');
}

const ACTION_TEXT: Record<RecentDisposal['action'], DisposalMessageKey> = {
  'case.disposed': 'actionDisposed',
  'case.archived': 'actionArchived',
  'drafts.removed': 'actionDrafts',
};

function RecentSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  const columns = ['colDate', 'colWhat', 'colCase', 'colService', 'colRemoved'] as const;
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title">{t('recentTitle')}</h2>
      {overview.recent.length === 0 ? (
        <p>{t('noRecent')}</p>
      ) : (
        <div class="table-scroll">
          <DataTable
            caption={t('recentCaption')}
            captionClass="visually-hidden"
            columns={columns.map((key) => t(key))}
          >
            {overview.recent.map((entry) => (
              <tr key={String(entry.id)}>
                <td>{formatDate(entry.at, ctx.lang)}</td>
                <td>{t(ACTION_TEXT[entry.action])}</td>
                <td>{entry.caseReference ?? t('none')}</td>
                <td>{entry.serviceId ? titleOf(ctx, overview.services, entry.serviceId) : t('none')}</td>
                <td>{countsText(ctx, entry.counts) || t('none')}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}

function DraftsSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  const { abandonedDraftDays, anonymousDraftHours, intervalMinutes } = overview.settings;
  return (
    <section aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('draftsTitle')}</h2>
      <p>{t('draftsText', { days: abandonedDraftDays, hours: anonymousDraftHours })}</p>
      <p>{intervalMinutes > 0 ? t('runText', { minutes: intervalMinutes }) : t('runOff')}</p>
    </section>
  );
}

/** The whole page. */
export function DisposalView({ ctx, actor, overview }: Props & { actor: StaffActor }) {
  const t = tr(ctx);
  return (
    <AdminPage ctx={ctx} actor={actor} title={t('title')} section="disposal" inputId={() => ''}>
      <p>{t('intro')}</p>
      <UpcomingSection ctx={ctx} overview={overview} />
      <MonthsSection ctx={ctx} overview={overview} />
      <RecentSection ctx={ctx} overview={overview} />
      <ArchivedSection ctx={ctx} overview={overview} />
      <RulesSection ctx={ctx} overview={overview} />
      <DraftsSection ctx={ctx} overview={overview} />
    </AdminPage>
  );
}
