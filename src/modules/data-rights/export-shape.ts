/**
 * The shape of a resident's data export (GDPR art. 15 and 20, issue #14): plain JSON in the
 * resident's language, the same for the JSON download and the PDF. Only what the resident may
 * already see on My Pages, plus their profile and who read their cases (decision 0032).
 */
import { type Language, type LocalizedText, localized } from '../../platform/i18n/i18n.ts';
import { channelText, registrarText } from '../cases/intake-model.ts';
import { residentEventText, residentStatusText } from '../cases/model.ts';
import type { CaseDetails } from '../cases/service.ts';
import { outcomeLabel } from '../decisions/model.ts';
import type { DecisionRecord } from '../decisions/service.ts';
import type { Answers, LegalBasis, ServiceDefinition } from '../forms/definition.ts';
import { answerSummary } from '../forms/format-answer.ts';
import type { ThreadMessage } from '../messages/service.ts';

export interface ExportedAnswer {
  section: string;
  question: string;
  answer: string;
}

export interface ExportedCase {
  reference: string;
  municipality: string;
  service: string;
  status: string;
  submittedAt: string;
  closedAt: string | null;
  cameInVia: string;
  registeredBy: string;
  /** Why the municipality processes the data, its legal basis, and how long a closed case is kept (ISO 8601). */
  purpose: string;
  legalBasis: string;
  retentionPeriod: string;
  answers: ExportedAnswer[];
  history: { at: string; event: string; by?: string; message?: string }[];
  messages: { at: string; from: string; text: string; attachments: ExportedFile[] }[];
  decisions: {
    decidedAt: string;
    outcome: string;
    justification: string;
    legalBasis: string;
    validFrom: string | null;
    validTo: string | null;
    appealInformation: string | null;
    decidedBy: string;
  }[];
  attachments: ExportedFile[];
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface ExportedDraft {
  municipality: string;
  service: string;
  startedAt: string;
  lastSavedAt: string;
  startedByRepresentative: boolean;
  /** The case a completion draft completes. */
  completesCase: string | null;
  answers: ExportedAnswer[];
}

export interface ExportedRepresentation {
  /** `given`: someone represents you; `held`: you represent someone. */
  side: 'given' | 'held';
  kind: 'representative' | 'guardian';
  otherParty: string;
  municipality: string;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
  state: string;
}

export interface ExportedConsent {
  reference: string;
  municipality: string;
  consentTo: string;
  givenAt: string;
}

export interface ExportedAccess {
  /** null: a read about you without a case (a look-up). */
  reference: string | null;
  municipality: string;
  at: string;
  action: string;
  reader: string;
  unit: string;
  role: string;
}

/** The whole export. */
export interface DataExport {
  format: 'ingang-personal-data';
  version: 1;
  generatedAt: string;
  language: Language;
  scope: string;
  person: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
    email: string | null;
    phone: string | null;
    address: { street: string; postalCode: string; city: string } | null;
    preferredLanguage: string | null;
  };
  cases: ExportedCase[];
  drafts: ExportedDraft[];
  representations: ExportedRepresentation[];
  consents: ExportedConsent[];
  accessLog: ExportedAccess[];
}

const LEGAL_BASIS: Record<LegalBasis, LocalizedText> = {
  consent: { sv: 'Samtycke', en: 'Consent' },
  contract: { sv: 'Avtal', en: 'Contract' },
  legalObligation: { sv: 'Rättslig förpliktelse', en: 'Legal obligation' },
  vitalInterests: { sv: 'Grundläggande intressen', en: 'Vital interests' },
  publicInterest: {
    sv: 'Allmänt intresse eller myndighetsutövning',
    en: 'Public interest or official authority',
  },
};

const ON_BEHALF: Record<string, LocalizedText> = {
  guardian: { sv: 'vårdnadshavare', en: 'guardian' },
  representative: { sv: 'ombud', en: 'representative' },
};

const iso = (date: Date | string) => new Date(date).toISOString();

