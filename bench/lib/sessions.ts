/**
 * Test people for benchmarks, written straight into the database (no IdP round trip): persons,
 * logged-in sessions (the cookie token's SHA-256 is the session id, as in session-service.ts) and
 * officers (staff_member + unit_membership). Works on a pg Client/Pool and on PGlite alike.
 */
import crypto from 'node:crypto';
import { dataKeysFrom } from '../../src/platform/protection/data-keys.ts';
import {
  createDataProtection,
  PERSON_NUMBER_PURPOSE,
} from '../../src/platform/protection/data-protection.ts';

/** Anything with pg's `query(text, params) → { rows }`: pg.Client, pg.Pool, PGlite. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by each caller
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
}

export const SESSION_COOKIE = 'ingang_session';

export interface BenchPerson {
  id: string;
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
}

export interface BenchSession {
  personId: string;
  /** The cookie value. */
  token: string;
  /** `ingang_session=<token>`, ready for a Cookie header. */
  cookie: string;
  /** The session's CSRF token: send it as `_csrf` in forms or as the `x-csrf-token` header. */
  csrfToken: string;
}

export type BenchResident = BenchPerson & BenchSession;

export interface BenchOfficer extends BenchResident {
  staffMemberId: string;
  tenantId: string;
  unitIds: string[];
}

const CHUNK = 5000;

function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let value = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A valid personnummer (12 digits, correct check digit) unique for each index below ~30 million:
 * 1,000 serial numbers a day from 1920-01-01 on, far from the demo personas' birth dates.
 */
export function personalIdentityNumberFor(index: number): string {
  const day = new Date(Date.UTC(1920, 0, 1) + Math.floor(index / 1000) * 86_400_000);
  const yyyymmdd = day.toISOString().slice(0, 10).replaceAll('-', '');
  const serial = String(index % 1000).padStart(3, '0');
  const ten = `${yyyymmdd.slice(2)}${serial}`;
  return `${yyyymmdd}${serial}${luhnDigit(ten)}`;
}

/**
 * Creates (or reuses) `count` persons with personnummer indexes `offset … offset+count-1`, with an
 * e-mail address and phone so that forms prefill as they would for a real resident.
 */
export async function createPersons(db: Queryable, count: number, offset = 0): Promise<BenchPerson[]> {
  // Sealed and hashed as the server writes a person (decision 0034), under the keys the bench's
  // servers get from the same environment (the development keys unless DATA_ENCRYPTION_KEYS is set).
  const protection = createDataProtection(dataKeysFrom(process.env));
  const persons: BenchPerson[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const pins: string[] = [];
    const sealed: string[] = [];
    const hashes: string[] = [];
    const given: string[] = [];
    const family: string[] = [];
    const emails: string[] = [];
    for (let i = 0; i < size; i++) {
      const index = offset + start + i;
      const pin = personalIdentityNumberFor(index);
      pins.push(pin);
      sealed.push(protection.sealText(pin, PERSON_NUMBER_PURPOSE));
      hashes.push(protection.lookupHash(pin));
      given.push(`Bench${index}`);
      family.push('Testsson');
      emails.push(`bench${index}@example.se`);
    }
    const result = await db.query(
      `insert into person (personal_identity_number, personal_identity_number_hash, sealed_key_id, given_name,
         family_name, email, phone)
       select pin, hash, $6, given, family, email, '070-123 45 67'
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as p(pin, hash, given, family, email)
       on conflict (personal_identity_number_hash) do update set given_name = excluded.given_name
       returning id, personal_identity_number_hash, given_name, family_name`,
      [sealed, hashes, given, family, emails, protection.currentKeyId],
    );
    const byHash = new Map<string, Omit<BenchPerson, 'personalIdentityNumber'>>(
      result.rows.map((row: Record<string, string>) => [
        row.personal_identity_number_hash as string,
        { id: row.id as string, givenName: row.given_name as string, familyName: row.family_name as string },
      ]),
    );
    pins.forEach((pin, i) => {
      const person = byHash.get(hashes[i] as string);
      if (!person) throw new Error(`person ${pin} was not created`);
      persons.push({ ...person, personalIdentityNumber: pin });
    });
  }
  return persons;
}

/** The keyed hash the server looks a personnummer up by (the same keys as createPersons). */
export function lookupHashOf(personalIdentityNumber: string): string {
  return createDataProtection(dataKeysFrom(process.env)).lookupHash(personalIdentityNumber);
}

