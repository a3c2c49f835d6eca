/**
 * The customer centre's rules (issue #13, docs/customer-centre.md): the channels, how a person was
 * identified, what a contact without a case is closed with, and the checks of the staff's forms.
 * Pure: the use cases are in service.ts. What staff may see of a case is the one case policy
 * (case-handling/policy.ts, `caseView`).
 */
import type { CustomerCentreChannel } from '../../db/schema.ts';
import type { ProblemFieldError } from '../../platform/errors.ts';
import type { ApplicantContact, IntakeApplicant } from '../cases/intake-model.ts';
import { CUSTOMER_CENTRE_CHANNELS } from '../cases/intake-model.ts';
import { normalizePersonalIdentityNumber } from '../forms/normalize.ts';

export type { CustomerCentreChannel };
export { CUSTOMER_CENTRE_CHANNELS };

/** How the person was identified when the case was registered for them. */
export type Identification = 'idDocument' | 'mobileBankId' | 'knownToStaff' | 'notIdentified';
export const IDENTIFICATIONS: readonly Identification[] = [
  'idDocument',
  'mobileBankId',
  'knownToStaff',
  'notIdentified',
];

/**
 * What came of a contact closed without a case: a fixed list, never free text, so that no personal
 * data gathers in the statistics (decision record 0027).
 */
export type ContactOutcome =
  | 'answeredFromKnowledgeBase'
  | 'gaveInformation'
  | 'referredToEService'
  | 'referredToUnit'
  | 'referredToOtherAuthority';
export const CONTACT_OUTCOMES: readonly ContactOutcome[] = [
  'answeredFromKnowledgeBase',
  'gaveInformation',
  'referredToEService',
  'referredToUnit',
  'referredToOtherAuthority',
];
/** The outcome of a contact that registered a case. */
export const CASE_REGISTERED = 'caseRegistered';

/** The category of a contact outside the tenant's life events. */
export const OTHER_CATEGORY = 'other';

const text = (raw: unknown): string => (typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '');

function oneOf<T extends string>(list: readonly T[], raw: unknown): T | undefined {
  return list.find((value) => value === raw);
}

/** Reads the look-up form: a valid personnummer, as 12 digits. */
export function parseLookup(raw: unknown): { personalIdentityNumber: string } | { error: ProblemFieldError } {
  const typed = text(raw);
  if (!typed) return { error: { field: 'personalIdentityNumber', message: 'pinMissing' } };
  const personalIdentityNumber = normalizePersonalIdentityNumber(typed);
  return personalIdentityNumber
    ? { personalIdentityNumber }
    : { error: { field: 'personalIdentityNumber', message: 'pinInvalid' } };
}

/** A contact closed without a case. */
export interface ClosedContact {
  channel: CustomerCentreChannel;
  category: string;
  outcome: ContactOutcome;
}

/** Reads the "close contact" form; `categories` are the tenant's life event slugs. */
export function parseClosedContact(
  form: Record<string, unknown>,
  categories: readonly string[],
): { contact: ClosedContact } | { errors: ProblemFieldError[] } {
  const channel = oneOf(CUSTOMER_CENTRE_CHANNELS, form.channel);
  const category = oneOf([...categories, OTHER_CATEGORY], form.category);
  const outcome = oneOf(CONTACT_OUTCOMES, form.outcome);
  const errors: ProblemFieldError[] = [];
  if (!channel) errors.push({ field: 'channel', message: 'channelMissing' });
  if (!category) errors.push({ field: 'category', message: 'categoryMissing' });
  if (!outcome) errors.push({ field: 'outcome', message: 'outcomeMissing' });
  if (!channel || !category || !outcome) return { errors };
  return { contact: { channel, category, outcome } };
}

/** Who the case is for, as the registration form gives it. */
export type RegistrationApplicant =
  /** A person already in the register (found by the look-up). */
  | { kind: 'known'; personId: string }
  | { kind: 'new'; personalIdentityNumber: string; givenName: string; familyName: string }
  | { kind: 'anonymous'; contact?: ApplicantContact };

/** The customer centre's part of a registration: everything but the service's own answers. */
export interface RegistrationMeta {
  channel: CustomerCentreChannel;
  identification: Identification;
  applicant: RegistrationApplicant;
}

