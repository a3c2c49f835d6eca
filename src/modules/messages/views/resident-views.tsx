/** The resident's message pages: the inbox (`/mina-sidor/meddelanden`) and one case's conversation. */
import { formatDateTime, type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, Tag } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { messageTexts } from '../message-texts.ts';
import type { InboxEntry, MessageThread } from '../service.ts';
import {
  formErrors,
  MessageFormSection,
  type MessageFormState,
  SentNotice,
  Thread,
} from './thread-parts.tsx';

/** "2 olästa" / "Inga olästa". */
export function unreadText(unread: number, lang: Language): string {
  const t = translator(messageTexts, lang);
  if (unread === 0) return t('noUnread');
  return unread === 1 ? t('unreadOne') : t('unreadMany', { count: unread });
}

/** `/mina-sidor/arenden/{reference}/meddelanden` for the resident. */
export function residentThreadPath(reference: string): string {
  return `/mina-sidor/arenden/${encodeURIComponent(reference)}/meddelanden`;
}

/** `/mina-sidor/meddelanden`. */
export function InboxPage({ ctx, entries }: { ctx: PageContext; entries: InboxEntry[] }) {
  const t = translator(messageTexts, ctx.lang);
  // While acting for someone (issue #13) the page is about their cases, not the reader's.
  const acting = ctx.actingFor;
  return (
    <Layout ctx={ctx} title={t('title')}>
      <p>
        <a href="/mina-sidor">{t('backToMyPages')}</a>
      </p>
      <h1>{t('title')}</h1>
      <p class="lead">{acting ? t('inboxIntroActing', acting) : t('inboxIntro')}</p>
      {entries.length === 0 ? (
        <p>{acting ? t('inboxEmptyActing', acting) : t('inboxEmpty')}</p>
      ) : (
        <ul class="card-list">
          {entries.map((entry) => (
            <li class="card" key={entry.caseId}>
              <h2>
                <a href={residentThreadPath(entry.reference)}>{localized(entry.serviceTitle, ctx.lang)}</a>
              </h2>
              <p>
                {t('reference')}: {entry.reference} · {entry.tenantName}
              </p>
              <p>
                {t('latestMessage', { date: formatDateTime(entry.latestAt, ctx.lang) })} ·{' '}
                <Tag tone={entry.unread > 0 ? 'wait' : 'neutral'}>{unreadText(entry.unread, ctx.lang)}</Tag>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface ResidentThreadPageProps {
  ctx: PageContext;
  thread: MessageThread;
  sent: boolean;
  form?: MessageFormState;
}

/** One case's conversation for the applicant, with the form to write to the case officer. */
export function ResidentThreadPage({ ctx, thread, sent, form }: ResidentThreadPageProps) {
  const t = translator(messageTexts, ctx.lang);
  const base = residentThreadPath(thread.reference);
  return (
    <Layout ctx={ctx} title={t('threadTitle', { reference: thread.reference })} hasErrors={!!form}>
      <p>
        <a href={`/mina-sidor/arenden/${encodeURIComponent(thread.reference)}`}>{t('backToCase')}</a> ·{' '}
        <a href="/mina-sidor/meddelanden">{t('backToInbox')}</a>
      </p>
      <ErrorSummary errors={formErrors(form, ctx.lang)} lang={ctx.lang} />
      <SentNotice text={sent && !form ? t('sentResident') : undefined} />
      <h1>{t('title')}</h1>
      <p class="lead">
        {localized(thread.serviceTitle, ctx.lang)} · {t('reference')}: {thread.reference} ·{' '}
        {thread.tenant.name}
      </p>
      <p>{t('threadIntroResident')}</p>
      <Thread ctx={ctx} messages={thread.messages} viewer="resident" attachmentBase={`${base}/bilagor`} />
      <MessageFormSection ctx={ctx} action={base} hint={t('bodyHintResident')} state={form} />
    </Layout>
  );
}
