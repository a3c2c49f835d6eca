/** Short "Meddelanden" panels that the case pages embed (resident and officer). */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import { messageTexts } from '../message-texts.ts';
import { officerCasePath } from './officer-views.tsx';
import { residentThreadPath } from './resident-views.tsx';

export interface ResidentMessagesSummaryProps {
  ctx: PageContext;
  reference: string;
  unread: number;
  /** When the latest message was written; null when there are none. */
  latest: Date | null;
}

/** For `/mina-sidor/arenden/{reference}`: unread count, latest message time, link to the conversation. */
export function ResidentMessagesSummary({ ctx, reference, unread, latest }: ResidentMessagesSummaryProps) {
  const t = translator(messageTexts, ctx.lang);
  return (
    <section class="panel" aria-labelledby="messages-summary-title">
      <h2 id="messages-summary-title">{t('title')}</h2>
      {latest ? (
        <p>
          {unread === 0
            ? t('noUnreadMessages')
            : unread === 1
              ? t('unreadMessagesOne')
              : t('unreadMessagesMany', { count: unread })}{' '}
          · {t('latestMessage', { date: formatDateTime(latest, ctx.lang) })}
        </p>
      ) : (
        <p>{t('noMessagesYet')}</p>
      )}
      <p>
        <a href={residentThreadPath(reference)}>{t('readAndWrite')}</a>
      </p>
    </section>
  );
}

export interface OfficerMessagesSummaryProps {
  ctx: PageContext;
  tenantSlug: string;
  reference: string;
  unread: number;
  total: number;
}

/** For the officer's case page: how many messages, how many unread from the applicant, the link. */
export function OfficerMessagesSummary({
  ctx,
  tenantSlug,
  reference,
  unread,
  total,
}: OfficerMessagesSummaryProps) {
  const t = translator(messageTexts, ctx.lang);
  return (
    <section class="panel" aria-labelledby="messages-summary-title">
      <h2 id="messages-summary-title">{t('title')}</h2>
      {total === 0 ? (
        <p>{t('noMessagesYet')}</p>
      ) : (
        <p>
          {total === 1 ? t('totalMessagesOne') : t('totalMessagesMany', { count: total })}
          {unread > 0 &&
            ` · ${unread === 1 ? t('unreadFromApplicantOne') : t('unreadFromApplicantMany', { count: unread })}`}
        </p>
      )}
      <p>
        <a href={`${officerCasePath(tenantSlug, reference)}/meddelanden`}>{t('readAndWrite')}</a>
      </p>
    </section>
  );
}
