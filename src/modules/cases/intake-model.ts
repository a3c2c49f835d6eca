/**
 * Intake rules (issue #9): which channels exist, who may register a case, what an applicant is, and
 * how they read on the case pages. Pure: the use case is in intake.ts.
 */
import type {
  ApplicantContact,
  ApplicantKind,
  CaseChannel,
  CaseEventActor,
  CustomerCentreChannel,
  RegisteredByKind,
} from '../../db/schema.ts';
import type { LocalizedText, ServiceDefinition } from '../forms/definition.ts';
import { normalizePersonalIdentityNumber } from '../forms/normalize.ts';
import { validateContact } from '../profile/model.ts';

export type { ApplicantContact, ApplicantKind, CaseChannel, CustomerCentreChannel, RegisteredByKind };

export const CASE_CHANNELS: readonly CaseChannel[] = ['web', 'customerCentre', 'open311', 'sensor', 'api'];
export const CUSTOMER_CENTRE_CHANNELS: readonly CustomerCentreChannel[] = [
  'phone',
  'visit',
  'letter',
  'email',
];

/** The way in: the customer centre says how it was reached, the other channels have no sub-channel. */
export type IntakeChannel =
  | { channel: 'customerCentre'; detail: CustomerCentreChannel }
  | { channel: Exclude<CaseChannel, 'customerCentre'> };

/** Who registered the case: the applicant themself, or a staff member, representative, client or device. */
export interface Registrar {
  kind: RegisteredByKind;
  /** Person id (resident, representative), staff member id, API client id or device id. */
  id?: string;
  /** The name or label shown on the case pages ("Sara Holm", "Gatubelysningssensor 17"). */
  label?: string;
}

/** The applicant as given to the intake. */
export type IntakeApplicant =
  | { kind: 'person'; personalIdentityNumber: string; givenName: string; familyName: string }
  | { kind: 'organisation'; organisationNumber: string; name: string; contact?: ApplicantContact }
  | { kind: 'anonymous'; contact?: ApplicantContact };

/** An applicant that passed the checks: numbers normalised, contact details tidied. */
export type CheckedApplicant =
  | { kind: 'person'; personalIdentityNumber: string; givenName: string; familyName: string }
  | { kind: 'organisation'; organisationNumber: string; name: string; contact: ApplicantContact | null }
  | { kind: 'anonymous'; contact: ApplicantContact | null };

export interface IntakeProblem {
  field: string;
  message: string;
}

/** Whether the version accepts cases from this channel (every channel when it does not say). */
export function acceptsChannel(definition: ServiceDefinition, channel: CaseChannel): boolean {
  const channels = definition.intake?.channels;
  return !channels || channels.includes(channel);
}

