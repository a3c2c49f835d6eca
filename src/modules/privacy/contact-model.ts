/**
 * The data protection officer's contact details as typed (issue #14; GDPR art. 13.1 b requires them
 * in every privacy notice, art. 37.7 their publication). Pure.
 */
import type { DataProtectionOfficerContact } from './record-model.ts';

export type DpoInput = Partial<Record<keyof DataProtectionOfficerContact, string>>;

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;

/** Checks the form: an e-mail address, optionally a phone number and a postal address. */
export function checkDpoContact(
  input: DpoInput,
): { ok: DataProtectionOfficerContact } | { errors: { field: string; message: string }[] } {
  const value = (field: keyof DataProtectionOfficerContact) => (input[field] ?? '').trim();
  const [email, phone, address] = [value('email'), value('phone'), value('address')];
  const errors: { field: string; message: string }[] = [];
  if (!email) errors.push({ field: 'email', message: 'required' });
  else if (!EMAIL.test(email)) errors.push({ field: 'email', message: 'invalidEmail' });
  if (phone && !PHONE.test(phone)) errors.push({ field: 'phone', message: 'invalidPhone' });
  for (const [field, text] of [
    ['email', email],
    ['phone', phone],
    ['address', address],
  ] as const)
    if (text.length > 300 && !errors.some((error) => error.field === field))
      errors.push({ field, message: 'tooLong' });
  if (errors.length > 0) return { errors };
  return { ok: { email, ...(phone ? { phone } : {}), ...(address ? { address } : {}) } };
}
