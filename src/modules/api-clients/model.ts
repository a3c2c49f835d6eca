/**
 * API clients (issue #12): what a business system's client may do and which cases it reaches, as
 * pure functions tested as tables (house rule 3), and the registration input's rules.
 */

/** The scopes a client can be given; stable strings that appear in tokens and the OpenAPI document. */
export const API_SCOPES = [
  'cases:read',
  'cases:protected',
  'cases:status',
  'cases:messages',
  'cases:decisions',
  'cases:create',
  'opendata:read',
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

/** The scopes that act on cases: a client with any of them must be given units or services. */
export const CASE_SCOPES: readonly ApiScope[] = [
  'cases:read',
  'cases:protected',
  'cases:status',
  'cases:messages',
  'cases:decisions',
  'cases:create',
];

/** What an API client does to a case; each needs one scope. */
export type ClientCaseAction = 'read' | 'changeStatus' | 'message' | 'decide' | 'create';

export const CLIENT_CASE_ACTIONS: readonly ClientCaseAction[] = [
  'read',
  'changeStatus',
  'message',
  'decide',
  'create',
];

const SCOPE_OF_ACTION: Record<ClientCaseAction, ApiScope> = {
  read: 'cases:read',
  changeStatus: 'cases:status',
  message: 'cases:messages',
  decide: 'cases:decisions',
  create: 'cases:create',
};

/** The scope an action needs. */
export function scopeOfAction(action: ClientCaseAction): ApiScope {
  return SCOPE_OF_ACTION[action];
}

/** An authenticated client as the API sees it: its tenant, the scopes of its credential, its reach. */
export interface ClientActor {
  clientId: string;
  tenantId: string;
  name: string;
  /** The scopes of the credential used (a token may carry fewer than the client has). */
  scopes: readonly ApiScope[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

/** The facts of a case that decide whether a client reaches it. */
export interface ClientCaseFacts {
  tenantId: string;
  unitId: string | null;
  serviceId: string;
}

/** Whether the client reaches the case at all: its tenant, and one of its units or services. */
export function clientReaches(client: ClientActor, subject: ClientCaseFacts): boolean {
  if (subject.tenantId !== client.tenantId) return false;
  return (
    (subject.unitId !== null && client.unitIds.includes(subject.unitId)) ||
    client.serviceIds.includes(subject.serviceId)
  );
}

/**
 * Whether the client may take the action on the case: it must reach the case and hold the action's
 * scope. A case the client may not read answers 404 (existence is not revealed); one it reads but
 * may not change answers 403 with the missing scope.
 */
export function canClient(client: ClientActor, action: ClientCaseAction, subject: ClientCaseFacts): boolean {
  return clientReaches(client, subject) && client.scopes.includes(scopeOfAction(action));
}

/** Whether a string is one of the scopes. */
export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** Why a registration is refused, per field (message keys of messages.ts). */
export type RegistrationError =
  | { field: 'name'; message: 'nameMissing' | 'nameTooLong' }
  | { field: 'scopes'; message: 'scopesMissing' }
  | { field: 'reach'; message: 'reachMissing' };

export interface ClientRegistration {
  name: string;
  scopes: ApiScope[];
  unitIds: string[];
  serviceIds: string[];
}

/** Checks a registration: a name of 1–200 characters, at least one scope, units or services for case scopes. */
export function checkRegistration(input: {
  name: string;
  scopes: readonly string[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}): { ok: ClientRegistration } | { errors: RegistrationError[] } {
  const errors: RegistrationError[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0) errors.push({ field: 'name', message: 'nameMissing' });
  else if (name.length > 200) errors.push({ field: 'name', message: 'nameTooLong' });
  const scopes = API_SCOPES.filter((scope) => input.scopes.includes(scope));
  if (scopes.length === 0) errors.push({ field: 'scopes', message: 'scopesMissing' });
  const unitIds = [...new Set(input.unitIds)];
  const serviceIds = [...new Set(input.serviceIds)];
  if (scopes.some((scope) => CASE_SCOPES.includes(scope)) && unitIds.length + serviceIds.length === 0)
    errors.push({ field: 'reach', message: 'reachMissing' });
  return errors.length > 0 ? { errors } : { ok: { name, scopes, unitIds, serviceIds } };
}

/**
 * The scopes a token request gets: all of the client's when it names none (RFC 6749 §3.3 lets the
 * server choose), else those it names, refused when it names one the client lacks.
 */
export function grantedScopes(
  clientScopes: readonly ApiScope[],
  requested: string | undefined,
): { scopes: ApiScope[] } | { refused: string[] } {
  const names = (requested ?? '').split(' ').filter((name) => name.length > 0);
  if (names.length === 0) return { scopes: [...clientScopes] };
  const refused = names.filter((name) => !isApiScope(name) || !clientScopes.includes(name));
  if (refused.length > 0) return { refused };
  return { scopes: API_SCOPES.filter((scope) => names.includes(scope)) };
}

/** How long an access token lives: short, so a leaked one soon stops working. */
export const TOKEN_TTL_SECONDS = 900;

/** Prefixes of the secrets, so secret scanners recognise a leaked one. */
export const CLIENT_SECRET_PREFIX = 'ingsk_';
export const ACCESS_TOKEN_PREFIX = 'ingat_';

/** The part of a secret an administrator sees to tell secrets apart: the prefix and 4 characters. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, CLIENT_SECRET_PREFIX.length + 4)}…`;
}

/** An `Idempotency-Key` as the API takes it: 1–255 visible ASCII characters (e.g. a UUID). */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';

/**
 * A request body as one canonical text (object keys sorted at every depth), so that a retry of the
 * same request with its keys in another order is the same request when its idempotency key is checked.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
