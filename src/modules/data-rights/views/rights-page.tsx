/** `/mina-sidor/mina-uppgifter`: the resident's rights in one place (issue #14, GDPR art. 15–17, 20). */
import { translator } from '../../../platform/i18n/i18n.ts';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { dataRightsMessages } from '../messages.ts';

/** Where the rights pages live. */
export const RIGHTS_PATH = '/mina-sidor/mina-uppgifter';

/** The hub: download, who read, correct, delete drafts, delete the profile. */
export function RightsPage({ ctx, acting }: { ctx: PageContext; acting: boolean }) {
  const t = translator(dataRightsMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('rightsTitle')}>
      <p>
        <a href="/mina-sidor">{t('backToMyPages')}</a>
      </p>
      <h1>{t('rightsTitle')}</h1>
      <p class="lead">{t('rightsIntro')}</p>
      {acting && (
        <p class="notice" role="note">
          {t('actingNote')}
        </p>
      )}
      <section aria-labelledby="download-title">
        <h2 id="download-title">{t('downloadTitle')}</h2>
        <p>{t('downloadText')}</p>
        <ul class="link-list">
          <li>
            <a href={`${RIGHTS_PATH}/mina-uppgifter.pdf`}>{t('downloadPdf')}</a>
          </li>
          <li>
            <a href={`${RIGHTS_PATH}/mina-uppgifter.json`}>{t('downloadJson')}</a>
          </li>
        </ul>
        <p class="muted">{t('downloadLogged')}</p>
      </section>
      <section aria-labelledby="access-title">
        <h2 id="access-title">{t('accessTitle')}</h2>
        <p>{t('accessText')}</p>
        <p>
          <a href={`${RIGHTS_PATH}/vem-har-last`}>{t('accessLink')}</a>
        </p>
      </section>
      <section aria-labelledby="correct-title">
        <h2 id="correct-title">{t('correctTitle')}</h2>
        <p>{t('correctText')}</p>
        <ul class="link-list">
          <li>
            <a href="/mina-sidor/profil">{t('correctLink')}</a>
          </li>
          <li>
            <a href="/mina-sidor/meddelanden">{t('messagesLink')}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="drafts-title">
        <h2 id="drafts-title">{t('draftsTitle')}</h2>
        <p>{t('draftsText')}</p>
        <p>
          <a href="/mina-sidor">{t('draftsLink')}</a>
        </p>
      </section>
      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t('deleteTitle')}</h2>
        <p>{t('deleteText')}</p>
        <p>
          <a href={`${RIGHTS_PATH}/ta-bort-profil`}>{t('deleteLink')}</a>
        </p>
      </section>
    </Layout>
  );
}
