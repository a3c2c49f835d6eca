/** Organisation rules: roles, the staff actor every back-office use case receives. Pure. */
import type { StaffRole } from '../../db/schema.ts';
import type { ProblemFieldError } from '../../platform/errors.ts';
import { normalizePersonalIdentityNumber } from '../../platform/identity/model.ts';

export type { StaffRole };

export const STAFF_ROLES: readonly StaffRole[] = [
  'officer',
  'unitLead',
  'admin',
  'customerCentre',
  'dataProtectionOfficer',
];

/** A logged-in staff member of one tenant, with the units they belong to. */
export interface StaffActor {
  staffId: string;
  personId: string;
  tenantId: string;
  name: string;
  role: StaffRole;
  unitIds: string[];
  unitNames: string[];
}

/** Whether the actor manages the tenant's organisation and reads its audit log. */
export function isAdmin(actor: StaffActor): boolean {
  return actor.role === 'admin';
}

/**
 * Whether the actor reads the audit log (who did what with a case or a person's data): the
 * administrators, and the data protection officer, who reviews the processing without managing
 * anything (issue #14).
 */
export function readsAuditLog(actor: Pick<StaffActor, 'role'>): boolean {
  return actor.role === 'admin' || actor.role === 'dataProtectionOfficer';
}

/** Whether the actor belongs to a unit. */
export function isMemberOf(actor: StaffActor, unitId: string | null): boolean {
  return unitId !== null && actor.unitIds.includes(unitId);
}

/** A unit name: trimmed, 1–120 characters. Returns an error key or the clean name. */
export function cleanUnitName(
  raw: unknown,
): { name: string } | { error: 'unitNameMissing' | 'unitNameTooLong' } {
  const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (name.length === 0) return { error: 'unitNameMissing' };
  if (name.length > 120) return { error: 'unitNameTooLong' };
  return { name };
}

/** Parses a role from a form value. */
export function parseRole(raw: unknown): StaffRole | undefined {
  return STAFF_ROLES.find((role) => role === raw);
}

export interface StaffInput {
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  role: StaffRole;
  active: boolean;
}

/** What the admin typed in the audit search (either field may be empty). */
export interface AuditSearch {
  caseReference?: unknown;
  personalIdentityNumber?: unknown;
}

export type AuditQuery = { caseReference: string } | { personalIdentityNumber: string };
/** Reading the log on the page, or downloading it. */
export type AuditUse = 'view' | 'csv' | 'json';

const CASE_REFERENCE = /^[A-Z]{1,10}-\d{4}-\d{6,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether an id from a URL or form can be a row id at all (anything else is simply not found). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function formText(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
}

function nameError(name: string, missing: string): string | undefined {
  if (name.length === 0) return missing;
  return name.length > 100 ? 'nameTooLong' : undefined;
}

/** Reads the staff form: a valid personnummer (stored as 12 digits), both names, a known role. Pure. */
export function validateStaffForm(
  form: Record<string, unknown>,
): { input: StaffInput } | { errors: ProblemFieldError[] } {
  const rawPin = formText(form.personalIdentityNumber);
  const personalIdentityNumber = normalizePersonalIdentityNumber(rawPin);
  const givenName = formText(form.givenName);
  const familyName = formText(form.familyName);
  const role = parseRole(form.role);
  const problems: [string, string | undefined][] = [
    ['personalIdentityNumber', rawPin ? (personalIdentityNumber ? undefined : 'pinInvalid') : 'pinMissing'],
    ['givenName', nameError(givenName, 'givenNameMissing')],
    ['familyName', nameError(familyName, 'familyNameMissing')],
    ['role', role ? undefined : 'roleInvalid'],
  ];
  const errors = problems.flatMap(([field, message]) => (message ? [{ field, message }] : []));
  if (errors.length > 0 || !personalIdentityNumber || !role) return { errors };
  return { input: { personalIdentityNumber, givenName, familyName, role, active: form.active === 'ja' } };
}

/** Reads the audit search: exactly one of a case reference and a personnummer. Pure. */
export function parseAuditQuery(
  search: AuditSearch,
): { query: AuditQuery } | { errors: ProblemFieldError[] } {
  const reference = formText(search.caseReference).toUpperCase();
  const rawPin = formText(search.personalIdentityNumber);
  if (reference && rawPin) return { errors: [{ field: 'caseReference', message: 'auditQueryBoth' }] };
  if (reference) {
    return CASE_REFERENCE.test(reference)
      ? { query: { caseReference: reference } }
      : { errors: [{ field: 'caseReference', message: 'referenceInvalid' }] };
  }
  if (rawPin) {
    const pin = normalizePersonalIdentityNumber(rawPin);
    return pin
      ? { query: { personalIdentityNumber: pin } }
      : { errors: [{ field: 'personalIdentityNumber', message: 'pinInvalid' }] };
  }
  return { errors: [{ field: 'caseReference', message: 'auditQueryMissing' }] };
}
