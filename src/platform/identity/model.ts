/**
 * Identity rules, pure: assurance levels (tillitsnivåer), how they map to `acr` values, and how the
 * claims an identity provider returns become a verified identity.
 */
import personnummerModule from 'personnummer';

type PersonnummerClass = typeof personnummerModule.default;
// The typings describe an ES module but Node loads the CommonJS build; accept either shape.
const Personnummer: PersonnummerClass =
  (personnummerModule as unknown as { default?: PersonnummerClass }).default ??
  (personnummerModule as unknown as PersonnummerClass);

/** Levels of assurance from Digg's (formerly E-legitimationsnämnden's) trust framework. */
export type AssuranceLevel = 'loa2' | 'loa3';
/** What a page may require: any login ('none' = logged in at whatever level), or at least a level. */
export type RequiredLevel = 'none' | AssuranceLevel;

const LOA_PREFIX = 'http://id.elegnamnden.se/loa/1.0/';

/** The `acr` URIs of the Swedish trust framework, as sent in `acr_values` and returned in `acr`. */
export const ACR: Record<AssuranceLevel, string> = {
  loa2: `${LOA_PREFIX}loa2`,
  loa3: `${LOA_PREFIX}loa3`,
};

/** eIDAS levels are mapped to the nearest Swedish level at or below them. */
const LEVEL_BY_ACR_SUFFIX: Record<string, AssuranceLevel> = {
  loa2: 'loa2',
  loa3: 'loa3',
  loa4: 'loa3',
  'eidas-low': 'loa2',
  'eidas-nf-low': 'loa2',
  'eidas-sub': 'loa3',
  'eidas-nf-sub': 'loa3',
  'eidas-high': 'loa3',
  'eidas-nf-high': 'loa3',
};

const RANK: Record<RequiredLevel, number> = { none: 0, loa2: 2, loa3: 3 };

/** The level an `acr` claim proves; undefined when the value is not one we recognise. */
export function levelFromAcr(acr: unknown): AssuranceLevel | undefined {
  if (typeof acr !== 'string' || !acr.startsWith(LOA_PREFIX)) return undefined;
  return LEVEL_BY_ACR_SUFFIX[acr.slice(LOA_PREFIX.length)];
}

/** Parses the `niva` query parameter ('loa2' | 'loa3'); anything else means "no particular level". */
export function parseRequestedLevel(value: unknown): AssuranceLevel | undefined {
  return value === 'loa2' || value === 'loa3' ? value : undefined;
}

/** Is a session at `actual` good enough for `minimum`? A missing level only satisfies 'none'. */
export function meetsLevel(actual: unknown, minimum: RequiredLevel): boolean {
  if (minimum === 'none') return true;
  const level = actual === 'loa2' || actual === 'loa3' ? actual : undefined;
  return level !== undefined && RANK[level] >= RANK[minimum];
}

/** `acr_values` for a requested level: that level and every higher one, the requested one first. */
export function acrValuesFor(level: AssuranceLevel): string {
  return level === 'loa3' ? ACR.loa3 : `${ACR.loa2} ${ACR.loa3}`;
}

/** The levels an `acr_values` request accepts; all levels when none (or none we know) was asked for. */
export function acceptedLevels(acrValues: unknown): AssuranceLevel[] {
  const requested = typeof acrValues === 'string' ? acrValues.split(' ') : [];
  const accepted = (['loa3', 'loa2'] as const).filter((level) => requested.includes(ACR[level]));
  return accepted.length > 0 ? accepted : ['loa3', 'loa2'];
}

/** The login page address that brings the resident back to `returnTo` at `level` or above. */
export function loginPath(returnTo: string, level?: RequiredLevel): string {
  const query = new URLSearchParams({ tillbaka: returnTo });
  if (level && level !== 'none') query.set('niva', level);
  return `/logga-in?${query.toString()}`;
}

/** A valid personal identity (or coordination) number as 12 digits, else undefined. */
export function normalizePersonalIdentityNumber(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (!/^(\d{6}|\d{8})[-+]?\d{4}$/.test(value) || !Personnummer.valid(value)) return undefined;
  return Personnummer.parse(value).format(true);
}

/** `YYYYMMDD-NNNN`, the way people are used to reading a personnummer. */
export function formatPersonalIdentityNumber(twelveDigits: string): string {
  return /^\d{12}$/.test(twelveDigits)
    ? `${twelveDigits.slice(0, 8)}-${twelveDigits.slice(8)}`
    : twelveDigits;
}

/** Who the identity provider says logged in, at which level. */
export interface VerifiedIdentity {
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  assuranceLevel: AssuranceLevel;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Turns ID token/userinfo claims into an identity, or names the claim that is missing or invalid. */
export function identityFromClaims(
  claims: Record<string, unknown>,
  personalIdentityNumberClaim: string,
): VerifiedIdentity | { problem: string } {
  const personalIdentityNumber = normalizePersonalIdentityNumber(claims[personalIdentityNumberClaim]);
  if (!personalIdentityNumber) return { problem: `claim ${personalIdentityNumberClaim} missing or invalid` };
  const givenName = text(claims.given_name);
  const familyName = text(claims.family_name);
  if (!givenName || !familyName) return { problem: 'claim given_name or family_name missing' };
  const assuranceLevel = levelFromAcr(claims.acr);
  if (!assuranceLevel) return { problem: `acr ${String(claims.acr)} is not a recognised level of assurance` };
  return { personalIdentityNumber, givenName, familyName, assuranceLevel };
}

/** The person (or anonymous session) using a resident page: filling in a form, reading their case. */
export interface ApplicantActor {
  personId: string | null;
  /** Hashed id of the current session. */
  sessionId: string | null;
  assuranceLevel: RequiredLevel;
  givenName?: string;
  familyName?: string;
  /**
   * Set while a representative or guardian acts for `personId` (issue #13): who really acts, and
   * the municipalities' services they may act in. Reads and writes outside these are refused.
   */
  actingFor?: ActingFor;
}

/** One municipality's services a representative may act in; `serviceIds` null = all of them. */
export interface ActingGrant {
  tenantId: string;
  serviceIds: readonly string[] | null;
}

/** The representative behind an applicant actor, and what they may do (issue #13). */
export interface ActingFor {
  representativePersonId: string;
  representativeName: string;
  kind: 'representative' | 'guardian';
  grants: readonly ActingGrant[];
}

/** Whether the grants cover a service of a municipality. */
export function grantsCover(grants: readonly ActingGrant[], tenantId: string, serviceId: string): boolean {
  return grants.some(
    (grant) =>
      grant.tenantId === tenantId && (grant.serviceIds === null || grant.serviceIds.includes(serviceId)),
  );
}

/**
 * Who did a resident's act, for history events and the audit log: the person themself, or the
 * representative on their behalf (every act records who acted for whom, issue #13).
 */
export function residentActing(actor: { personId: string; name: string; actingFor?: ActingFor }): {
  personId: string;
  name: string;
  onBehalfOf?: { personId: string; name: string; role: ActingFor['kind'] };
} {
  const acting = actor.actingFor;
  if (!acting) return { personId: actor.personId, name: actor.name };
  return {
    personId: acting.representativePersonId,
    name: acting.representativeName,
    onBehalfOf: { personId: actor.personId, name: actor.name, role: acting.kind },
  };
}

/** "Anna Andersson (ombud)": how a representative's act is labelled where one name is stored. */
export function actingLabel(name: string, role: ActingFor['kind'] | undefined): string {
  if (!role) return name;
  return `${name} (${role === 'guardian' ? 'vårdnadshavare' : 'ombud'})`;
}