/** The id of the person with this personnummer, found as the server finds them: by keyed hash. */
export async function personIdByNumber(db: Queryable, personalIdentityNumber: string): Promise<string> {
  const { rows } = await db.query('select id from person where personal_identity_number_hash = $1', [
    lookupHashOf(personalIdentityNumber),
  ]);
  if (!rows[0]) throw new Error(`no person with personnummer ${personalIdentityNumber}`);
  return rows[0].id as string;
}

export interface SessionOptions {
  /** 'staff' for officers' back office; default: a resident session. */
  realm?: 'resident' | 'staff';
  assuranceLevel?: string;
  ttlHours?: number;
}

/** One logged-in session per person id (in that order). */
export async function createSessions(
  db: Queryable,
  personIds: string[],
  options: SessionOptions = {},
): Promise<BenchSession[]> {
  const sessions: BenchSession[] = [];
  const expiresAt = new Date(Date.now() + (options.ttlHours ?? 24) * 3600_000);
  for (let start = 0; start < personIds.length; start += CHUNK) {
    const chunk = personIds.slice(start, start + CHUNK);
    const ids: string[] = [];
    const data: string[] = [];
    for (const personId of chunk) {
      const token = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(24).toString('base64url');
      ids.push(crypto.createHash('sha256').update(token).digest('base64url'));
      const sessionData: Record<string, string> = {
        csrfToken,
        assuranceLevel: options.assuranceLevel ?? 'loa3',
      };
      if (options.realm === 'staff') sessionData.realm = 'staff';
      data.push(JSON.stringify(sessionData));
      sessions.push({ personId, token, cookie: `${SESSION_COOKIE}=${token}`, csrfToken });
    }
    await db.query(
      `insert into session (id, person_id, data, expires_at)
       select id, person_id, data, $4 from unnest($1::text[], $2::uuid[], $3::jsonb[]) as s(id, person_id, data)`,
      [ids, chunk, data, expiresAt.toISOString()],
    );
  }
  return sessions;
}

/** `count` logged-in residents (assurance level loa3). */
export async function createResidents(db: Queryable, count: number, offset = 0): Promise<BenchResident[]> {
  const persons = await createPersons(db, count, offset);
  const sessions = await createSessions(
    db,
    persons.map((person) => person.id),
  );
  return persons.map((person, i) => ({ ...person, ...(sessions[i] as BenchSession) }));
}

/** A tenant's id by slug (throws when the demo data is not there). */
export async function tenantIdOf(db: Queryable, slug: string): Promise<string> {
  const { rows } = await db.query('select id from tenant where slug = $1', [slug]);
  if (!rows[0]) throw new Error(`no tenant ${slug}`);
  return rows[0].id as string;
}

/** The tenant's units by name (the demo seeds e.g. Skolskjutsenheten, Gatuenheten). */
export async function unitIdsOf(db: Queryable, tenantId: string): Promise<Map<string, string>> {
  const { rows } = await db.query('select id, name from unit where tenant_id = $1', [tenantId]);
  return new Map(rows.map((row: { id: string; name: string }) => [row.name, row.id]));
}

export interface OfficerOptions {
  tenantSlug: string;
  /** Unit names (e.g. 'Skolskjutsenheten'); every one must exist. */
  unitNames: string[];
  role?: 'officer' | 'unitLead' | 'admin' | 'customerCentre';
  /** Personnummer index (see personalIdentityNumberFor); pick one no resident of the same run uses. */
  index: number;
}

/** An active staff member with a logged-in staff session, member of the named units. */
export async function createOfficer(db: Queryable, options: OfficerOptions): Promise<BenchOfficer> {
  const tenantId = await tenantIdOf(db, options.tenantSlug);
  const units = await unitIdsOf(db, tenantId);
  const unitIds = options.unitNames.map((name) => {
    const id = units.get(name);
    if (!id) throw new Error(`no unit "${name}" in ${options.tenantSlug}`);
    return id;
  });
  const [person] = await createPersons(db, 1, options.index);
  if (!person) throw new Error('officer person was not created');
  const { rows } = await db.query(
    `insert into staff_member (tenant_id, person_id, role, active) values ($1, $2, $3, true)
     on conflict (tenant_id, person_id) do update set role = excluded.role, active = true
     returning id`,
    [tenantId, person.id, options.role ?? 'officer'],
  );
  const staffMemberId = rows[0].id as string;
  for (const unitId of unitIds) {
    await db.query(
      `insert into unit_membership (unit_id, staff_member_id, tenant_id) values ($1, $2, $3)
       on conflict do nothing`,
      [unitId, staffMemberId, tenantId],
    );
  }
  const [session] = await createSessions(db, [person.id], { realm: 'staff' });
  if (!session) throw new Error('officer session was not created');
  return { ...person, ...session, staffMemberId, tenantId, unitIds };
}
