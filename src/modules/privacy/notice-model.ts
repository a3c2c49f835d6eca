/**
 * An e-service's privacy notice (GDPR art. 13, issue #14), taken from the municipality's record of
 * processing so that the two always say the same. Pure.
 */
import type { LegalBasis, LocalizedText, RetentionEndAction } from '../forms/definition.ts';
import type {
  DataCategory,
  DataProtectionOfficerContact,
  DataSubject,
  DecisionMaking,
  ProcessingRecord,
  Recipient,
  ServiceProcessing,
} from './record-model.ts';

/** The resident's rights the notice explains (GDPR art. 7.3, 15–18, 20–22, 77). */
export type ResidentRight =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'objection'
  | 'portability'
  | 'withdrawConsent'
  | 'humanReview'
  | 'complaint';

/** Whether the resident must provide the data (art. 13.2 e). */
export type Provision = 'voluntary' | 'contract' | 'required';

export interface PrivacyNotice {
  serviceSlug: string;
  title: LocalizedText;
  controller: ProcessingRecord['controller'];
  dataProtectionOfficer: DataProtectionOfficerContact | undefined;
  /** Undefined only for a version stored before issue #14 (the notice then says so). */
  purpose: LocalizedText | undefined;
  legalBasis: LegalBasis | undefined;
  legalBasisText: LocalizedText | undefined;
  categories: DataCategory[];
  identityFromLogin: ServiceProcessing['identityFromLogin'];
  dataSubjects: DataSubject[];
  recipients: Recipient[];
  retentionPeriod: string;
  atRetentionEnd: RetentionEndAction | undefined;
  decisionMaking: DecisionMaking;
  automaticDecisionBasis: LocalizedText | undefined;
  provision: Provision;
  rights: ResidentRight[];
}

/**
 * Which rights apply: access, rectification, erasure and restriction always (erasure is limited for
 * a legal obligation or a public task, art. 17.3 b, which the notice says); objection only for a
 * public task (art. 21.1, basis 6.1 e); portability for consent and contract (art. 20.1 a);
 * withdrawing consent for consent (art. 7.3); a human review of an automatic decision (art. 22.3);
 * and a complaint to IMY always (art. 77).
 */
export function rightsOf(basis: LegalBasis | undefined, decisionMaking: DecisionMaking): ResidentRight[] {
  const rights: ResidentRight[] = ['access', 'rectification', 'erasure', 'restriction'];
  if (basis === 'publicInterest') rights.push('objection');
  if (basis === 'consent' || basis === 'contract') rights.push('portability');
  if (basis === 'consent') rights.push('withdrawConsent');
  if (decisionMaking === 'automatic') rights.push('humanReview');
  rights.push('complaint');
  return rights;
}

/** Whether providing the data is voluntary, needed for a contract, or needed to handle the matter. */
export function provisionOf(basis: LegalBasis | undefined): Provision {
  if (basis === 'consent') return 'voluntary';
  return basis === 'contract' ? 'contract' : 'required';
}

/** Whether erasure is limited by law or archiving rules (art. 17.3 b and d). */
export function erasureLimited(basis: LegalBasis | undefined): boolean {
  return basis !== 'consent' && basis !== 'contract';
}

/** The notice of one service of the record; undefined when the record has no such service. */
export function privacyNotice(record: ProcessingRecord, serviceSlug: string): PrivacyNotice | undefined {
  const service = record.services.find((candidate) => candidate.slug === serviceSlug);
  if (!service) return undefined;
  const basis = service.privacy?.legalBasis;
  return {
    serviceSlug,
    title: service.title,
    controller: record.controller,
    dataProtectionOfficer: record.dataProtectionOfficer,
    purpose: service.privacy?.purpose,
    legalBasis: basis,
    legalBasisText: service.privacy?.legalBasisText,
    categories: service.categories,
    identityFromLogin: service.identityFromLogin,
    dataSubjects: service.dataSubjects,
    recipients: service.recipients,
    retentionPeriod: service.retentionPeriod,
    atRetentionEnd: service.privacy?.atRetentionEnd,
    decisionMaking: service.decisionMaking,
    automaticDecisionBasis: service.automaticDecisionBasis,
    provision: provisionOf(basis),
    rights: rightsOf(basis, service.decisionMaking),
  };
}