/** Ten digits with a valid Luhn check digit, as Bolagsverket issues them; undefined otherwise. */
export function normalizeOrganisationNumber(raw: string): string | undefined {
  const digits = raw.trim().replace(/^(\d{6})-(\d{4})$/, '$1$2');
  if (!/^\d{10}$/.test(digits)) return undefined;
  let sum = 0;
  for (let index = 0; index < 10; index += 1) {
    const product = Number(digits[index]) * (index % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === 0 ? digits : undefined;
}

function checkContact(contact: ApplicantContact | undefined, problems: IntakeProblem[]) {
  if (!contact) return null;
  const result = validateContact({ email: contact.email ?? null, phone: contact.phone ?? null });
  if (!result.ok) {
    for (const error of result.errors)
      problems.push({ field: `applicant.contact.${error.field}`, message: error.problem });
    return null;
  }
  const checked: ApplicantContact = {};
  if (result.contact.email) checked.email = result.contact.email;
  if (result.contact.phone) checked.phone = result.contact.phone;
  return Object.keys(checked).length > 0 ? checked : null;
}

const name = (value: string) => value.trim().slice(0, 200);

/** Checks and normalises the applicant; problems name the input field (`applicant.…`). */
export function checkApplicant(
  applicant: IntakeApplicant,
): { ok: true; applicant: CheckedApplicant } | { ok: false; problems: IntakeProblem[] } {
  const problems: IntakeProblem[] = [];
  if (applicant.kind === 'person') {
    const number = normalizePersonalIdentityNumber(applicant.personalIdentityNumber);
    if (!number) problems.push({ field: 'applicant.personalIdentityNumber', message: 'pinInvalid' });
    if (!name(applicant.givenName) || !name(applicant.familyName))
      problems.push({ field: 'applicant.name', message: 'nameMissing' });
    if (problems.length > 0 || !number) return { ok: false, problems };
    const { givenName, familyName } = applicant;
    return {
      ok: true,
      applicant: {
        kind: 'person',
        personalIdentityNumber: number,
        givenName: name(givenName),
        familyName: name(familyName),
      },
    };
  }
  const contact = checkContact(applicant.contact, problems);
  if (applicant.kind === 'anonymous')
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, applicant: { kind: 'anonymous', contact } };
  const number = normalizeOrganisationNumber(applicant.organisationNumber);
  if (!number) problems.push({ field: 'applicant.organisationNumber', message: 'organisationNumberInvalid' });
  if (!name(applicant.name)) problems.push({ field: 'applicant.name', message: 'nameMissing' });
  if (problems.length > 0 || !number) return { ok: false, problems };
  return {
    ok: true,
    applicant: { kind: 'organisation', organisationNumber: number, name: name(applicant.name), contact },
  };
}

/** Whether the channel and registrar go together; a problem for the `channel` or `registeredBy` field. */
export function checkChannel(channel: IntakeChannel, registrar: Registrar): IntakeProblem | undefined {
  if (!CASE_CHANNELS.includes(channel.channel)) return { field: 'channel', message: 'channelUnknown' };
  if (channel.channel === 'customerCentre' && !CUSTOMER_CENTRE_CHANNELS.includes(channel.detail))
    return { field: 'channel', message: 'channelUnknown' };
  const selfService = registrar.kind === 'resident' || registrar.kind === 'anonymous';
  if (channel.channel === 'web' && !selfService && registrar.kind !== 'representative')
    return { field: 'registeredBy', message: 'registrarNotForChannel' };
  if (channel.channel === 'customerCentre' && registrar.kind !== 'staff')
    return { field: 'registeredBy', message: 'registrarNotForChannel' };
  if (registrar.kind !== 'anonymous' && !registrar.id)
    return { field: 'registeredBy', message: 'registrarIdMissing' };
  return undefined;
}

/** The actor of the case's first history event: who registered it, in the history's terms. */
export function firstEventActor(registrar: Registrar): CaseEventActor {
  switch (registrar.kind) {
    case 'resident':
    case 'representative':
      return { kind: 'resident', personId: registrar.id, name: registrar.label ?? '' };
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'staff':
      return { kind: 'officer', staffId: registrar.id, name: registrar.label ?? '' };
    default:
      return { kind: 'system', name: registrar.label ?? registrar.id ?? '' };
  }
}

const channelNames: Record<CaseChannel, LocalizedText> = {
  web: { sv: 'e-tjänsten på webben', en: 'the online e-service' },
  customerCentre: { sv: 'kundcenter', en: 'the customer centre' },
  open311: { sv: 'en app för felanmälan (Open311)', en: 'a fault reporting app (Open311)' },
  sensor: { sv: 'en sensor', en: 'a sensor' },
  api: { sv: 'ett verksamhetssystem (API)', en: 'a business system (API)' },
};

const subChannelNames: Record<CustomerCentreChannel, LocalizedText> = {
  phone: { sv: 'telefon', en: 'phone' },
  visit: { sv: 'besök', en: 'visit' },
  letter: { sv: 'brev', en: 'letter' },
  email: { sv: 'e-post', en: 'e-mail' },
};

/** "kundcenter (telefon)": the channel in plain words, with the customer centre's sub-channel. */
export function channelText(channel: CaseChannel, detail: CustomerCentreChannel | null): LocalizedText {
  const base = channelNames[channel];
  const sub = detail ? subChannelNames[detail] : undefined;
  return sub ? { sv: `${base.sv} (${sub.sv})`, en: `${base.en} (${sub.en})` } : base;
}

/** Short channel names for the queue's filter and column. */
export const channelShortNames: Record<CaseChannel, LocalizedText> = {
  web: { sv: 'Webb', en: 'Web' },
  customerCentre: { sv: 'Kundcenter', en: 'Customer centre' },
  open311: { sv: 'Open311', en: 'Open311' },
  sensor: { sv: 'Sensor', en: 'Sensor' },
  api: { sv: 'API', en: 'API' },
};

const registrarFallback: Record<RegisteredByKind, LocalizedText> = {
  resident: { sv: 'den sökande', en: 'the applicant' },
  anonymous: { sv: 'en anonym användare', en: 'an anonymous user' },
  staff: { sv: 'kommunens personal', en: 'municipal staff' },
  representative: { sv: 'ett ombud', en: 'a representative' },
  apiClient: { sv: 'ett anslutet system', en: 'a connected system' },
  device: { sv: 'en enhet', en: 'a device' },
};

/** Who registered the case, in plain words: the stored label, else what kind of registrar it was. */
export function registrarText(kind: RegisteredByKind, label: string | null): LocalizedText {
  return label ? { sv: label, en: label } : registrarFallback[kind];
}

/** `5560123456` → `556012-3456`, as organisation numbers are written. */
export function formatOrganisationNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
}
