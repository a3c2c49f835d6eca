/**
 * Representatives (ombud) and guardians (vårdnadshavare), issue #13: when a representation is in
 * force, what it covers, and what an appointment form must hold. Pure; tested as tables.
 */
import type { RepresentationKind } from '../../db/schema.ts';
import { type ActingGrant, normalizePersonalIdentityNumber } from '../../platform/identity/model.ts';

/** A representation as the module reads it. */
export interface Representation {
  id: string;
  tenantId: string;
  principalPersonId: string;
  representativePersonId: string;
  kind: RepresentationKind;
  /** null: every service of the tenant. */
  serviceIds: string[] | null;
  validFrom: string;
  validTo: string | null;
  revokedAt: Date | null;
}

/** Where a representation stands on a given day. */
export type RepresentationState = 'active' | 'upcoming' | 'expired' | 'revoked';

/** The state on `today` (YYYY-MM-DD, Swedish time): both dates are inclusive. */
export function representationState(
  row: Pick<Representation, 'validFrom' | 'validTo' | 'revokedAt'>,
  today: string,
): RepresentationState {
  if (row.revokedAt) return 'revoked';
  if (row.validFrom > today) return 'upcoming';
  if (row.validTo !== null && row.validTo < today) return 'expired';
  return 'active';
}

/** The grants of the representations in force today (one per tenant, services merged). */
export function activeGrants(rows: readonly Representation[], today: string): ActingGrant[] {
  const byTenant = new Map<string, Set<string> | null>();
  for (const row of rows) {
    if (representationState(row, today) !== 'active') continue;
    const known = byTenant.get(row.tenantId);
    if (known === null) continue;
    if (row.serviceIds === null) {
      byTenant.set(row.tenantId, null);
      continue;
    }
    const merged = known ?? new Set<string>();
    for (const id of row.serviceIds) merged.add(id);
    byTenant.set(row.tenantId, merged);
  }
  return [...byTenant].map(([tenantId, ids]) => ({ tenantId, serviceIds: ids ? [...ids].sort() : null }));
}

/** The kind shown on the principal's page: a guardian outranks an appointed representative. */
export function strongestKind(rows: readonly Pick<Representation, 'kind'>[]): RepresentationKind {
  return rows.some((row) => row.kind === 'guardian') ? 'guardian' : 'representative';
}

/** What the appointment form sends (untrusted strings). */
export interface AppointmentInput {
  personalIdentityNumber?: string;
  givenName?: string;
  familyName?: string;
  /** `alla` (every service) or `valda` (the chosen `serviceIds`). */
  scope?: string;
  serviceIds?: string[];
  validFrom?: string;
  validTo?: string;
}

/** A checked appointment. */
export interface Appointment {
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  serviceIds: string[] | null;
  validFrom: string;
  validTo: string | null;
}

export type AppointmentProblem =
  | 'numberMissing'
  | 'numberInvalid'
  | 'numberIsYours'
  | 'givenNameMissing'
  | 'familyNameMissing'
  | 'nameMismatch'
  | 'scopeMissing'
  | 'servicesMissing'
  | 'serviceUnknown'
  | 'fromMissing'
  | 'fromInvalid'
  | 'fromInPast'
  | 'toInvalid'
  | 'toBeforeFrom';

export interface FieldProblem {
  field: string;
  message: AppointmentProblem;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const NAME_MAX = 100;
const clean = (value: string | undefined) => (value ?? '').trim().slice(0, NAME_MAX);

function checkPerson(input: AppointmentInput, ownNumber: string, problems: FieldProblem[]) {
  const raw = (input.personalIdentityNumber ?? '').trim();
  const number = normalizePersonalIdentityNumber(raw);
  if (!raw) problems.push({ field: 'personalIdentityNumber', message: 'numberMissing' });
  else if (!number) problems.push({ field: 'personalIdentityNumber', message: 'numberInvalid' });
  else if (number === ownNumber) problems.push({ field: 'personalIdentityNumber', message: 'numberIsYours' });
  if (!clean(input.givenName)) problems.push({ field: 'givenName', message: 'givenNameMissing' });
  if (!clean(input.familyName)) problems.push({ field: 'familyName', message: 'familyNameMissing' });
  return number;
}

function checkScope(input: AppointmentInput, knownServiceIds: readonly string[], problems: FieldProblem[]) {
  if (input.scope === 'alla') return null;
  if (input.scope !== 'valda') {
    problems.push({ field: 'scope', message: 'scopeMissing' });
    return null;
  }
  const chosen = [...new Set(input.serviceIds ?? [])];
  if (chosen.length === 0) problems.push({ field: 'serviceIds', message: 'servicesMissing' });
  else if (chosen.some((id) => !knownServiceIds.includes(id)))
    problems.push({ field: 'serviceIds', message: 'serviceUnknown' });
  return chosen.sort();
}

function checkDates(input: AppointmentInput, today: string, problems: FieldProblem[]) {
  const from = (input.validFrom ?? '').trim();
  const to = (input.validTo ?? '').trim();
  if (!from) problems.push({ field: 'validFrom', message: 'fromMissing' });
  else if (!isIsoDate(from)) problems.push({ field: 'validFrom', message: 'fromInvalid' });
  else if (from < today) problems.push({ field: 'validFrom', message: 'fromInPast' });
  if (to && !isIsoDate(to)) problems.push({ field: 'validTo', message: 'toInvalid' });
  else if (to && isIsoDate(from) && to < from) problems.push({ field: 'validTo', message: 'toBeforeFrom' });
  return { from, to: to || null };
}

/**
 * Checks an appointment: a valid personnummer other than the resident's own, the person's name,
 * every service or at least one known service, a start today or later and an end not before it.
 */
export function checkAppointment(
  input: AppointmentInput,
  context: { ownNumber: string; knownServiceIds: readonly string[]; today: string },
): { ok: true; appointment: Appointment } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const number = checkPerson(input, context.ownNumber, problems);
  const serviceIds = checkScope(input, context.knownServiceIds, problems);
  const { from, to } = checkDates(input, context.today, problems);
  if (problems.length > 0 || !number) return { ok: false, problems };
  const appointment = {
    personalIdentityNumber: number,
    givenName: clean(input.givenName),
    familyName: clean(input.familyName),
    serviceIds,
    validFrom: from,
    validTo: to,
  };
  return { ok: true, appointment };
}

/**
 * A known person's family name must match what was typed (case and spacing aside): the form must
 * not let anyone learn whose personnummer it is, nor appoint a stranger by a typing error.
 */
export function sameFamilyName(known: string, typed: string): boolean {
  const fold = (value: string) => value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  return fold(known) === fold(typed);
}
