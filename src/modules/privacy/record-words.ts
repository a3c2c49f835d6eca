/**
 * The record of processing in words (issue #14): one set of sentences per service that the HTML
 * page, the CSV download and the privacy notice all use, so what they say is worded once.
 */
import { type Language, localized, translator } from '../../platform/i18n/i18n.ts';
import { type PrivacyMessageKey, privacyMessages } from './messages.ts';
import type {
  DataCategory,
  DataSubject,
  InventoryEntry,
  Recipient,
  ServiceProcessing,
} from './record-model.ts';
import { legalBasisArticle, retentionWords } from './wording-model.ts';

/** What the record says about one service, each part as text or a list of texts. */
export interface ServiceWords {
  title: string;
  purpose: string;
  legalBasis: string;
  categories: string[];
  subjects: string[];
  recipients: string[];
  retention: string;
  atEnd: string;
  security: string;
  decisions: string;
}

const labels = (fields: readonly InventoryEntry[], lang: Language) =>
  fields.map((field) => localized(field.label, lang)).join(', ');

/** "Personuppgifter: Barnets namn, Skola" per category, after the identity from the e-ID. */
export function categoryWords(
  service: Pick<ServiceProcessing, 'categories' | 'identityFromLogin'>,
  lang: Language,
) {
  const t = translator(privacyMessages, lang);
  return [
    t(`identity_${service.identityFromLogin}`),
    ...service.categories.map((category: DataCategory) =>
      t('kindLine', { kind: t(`kind_${category.kind}`), fields: labels(category.fields, lang) }),
    ),
  ];
}

/** The data subjects, naming the fields children and others were inferred from. */
export function subjectWords(subjects: readonly DataSubject[], lang: Language): string[] {
  const t = translator(privacyMessages, lang);
  return subjects.map((subject) =>
    subject.kind === 'applicant'
      ? t('subject_applicant')
      : t(`subject_${subject.kind}`, { fields: labels(subject.fields, lang) }),
  );
}

/** One recipient in words. */
export function recipientWords(recipient: Recipient, lang: Language): string {
  const t = translator(privacyMessages, lang);
  switch (recipient.kind) {
    case 'unit':
      return t('recipient_unit', { name: recipient.name });
    case 'apiClient': {
      const scopes = recipient.scopes.map((scope) => {
        const key = `scope_${scope}`;
        return key in privacyMessages.sv ? t(key as PrivacyMessageKey) : scope;
      });
      return t('recipient_apiClient', { name: recipient.name, scopes: scopes.join(', ') });
    }
    case 'webhook':
      return (
        t('recipient_webhook', { name: recipient.name }) + (recipient.paused ? t('recipient_paused') : '')
      );
    case 'external':
      return t('recipient_external', { text: localized(recipient.text, lang) });
  }
}

/** The security measures line: login, access and logging, encryption of level 3, secrecy. */
export function securityWords(service: ServiceProcessing, lang: Language): string {
  const t = translator(privacyMessages, lang);
  const parts = [t(`security_login_${service.login}`), t('securityAccess')];
  if (service.encryptedFields.length > 0)
    parts.push(t('securityEncrypted', { fields: labels(service.encryptedFields, lang) }));
  if (service.confidential) parts.push(t('securityConfidential'));
  return `${parts.join('; ')}.`;
}

/** Everything the record says about a service, in words. */
export function serviceWords(service: ServiceProcessing, lang: Language): ServiceWords {
  const t = translator(privacyMessages, lang);
  const privacy = service.privacy;
  return {
    title: localized(service.title, lang),
    purpose: privacy ? localized(privacy.purpose, lang) : t('notDeclared'),
    legalBasis: privacy
      ? t('basisLine', {
          article: legalBasisArticle(privacy.legalBasis),
          basis: t(`basis_${privacy.legalBasis}`),
          text: localized(privacy.legalBasisText, lang),
        })
      : t('notDeclared'),
    categories: categoryWords(service, lang),
    subjects: subjectWords(service.dataSubjects, lang),
    recipients: service.recipients.map((recipient) => recipientWords(recipient, lang)),
    retention: retentionWords(service.retentionPeriod, lang),
    atEnd: privacy ? t(`end_${privacy.atRetentionEnd}`) : t('notDeclared'),
    security: securityWords(service, lang),
    decisions: t(`decisions_${service.decisionMaking}`, {
      basis: localized(service.automaticDecisionBasis, lang),
    }),
  };
}