/** A definition's visible answers as section, question and answer text (unanswered ones left out). */
export function exportedAnswers(
  definition: ServiceDefinition,
  answers: Answers,
  lang: Language,
): ExportedAnswer[] {
  return answerSummary(definition, answers, lang).flatMap(({ step, rows }) =>
    rows
      .filter((row) => row.text !== '')
      .map((row) => ({
        section: localized(step.title, lang),
        question: localized(row.field.label, lang),
        answer: row.text,
      })),
  );
}

function legalBasisOf(definition: ServiceDefinition, lang: Language): string {
  const privacy = definition.privacy;
  if (!privacy) return '';
  const law = localized(privacy.legalBasisText, lang);
  const basis = localized(LEGAL_BASIS[privacy.legalBasis], lang);
  return law ? `${basis} (${law})` : basis;
}

function historyOf(details: CaseDetails, lang: Language): ExportedCase['history'] {
  return details.events.map((event) => {
    const { text, message } = residentEventText(details.workflow, event);
    const actor = event.actor as { name?: string; onBehalfOf?: { role: string } };
    const role = actor.onBehalfOf ? ON_BEHALF[actor.onBehalfOf.role] : undefined;
    return {
      at: iso(event.createdAt),
      event: localized(text, lang),
      ...(role ? { by: `${actor.name ?? ''} (${localized(role, lang)})` } : {}),
      ...(message ? { message } : {}),
    };
  });
}

/** One case as the export holds it. */
export function exportedCase(
  details: CaseDetails,
  messages: ThreadMessage[],
  decisions: DecisionRecord[],
  lang: Language,
): ExportedCase {
  const { case: item, version, workflow } = details;
  const definition = version.definition;
  const file = (f: ExportedFile) => ({
    filename: f.filename,
    contentType: f.contentType,
    sizeBytes: f.sizeBytes,
  });
  return {
    reference: item.reference,
    municipality: details.tenant.name,
    service: localized(definition.title, lang),
    status: localized(residentStatusText(workflow, item.status, item.statusCategory), lang),
    submittedAt: iso(item.submittedAt),
    closedAt: item.closedAt ? iso(item.closedAt) : null,
    cameInVia: localized(channelText(item.channel, item.channelDetail), lang),
    registeredBy: localized(registrarText(item.registeredByKind, item.registeredByLabel), lang),
    purpose: localized(definition.privacy?.purpose, lang),
    legalBasis: legalBasisOf(definition, lang),
    retentionPeriod: definition.retentionPeriod,
    answers: exportedAnswers(definition, item.answers, lang),
    history: historyOf(details, lang),
    messages: messages.map((message) => ({
      at: iso(message.createdAt),
      from: message.authorName,
      text: message.body,
      attachments: message.attachments.map(file),
    })),
    decisions: decisions.map((decision) => ({
      decidedAt: iso(decision.decidedAt),
      outcome: localized(outcomeLabel[decision.outcome], lang),
      justification: decision.justification,
      legalBasis: decision.legalBasis,
      validFrom: decision.validFrom,
      validTo: decision.validTo,
      appealInformation: decision.appealInformation,
      decidedBy: decision.decidedByName,
    })),
    attachments: details.attachments.map(file),
  };
}

const CONSENT_TO_PROCESSING: LocalizedText = {
  sv: 'Behandling av uppgifterna i ärendet',
  en: 'Processing of the data in the case',
};
const CONSENT_TO_REGISTRATION: LocalizedText = {
  sv: 'Att kundcenter registrerade ärendet åt dig',
  en: 'The customer centre registering the case for you',
};

/**
 * The consents a case records: to the processing itself when the service rests on consent (GDPR
 * art. 6.1 a), and to the customer centre registering it on the person's behalf (issue #13).
 */
export function consentsOf(details: CaseDetails, lang: Language): ExportedConsent[] {
  const base = { reference: details.case.reference, municipality: details.tenant.name };
  const consents: ExportedConsent[] = [];
  if (details.version.definition.privacy?.legalBasis === 'consent')
    consents.push({
      ...base,
      consentTo: localized(CONSENT_TO_PROCESSING, lang),
      givenAt: iso(details.case.submittedAt),
    });
  const registered = details.events.find((event) => event.data.consent === true);
  if (registered)
    consents.push({
      ...base,
      consentTo: localized(CONSENT_TO_REGISTRATION, lang),
      givenAt: iso(registered.createdAt),
    });
  return consents;
}
