/**
 * The municipality's contact details as an administrator types them (issue #13): the contact page,
 * the accessibility statement's feedback contact and the "get help" page read them. Pure.
 */
import type { TenantSettings } from '../../db/schema.ts';

export type Contact = TenantSettings['contact'];
export type ContactInput = Partial<Record<keyof Contact, string>>;

/** The date the accessibility statement was last reviewed (docs/accessibility-statement.md). */
/**
 * A page every municipality has, asked for without one (`/hjalp` from My Pages' footer): the one
 * municipality's page when the installation has one, otherwise undefined and the resident chooses.
 */
export function onlyMunicipalityPage(slugs: readonly string[], page: string): string | undefined {
  return slugs.length === 1 ? `/${slugs[0]}/${page}` : undefined;
}

export const STATEMENT_REVIEWED = '2026-12-07';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;

/** Checks the contact form: field errors as codes (messages.ts), or the contact to save. */
export function checkContact(
  input: ContactInput,
): { ok: Contact } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const value = (field: keyof Contact) => (input[field] ?? '').trim();
  const contact: Contact = {
    phone: value('phone'),
    email: value('email'),
    address: value('address'),
    visitingAddress: value('visitingAddress'),
    openingHours: value('openingHours'),
  };
  for (const field of ['phone', 'email', 'address'] as const)
    if (!contact[field]) errors.push({ field, message: 'required' });
  if (contact.phone && !PHONE.test(contact.phone)) errors.push({ field: 'phone', message: 'invalidPhone' });
  if (contact.email && !EMAIL.test(contact.email)) errors.push({ field: 'email', message: 'invalidEmail' });
  for (const field of Object.keys(contact) as (keyof Contact)[])
    if ((contact[field] ?? '').length > 300) errors.push({ field, message: 'tooLong' });
  return errors.length > 0 ? { errors } : { ok: contact };
}
