/** The development mailbox page: received mails, newest first. */
import { Layout } from '../../web/layout.tsx';
import type { PageContext } from '../../web/page-context.ts';
import { formatDateTime, translator } from '../i18n/i18n.ts';
import type { DevMail } from './dev-mailbox.ts';
import { devMailMessages } from './messages.ts';

type T = ReturnType<typeof translator<keyof (typeof devMailMessages)['sv']>>;

function MailCard({ mail, ctx, t }: { mail: DevMail; ctx: PageContext; t: T }) {
  const headingId = `mail-${mail.id}`;
  return (
    <li class="card">
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>{mail.subject || t('noSubject')}</h2>
        <dl class="summary-list">
          <div>
            <dt>{t('to')}</dt>
            <dd>{mail.envelopeTo}</dd>
          </div>
          <div>
            <dt>{t('from')}</dt>
            <dd>{mail.envelopeFrom}</dd>
          </div>
          <div>
            <dt>{t('received')}</dt>
            <dd>
              <time dateTime={mail.receivedAt.toISOString()}>
                {formatDateTime(mail.receivedAt, ctx.lang)}
              </time>
            </dd>
          </div>
          <div>
            <dt>{t('messageId')}</dt>
            <dd>{mail.messageId}</dd>
          </div>
          <div>
            <dt>{t('body')}</dt>
            <dd>{mail.textBody}</dd>
          </div>
        </dl>
      </article>
    </li>
  );
}

/** The whole page. */
export function DevMailPage({ ctx, mails }: { ctx: PageContext; mails: DevMail[] }) {
  const t = translator(devMailMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('title')}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {mails.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <>
          <p>{t('showing', { count: mails.length })}</p>
          <ol class="card-list" aria-label={t('mailList')}>
            {mails.map((mail) => (
              <MailCard key={mail.id} mail={mail} ctx={ctx} t={t} />
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}
