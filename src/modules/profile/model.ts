/**
 * A resident's profile: name and personnummer come from the e-ID (never typed in), contact details
 * are the resident's own and feed "once only" prefill. Pure validation rules live here.
 */
import { isValidSwedishPhone, normalizePhone, normalizePostalCode } from '../forms/normalize.ts';

export interface Address {
  street: string;
  postalCode: string;
  city: string;
}

export interface Profile {
  id: string;
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  address: Address | null;
  preferredLanguage: string | null;
}

/** The contact details a resident can change. */
export interface Contact {
  email: string | null;
  phone: string | null;
  address: Address | null;
}

/**
 * A change to contact details. A missing key leaves that detail as it is; an empty string (or an
 * address whose parts are all empty) removes it.
 */
export interface ContactInput {
  email?: string | null;
  phone?: string | null;
  address?: { street?: string; postalCode?: string; city?: string } | null;
}

export type ContactField = 'email' | 'phone' | 'street' | 'postalCode' | 'city';
export type ContactProblem =
  | 'emailInvalid'
  | 'phoneInvalid'
  | 'streetMissing'
  | 'postalCodeInvalid'
  | 'cityMissing'
  | 'tooLong';

export interface ContactError {
  field: ContactField;
  problem: ContactProblem;
}

export type ContactValidation =
  | { ok: true; contact: Partial<Contact> }
  | { ok: false; errors: ContactError[] };

const MAX_LENGTH = 200;
// Deliberately loose (RFC 5322 allows far more than people use); the mailbox owner is the real check.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function checkEmail(raw: string | null, errors: ContactError[]): string | null {
  if (blank(raw)) return null;
  const email = (raw as string).trim();
  if (email.length > 254 || !EMAIL.test(email)) errors.push({ field: 'email', problem: 'emailInvalid' });
  return email;
}

function checkPhone(raw: string | null, errors: ContactError[]): string | null {
  if (blank(raw)) return null;
  if (!isValidSwedishPhone(raw as string)) errors.push({ field: 'phone', problem: 'phoneInvalid' });
  return normalizePhone(raw as string);
}

function checkAddress(raw: ContactInput['address'], errors: ContactError[]): Address | null {
  if (!raw || (blank(raw.street) && blank(raw.postalCode) && blank(raw.city))) return null;
  const street = (raw.street ?? '').trim();
  const city = (raw.city ?? '').trim();
  const postalCode = normalizePostalCode(raw.postalCode ?? '');
  if (street === '') errors.push({ field: 'street', problem: 'streetMissing' });
  else if (street.length > MAX_LENGTH) errors.push({ field: 'street', problem: 'tooLong' });
  if (!postalCode) errors.push({ field: 'postalCode', problem: 'postalCodeInvalid' });
  if (city === '') errors.push({ field: 'city', problem: 'cityMissing' });
  else if (city.length > MAX_LENGTH) errors.push({ field: 'city', problem: 'tooLong' });
  return { street, postalCode: postalCode ?? '', city };
}

/** Validates and normalises a contact change (postal code as `NNN NN`, phone tidied, e-mail trimmed). */
export function validateContact(input: ContactInput): ContactValidation {
  const errors: ContactError[] = [];
  const contact: Partial<Contact> = {};
  if (input.email !== undefined) contact.email = checkEmail(input.email, errors);
  if (input.phone !== undefined) contact.phone = checkPhone(input.phone, errors);
  if (input.address !== undefined) contact.address = checkAddress(input.address, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, contact };
}

/** The contact part of a profile (what prefill uses). */
export function contactOf(profile: Profile): Contact {
  return { email: profile.email, phone: profile.phone, address: profile.address };
}
