/** The officer's queue: filters (a GET form), a table of cases and keyset page links. */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { Tag } from '../../../web/components.tsx';
import { Select, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { CASE_CHANNELS, channelShortNames } from '../../cases/intake-model.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { officerMessages } from '../messages.ts';
import { type QueueFilters, queueQueryString } from '../queue-model.ts';
import { secrecyMessages } from '../secrecy-messages.ts';
import type { QueuePage } from '../service.ts';

export interface QueueViewProps {
  ctx: PageContext;
  actor: StaffActor;
  filters: QueueFilters;
  page: QueuePage;
  /** Status ids and names across the unit's services, for the filter. */
  statusOptions: [string, string][];
  serviceOptions: [string, string][];
  statusNames: Map<string, string>;
  assigneeNames: Map<string, string>;
  unread: Map<string, number>;
  now: Date;
}

function Filters({ ctx, filters, statusOptions, serviceOptions }: QueueViewProps) {
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/`;
  return (
    <form method="get" action={base} class="filters" aria-labelledby="filters-title">
      <h2 id="filters-title" class="visually-hidden">
        {t('filtersTitle')}
      </h2>
      <TextInput
        id="sok"
        label={t('filterText')}
        hint={t('filterTextHint')}
        value={filters.text}
        lang={ctx.lang}
        type="search"
      />
      <Select
        id="status"
        label={t('filterStatus')}
        value={filters.status ?? ''}
        options={[['', t('allOption')], ...statusOptions]}
        lang={ctx.lang}
      />
      <Select
        id="tjanst"
        label={t('filterService')}
        value={filters.serviceId ?? ''}
        options={[['', t('allOption')], ...serviceOptions]}
        lang={ctx.lang}
      />
      <Select
        id="kanal"
        label={t('filterChannel')}
        value={filters.channel ?? ''}
        options={[
          ['', t('allOption')],
          ...CASE_CHANNELS.map((channel): [string, string] => [
            channel,
            localized(channelShortNames[channel], ctx.lang),
          ]),
        ]}
        lang={ctx.lang}
      />
      <Select
        id="tilldelad"
        label={t('filterAssigned')}
        value={filters.assigned === 'me' ? 'mig' : filters.assigned === 'unassigned' ? 'ingen' : ''}
        options={[
          ['', t('assignedAny')],
          ['mig', t('assignedMe')],
          ['ingen', t('assignedNone')],
        ]}
        lang={ctx.lang}
      />
      <TextInput
        id="fran"
        label={t('filterFrom')}
        hint={t('dateHint')}
        value={filters.submittedFrom}
        lang={ctx.lang}
        type="date"
      />
      <TextInput
        id="till"
        label={t('filterTo')}
        hint={t('dateHint')}
        value={filters.submittedTo}
        lang={ctx.lang}
        type="date"
      />
      <Select
        id="sortering"
        label={t('sort')}
        value={filters.sort === 'oldest' ? 'aldst' : filters.sort === 'due' ? 'forfaller' : ''}
        options={[
          ['', t('sortNewest')],
          ['aldst', t('sortOldest')],
          ['forfaller', t('sortDue')],
        ]}
        lang={ctx.lang}
      />
      <div class="field">
        <input type="checkbox" id="forsenade" name="forsenade" value="ja" checked={filters.overdue} />
        <label for="forsenade" class="inline-label">
          {t('filterOverdue')}
        </label>
        <br />
        <input type="checkbox" id="provning" name="provning" value="ja" checked={filters.reviewRequested} />
        <label for="provning" class="inline-label">
          {t('filterReviewRequested')}
        </label>
        <br />
        <input type="checkbox" id="avslutade" name="avslutade" value="ja" checked={filters.closed} />
        <label for="avslutade" class="inline-label">
          {t('filterClosed')}
        </label>
      </div>
      <div class="field">
        <button type="submit" class="button">
          {t('applyFilters')}
        </button>{' '}
        <a href={base}>{t('clearFilters')}</a>
      </div>
    </form>
  );
}

function Rows(props: QueueViewProps) {
  const { ctx, page, statusNames, assigneeNames, unread, now } = props;
  const t = translator(officerMessages, ctx.lang);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{t('resultsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colReference')}</th>
            <th scope="col">{t('colService')}</th>
            <th scope="col">{t('colApplicant')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('colSubmitted')}</th>
            <th scope="col">{t('colDue')}</th>
            <th scope="col">{t('colAssignee')}</th>
            <th scope="col">{t('colUnread')}</th>
            <th scope="col">{t('colChannel')}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row) => {
            const overdue = row.dueAt !== null && new Date(row.dueAt) < now;
            return (
              <tr key={row.id}>
                <td>
                  <a href={`/${ctx.tenant?.slug}/handlaggning/arenden/${row.reference}`}>{row.reference}</a>
                  {row.shared && (
                    <>
                      {' '}
                      <Tag tone="wait">{translator(secrecyMessages, ctx.lang)('sharedWithYouTag')}</Tag>
                    </>
                  )}
                </td>
                <td>{localized(row.serviceTitle, ctx.lang)}</td>
                <td>{row.applicantName ?? t('anonymous')}</td>
                <td>
                  {statusNames.get(row.status) ?? row.status}
                  {row.reviewRequestedAt && (
                    <>
                      {' '}
                      <Tag tone="wait">{t('reviewRequestedTag')}</Tag>
                    </>
                  )}
                </td>
                <td>{formatDate(row.submittedAt, ctx.lang)}</td>
                <td>
                  {row.dueAt ? formatDate(row.dueAt, ctx.lang) : '–'}
                  {overdue && <span class="overdue"> {t('overdue')}</span>}
                </td>
                <td>
                  {row.assignedStaffId ? (assigneeNames.get(row.assignedStaffId) ?? '–') : t('unassigned')}
                </td>
                <td>{unread.get(row.id) ?? 0}</td>
                <td>{localized(channelShortNames[row.channel], ctx.lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The queue page. */
export function QueuePageView(props: QueueViewProps) {
  const { ctx, actor, filters, page } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/`;
  return (
    <BackOfficeLayout ctx={ctx} actor={actor} title={t('queueTitle')}>
      <h1>{t('queueTitle')}</h1>
      <p>
        {actor.unitNames.length > 0
          ? t('queueIntro', { units: actor.unitNames.join(', ') })
          : t('noUnitsIntro')}
      </p>
      <Filters {...props} />
      {page.rows.length === 0 ? <p>{t('noResults')}</p> : <Rows {...props} />}
      <nav aria-label={t('resultsCaption')} class="pagination">
        {page.nextCursor && (
          <a href={`${base}${queueQueryString(filters, page.nextCursor)}`}>{t('nextPage')}</a>
        )}{' '}
        {ctx.currentPath.includes('efter=') && (
          <a href={`${base}${queueQueryString(filters)}`}>{t('firstPage')}</a>
        )}
      </nav>
    </BackOfficeLayout>
  );
}
