/**
 * An e-service's privacy notice, `/{tenant}/e-tjanster/{service}/personuppgifter` (GDPR art. 13,
 * issue #14): who is responsible and how to reach the data protection officer, why and on what
 * basis, what data and whose, who receives it, how long it is kept, automated decisions and the
 * resident's rights. Everything service-specific comes from the record of processing.
 */
import { type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { privacyMessages } from '../messages.ts';
import { noticeMessages } from '../notice-messages.ts';
import { erasureLimited, type PrivacyNotice, type ResidentRight } from '../notice-model.ts';
import { categoryWords, recipientWords, subjectWords } from '../record-words.ts';
import { legalBasisArticle, retentionWords } from '../wording-model.ts';

type Props = { notice: PrivacyNotice; lang: Language };

function Controller({ notice, lang }: Props) {
  const t = translator(noticeMessages, lang);
  const { contact } = notice.controller;
  const dpo = notice.dataProtectionOfficer;
  return (
    <>
      <h2>{t('controllerTitle')}</h2>
      <p>{t('controllerText', { name: notice.controller.name })}</p>
      <p>{t('contactLine', { phone: contact.phone, email: contact.email, address: contact.address })}</p>
      <h2>{t('dpoTitle')}</h2>
      {dpo ? (
        <>
          <p>{t('dpoText')}</p>
          <ul>
            <li>{t('dpoEmail', { email: dpo.email })}</li>
            {dpo.phone && <li>{t('dpoPhone', { phone: dpo.phone })}</li>}
            {dpo.address && <li>{t('dpoAddress', { address: dpo.address })}</li>}
          </ul>
        </>
      ) : (
        <p>{t('dpoFallback', { email: contact.email })}</p>
      )}
    </>
  );
}

function Basis({ notice, lang }: Props) {
  const t = translator(noticeMessages, lang);
  const words = translator(privacyMessages, lang);
  const kinds = new Set(notice.categories.map((category) => category.kind));
  return (
    <>
      <h2>{t('purposeTitle')}</h2>
      <p>{notice.purpose ? localized(notice.purpose, lang) : t('notDeclared')}</p>
      <h2>{t('basisTitle')}</h2>
      {notice.legalBasis ? (
        <p>
          {t('basisText', {
            article: legalBasisArticle(notice.legalBasis),
            basis: words(`basis_${notice.legalBasis}`),
          })}{' '}
          {localized(notice.legalBasisText, lang)}
        </p>
      ) : (
        <p>{t('notDeclared')}</p>
      )}
      {kinds.has('sensitive') && <p>{t('sensitiveText')}</p>}
      {kinds.has('offences') && <p>{t('offencesText')}</p>}
    </>
  );
}

function Data({ notice, lang }: Props) {
  const t = translator(noticeMessages, lang);
  const list = (items: string[]) => (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
  return (
    <>
      <h2>{t('dataTitle')}</h2>
      {list(categoryWords(notice, lang))}
      <h2>{t('subjectsTitle')}</h2>
      {list(subjectWords(notice.dataSubjects, lang))}
      <h2>{t('provisionTitle')}</h2>
      <p>{t(`provision_${notice.provision}`)}</p>
      <h2>{t('recipientsTitle')}</h2>
      {notice.recipients.length > 0 ? (
        list(notice.recipients.map((recipient) => recipientWords(recipient, lang)))
      ) : (
        <p>{t('recipientsNone')}</p>
      )}
      <p>{t('recipientsPublic')}</p>
    </>
  );
}

function Retention({ notice, lang }: Props) {
  const t = translator(noticeMessages, lang);
  return (
    <>
      <h2>{t('retentionTitle')}</h2>
      <p>
        {t('retentionText', { period: retentionWords(notice.retentionPeriod, lang) })}{' '}
        {notice.atRetentionEnd ? t(`end_${notice.atRetentionEnd}`) : t('notDeclared')}
      </p>
      <h2>{t('decisionsTitle')}</h2>
      <p>
        {t(`decisions_${notice.decisionMaking}`, { basis: localized(notice.automaticDecisionBasis, lang) })}
      </p>
    </>
  );
}

function rightText(right: Exclude<ResidentRight, 'complaint'>, notice: PrivacyNotice, lang: Language) {
  const t = translator(noticeMessages, lang);
  return right === 'erasure' && erasureLimited(notice.legalBasis)
    ? t('right_erasureLimited')
    : t(`right_${right}`);
}

function Rights({ notice, lang }: Props) {
  const t = translator(noticeMessages, lang);
  const rights = notice.rights.filter(
    (right): right is Exclude<ResidentRight, 'complaint'> => right !== 'complaint',
  );
  return (
    <>
      <h2>{t('rightsTitle')}</h2>
      <p>{t('rightsIntro')}</p>
      <ul>
        {rights.map((right) => (
          <li key={right} data-right={right}>
            {rightText(right, notice, lang)}
          </li>
        ))}
      </ul>
      <p>
        {t('rightsHow', { email: notice.dataProtectionOfficer?.email ?? notice.controller.contact.email })}
      </p>
      {notice.rights.includes('complaint') && (
        <p data-right="complaint">
          {t('right_complaint')} <a href="https://www.imy.se/">{t('imyLink')}</a>
        </p>
      )}
    </>
  );
}

/** The page. */
export function NoticePage({ ctx, notice }: { ctx: PageContext; notice: PrivacyNotice }) {
  const t = translator(noticeMessages, ctx.lang);
  const service = localized(notice.title, ctx.lang);
  const props = { notice, lang: ctx.lang };
  return (
    <Layout ctx={ctx} title={`${t('title')} – ${service}`}>
      <h1>{t('title')}</h1>
      <p class="lead">{t('lead', { service })}</p>
      <Controller {...props} />
      <Basis {...props} />
      <Data {...props} />
      <Retention {...props} />
      <Rights {...props} />
      <p>
        <a href={`/${ctx.tenant?.slug ?? ''}/e-tjanster/${notice.serviceSlug}`}>{t('back', { service })}</a>
      </p>
    </Layout>
  );
}
