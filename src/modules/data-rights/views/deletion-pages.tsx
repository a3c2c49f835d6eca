/**
 * Confirmation pages for deleting (issue #14): a draft, and the profile — or why the profile
 * cannot go yet. Plain form posts: nothing here needs JavaScript.
 */
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { type DataRightsKey, dataRightsMessages } from '../messages.ts';
import type { DeletionBlocker } from '../model.ts';
import { RIGHTS_PATH } from './rights-page.tsx';

type T = (key: DataRightsKey, params?: Record<string, string | number>) => string;

/** `/mina-sidor/utkast/{id}/ta-bort`: what the draft is, and yes or no. */
export function DraftDeletePage(props: {
  ctx: PageContext;
  draftId: string;
  service: string;
  municipality: string;
  savedAt: Date;
}) {
  const { ctx } = props;
  const t = translator(dataRightsMessages, ctx.lang);
  const date = formatDateTime(props.savedAt, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('draftDeleteTitle')}>
      <h1>{t('draftDeleteTitle')}</h1>
      <p>{t('draftDeleteText', { service: props.service, municipality: props.municipality, date })}</p>
      <PostForm action={`/mina-sidor/utkast/${props.draftId}/ta-bort`} csrfToken={ctx.csrfToken}>
        <div class="button-row">
          <button type="submit" class="button warning">
            {t('draftDeleteButton')}
          </button>
          <a class="button secondary" href="/mina-sidor">
            {t('draftKeep')}
          </a>
        </div>
      </PostForm>
    </Layout>
  );
}

function representationText(
  item: Extract<DeletionBlocker, { kind: 'representations' }>['items'][number],
  t: T,
) {
  const params = { name: item.otherName, municipality: item.municipality };
  if (item.kind === 'guardian') return t(item.side === 'held' ? 'guardianHeld' : 'guardianGiven', params);
  return t(item.side === 'held' ? 'representationHeld' : 'representationGiven', params);
}

function Blocker({ blocker, t }: { blocker: DeletionBlocker; t: T }) {
  switch (blocker.kind) {
    case 'ownCases':
      return (
        <li>
          {t('blockedOwnCases')}
          <ul>
            {blocker.cases.map((item) => (
              <li key={item.reference}>
                <a href={`/mina-sidor/arenden/${item.reference}`}>
                  {t('blockedCaseItem', {
                    reference: item.reference,
                    municipality: item.municipality,
                    state: t(item.closed ? 'caseClosed' : 'caseOpen'),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </li>
      );
    case 'actedInCases':
      return (
        <li>
          {t('blockedActedInCases')}
          <ul>
            {blocker.references.map((reference) => (
              <li key={reference}>{reference}</li>
            ))}
          </ul>
        </li>
      );
    case 'draftsForOthers':
      return <li>{t('blockedDraftsForOthers', { count: blocker.count })}</li>;
    case 'representations':
      return (
        <li>
          {t('blockedRepresentations')}
          <ul>
            {blocker.items.map((item) => (
              <li key={`${item.side}-${item.otherName}-${item.municipality}`}>
                {representationText(item, t)}
              </li>
            ))}
          </ul>
          <p>
            {t('blockedRepresentationsHelp')} <a href="/mina-sidor/ombud">{t('ombudLink')}</a>
          </p>
        </li>
      );
    case 'staff':
      return <li>{t('blockedStaff', { municipalities: blocker.municipalities.join(', ') })}</li>;
  }
}

/** `/mina-sidor/mina-uppgifter/ta-bort-profil`: the reasons it stays, or what goes and yes or no. */
export function ProfileDeletePage({ ctx, blockers }: { ctx: PageContext; blockers: DeletionBlocker[] }) {
  const t = translator(dataRightsMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('profileDeleteTitle')}>
      <p>
        <a href={RIGHTS_PATH}>{t('backToRights')}</a>
      </p>
      <h1>{t('profileDeleteTitle')}</h1>
      {blockers.length > 0 ? (
        <>
          <p>{t('profileBlockedIntro')}</p>
          <ul class="blockers">
            {blockers.map((blocker) => (
              <Blocker key={blocker.kind} blocker={blocker} t={t} />
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{t('profileDeleteIntro')}</p>
          <p>{t('profileDeleteKept')}</p>
          <p>
            <strong>{t('profileDeleteIrreversible')}</strong>
          </p>
          <PostForm action={`${RIGHTS_PATH}/ta-bort-profil`} csrfToken={ctx.csrfToken}>
            <div class="button-row">
              <button type="submit" class="button warning">
                {t('profileDeleteButton')}
              </button>
              <a class="button secondary" href={RIGHTS_PATH}>
                {t('profileKeep')}
              </a>
            </div>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

/** `/mina-sidor/profil-borttagen`: after the deletion (no login: the sessions are gone). */
export function ProfileDeletedPage({ ctx }: { ctx: PageContext }) {
  const t = translator(dataRightsMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('profileDeletedTitle')}>
      <h1>{t('profileDeletedTitle')}</h1>
      <p class="notice" role="status">
        {t('profileDeletedText')}
      </p>
      <p>
        <a href="/">{t('toStart')}</a>
      </p>
    </Layout>
  );
}