function newApplicant(form: Record<string, unknown>, errors: ProblemFieldError[]): RegistrationApplicant {
  const typedPin = text(form.ccPin);
  const givenName = text(form.ccGivenName);
  const familyName = text(form.ccFamilyName);
  if (!typedPin) {
    const email = text(form.ccEmail);
    const phone = text(form.ccPhone);
    const contact: ApplicantContact = {};
    if (email) contact.email = email;
    if (phone) contact.phone = phone;
    return { kind: 'anonymous', contact: email || phone ? contact : undefined };
  }
  const personalIdentityNumber = normalizePersonalIdentityNumber(typedPin);
  if (!personalIdentityNumber) errors.push({ field: 'ccPin', message: 'pinInvalid' });
  if (!givenName || givenName.length > 100)
    errors.push({ field: 'ccGivenName', message: 'givenNameMissing' });
  if (!familyName || familyName.length > 100)
    errors.push({ field: 'ccFamilyName', message: 'familyNameMissing' });
  return { kind: 'new', personalIdentityNumber: personalIdentityNumber ?? '', givenName, familyName };
}

/**
 * Reads the customer centre's fields of the registration form (named `cc…`, apart from any
 * service's field ids): channel, identification, the
 * person's consent (required) and, unless the person was found, who the case is for (a personnummer
 * with names, or no personnummer: an anonymous applicant with optional contact details).
 */
export function parseRegistrationMeta(
  form: Record<string, unknown>,
  knownPersonId: string | undefined,
): { meta: RegistrationMeta } | { errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  const channel = oneOf(CUSTOMER_CENTRE_CHANNELS, form.ccChannel);
  const identification = oneOf(IDENTIFICATIONS, form.ccIdentification);
  if (!channel) errors.push({ field: 'ccChannel', message: 'channelMissing' });
  if (!identification) errors.push({ field: 'ccIdentification', message: 'identificationMissing' });
  if (form.ccConsent !== 'yes') errors.push({ field: 'ccConsent', message: 'consentMissing' });
  const applicant: RegistrationApplicant = knownPersonId
    ? { kind: 'known', personId: knownPersonId }
    : newApplicant(form, errors);
  if (errors.length > 0 || !channel || !identification) return { errors };
  return { meta: { channel, identification, applicant } };
}

/** The intake's applicant for a registration; a known person comes with the register's names. */
export function intakeApplicantOf(
  applicant: RegistrationApplicant,
  known?: { personalIdentityNumber: string; givenName: string; familyName: string },
): IntakeApplicant {
  if (applicant.kind === 'anonymous') return { kind: 'anonymous', contact: applicant.contact };
  if (applicant.kind === 'new') {
    const { personalIdentityNumber, givenName, familyName } = applicant;
    return { kind: 'person', personalIdentityNumber, givenName, familyName };
  }
  if (!known) throw new Error('a known applicant needs the person register’s names');
  return { kind: 'person', ...known };
}

/** A registration's contact category: the service's first life event the tenant has, else `other`. */
export function categoryOfService(serviceLifeEvents: readonly string[], tenantCategories: readonly string[]) {
  return serviceLifeEvents.find((slug) => tenantCategories.includes(slug)) ?? OTHER_CATEGORY;
}

/** One cell group of the statistics: contacts in a month, by channel and category. */
export interface ContactFigure {
  month: string;
  channel: CustomerCentreChannel;
  category: string;
  closed: number;
  registered: number;
}

/** Months of the statistics, newest first, then channel order, then category. */
export function sortFigures(figures: ContactFigure[]): ContactFigure[] {
  const channelIndex = (channel: CustomerCentreChannel) => CUSTOMER_CENTRE_CHANNELS.indexOf(channel);
  return [...figures].sort(
    (a, b) =>
      b.month.localeCompare(a.month) ||
      channelIndex(a.channel) - channelIndex(b.channel) ||
      a.category.localeCompare(b.category),
  );
}

/** Totals per channel over the figures (the statistics page's summary row). */
export function totalsByChannel(figures: readonly ContactFigure[]) {
  return CUSTOMER_CENTRE_CHANNELS.map((channel) => {
    const rows = figures.filter((figure) => figure.channel === channel);
    return {
      channel,
      closed: rows.reduce((sum, row) => sum + row.closed, 0),
      registered: rows.reduce((sum, row) => sum + row.registered, 0),
    };
  });
}
