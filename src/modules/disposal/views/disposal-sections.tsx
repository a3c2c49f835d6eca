/** Sections of the disposal page: cases falling due per month, and archived cases to transfer. */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { DataTable } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { disposalMessages } from '../messages.ts';
import type { ServiceRules } from '../model.ts';
import type { DisposalOverview } from '../service.ts';

export type Props = { ctx: PageContext; overview: DisposalOverview };

export const tr = (ctx: PageContext) => translator(disposalMessages, ctx.lang);

/** The service's title by id, or its id when it is gone. */
export function titleOf(ctx: PageContext, services: ServiceRules[], serviceId: string | null): string {
  const found = services.find((service) => service.serviceId === serviceId);
  return found ? localized(found.title, ctx.lang) : (serviceId ?? '');
}

/** "november 2026" for `2026-11`. */
function monthName(ctx: PageContext, month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 1, 15)).toLocaleDateString(ctx.lang === 'sv' ? 'sv-SE' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Month by month, the next 12 months: which services' cases fall due, how many. */
export function MonthsSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  const rows = overview.upcoming
    .flatMap((service) => service.months.map((month) => ({ ...month, serviceId: service.serviceId })))
    .sort((a, b) => a.month.localeCompare(b.month) || a.serviceId.localeCompare(b.serviceId));
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="months-title">
      <h2 id="months-title">{t('monthsTitle')}</h2>
      <div class="table-scroll">
        <DataTable
          caption={t('monthsCaption')}
          captionClass="visually-hidden"
          columns={[t('colMonth'), t('colService'), t('colCount')]}
        >
          {rows.map((row) => (
            <tr key={`${row.month}-${row.serviceId}`}>
              <td>
                <time dateTime={row.month}>{monthName(ctx, row.month)}</time>
              </td>
              <td>{titleOf(ctx, overview.services, row.serviceId)}</td>
              <td>{row.count}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

/** The archived cases, by reference: the list for the transfer to the e-archive. */
export function ArchivedSection({ ctx, overview }: Props) {
  const t = tr(ctx);
  return (
    <section aria-labelledby="archived-title">
      <h2 id="archived-title">{t('archivedTitle')}</h2>
      {overview.archived.length === 0 ? (
        <p>{t('noArchived')}</p>
      ) : (
        <div class="table-scroll">
          <DataTable
            caption={t('archivedCaption')}
            captionClass="visually-hidden"
            columns={[t('colCase'), t('colService'), t('colClosed'), t('colArchived')]}
          >
            {overview.archived.map((row) => (
              <tr key={row.reference}>
                <th scope="row">{row.reference}</th>
                <td>{titleOf(ctx, overview.services, row.serviceId)}</td>
                <td>{formatDate(row.closedAt, ctx.lang)}</td>
                <td>{formatDate(row.archivedAt, ctx.lang)}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}
