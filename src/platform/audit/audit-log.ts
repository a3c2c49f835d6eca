/**
 * The audit log: who read or changed what, when, and from which unit (principle 6; issue #3).
 * Append-only (a database trigger refuses UPDATE and DELETE). Entries are written in the same
 * transaction as the change they describe, so a change never exists without its audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Who did it: a staff member (with their unit names at the time), a resident, an API client or the system. */
export interface AuditActor {
  staffId: string | null;
  personId: string | null;
  /** The business system's API client that acted (issue #12). */
  apiClientId?: string | null;
  name: string;
  unitNames: string[];
  /** A staff member's role at the time (shown in the resident's access log, issue #14). */
  role?: string | null;
}

export interface AuditEntry {
  tenantId: string;
  actor: AuditActor;
  /** What happened, e.g. `case.read`, `case.statusChanged`, `unit.created`. */
  action: string;
  caseId?: string | null;
  /** The person the data is about (the applicant), so a person's log can be exported. */
  subjectPersonId?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

/** Writes one entry (pass the transaction of the change). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      tenantId: entry.tenantId,
      at: entry.at,
      actorStaffId: entry.actor.staffId,
      actorPersonId: entry.actor.personId,
      actorApiClientId: entry.actor.apiClientId ?? null,
      actorName: entry.actor.name,
      actorUnits: JSON.stringify(entry.actor.unitNames),
      actorRole: entry.actor.role ?? null,
      action: entry.action,
      caseId: entry.caseId ?? null,
      subjectPersonId: entry.subjectPersonId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

const AUDIT_COLUMNS = [
  'a.id',
  'a.at',
  'a.actorName',
  'a.actorUnits',
  'a.action',
  'a.caseId',
  'a.subjectPersonId',
  'a.details',
] as const;

/** The log of one case in a tenant, oldest first. */
export async function auditOfCase(db: Kysely<Database>, tenantId: string, caseId: string, limit = 5000) {
  return db
    .selectFrom('auditLog as a')
    .leftJoin('case as c', 'c.id', 'a.caseId')
    .where('a.tenantId', '=', tenantId)
    .where('a.caseId', '=', caseId)
    .select([...AUDIT_COLUMNS, 'c.reference'])
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** The log of everything about one person in a tenant (as applicant), oldest first. */
export async function auditOfPerson(db: Kysely<Database>, tenantId: string, personId: string, limit = 5000) {
  return db
    .selectFrom('auditLog as a')
    .leftJoin('case as c', 'c.id', 'a.caseId')
    .where('a.tenantId', '=', tenantId)
    .where('a.subjectPersonId', '=', personId)
    .select([...AUDIT_COLUMNS, 'c.reference'])
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

export type AuditRow = Awaited<ReturnType<typeof auditOfCase>>[number];

/*
 * Lookups for the administrator's audit search (issue #3). The audit log is keyed by case id and
 * person id, but an administrator searches by what they know: a case reference or a personnummer.
 * Reading `case` here is a deliberate exception to "a module reads only its own tables": it is a
 * read-only lookup of one key, so the audit log needs no dependency on the cases service. A
 * personnummer is found through the profile service (its keyed hash, decision 0034).
 */

/** The case with this reference in a tenant (id and applicant), if any. */
export async function findAuditCase(db: Kysely<Database>, tenantId: string, reference: string) {
  return db
    .selectFrom('case')
    .where('tenantId', '=', tenantId)
    .where('reference', '=', reference)
    .select(['id', 'reference', 'applicantPersonId'])
    .executeTakeFirst();
}

/** A read by staff or an API client, as a resident's access log shows it (issue #14, decision 0032). */
export interface AccessRow {
  id: number;
  tenantId: string;
  at: Date;
  caseId: string | null;
  action: string;
  actorName: string;
  actorUnits: string[];
  actorRole: string | null;
  actorStaffId: string | null;
  actorApiClientId: string | null;
}

const ACCESS_COLUMNS = [
  'id',
  'tenantId',
  'at',
  'caseId',
  'action',
  'actorName',
  'actorUnits',
  'actorRole',
  'actorStaffId',
  'actorApiClientId',
] as const;

/**
 * Entries of the given actions by staff or API clients, oldest first: about the given cases (each
 * with its tenant) and, when `person` is given, about the person without a case in any of the
 * person's tenants (a customer-centre look-up). The resident's own acts are never included. One
 * query, on the (tenant, case) and (tenant, subject) indexes.
 */
export async function accessesOf(
  db: Kysely<Database>,
  query: {
    cases: readonly { tenantId: string; caseId: string }[];
    person?: { personId: string; tenantIds: readonly string[] };
    actions: readonly string[];
  },
  limit = 10_000,
): Promise<AccessRow[]> {
  const { cases, person, actions } = query;
  const askPerson = person !== undefined && person.tenantIds.length > 0;
  if (actions.length === 0 || (cases.length === 0 && !askPerson)) return [];
  const rows = await db
    .selectFrom('auditLog')
    .select(ACCESS_COLUMNS)
    .where('action', 'in', [...actions])
    .where((eb) => eb.or([eb('actorStaffId', 'is not', null), eb('actorApiClientId', 'is not', null)]))
    .where((eb) => {
      // Case ids are unique on their own; the tenants let the (tenant, case) index serve the lookup.
      const about =
        cases.length === 0
          ? []
          : [
              eb.and([
                eb('tenantId', 'in', [...new Set(cases.map((item) => item.tenantId))]),
                eb(
                  'caseId',
                  'in',
                  cases.map((item) => item.caseId),
                ),
              ]),
            ];
      if (askPerson)
        about.push(
          eb.and([
            eb('tenantId', 'in', [...person.tenantIds]),
            eb('subjectPersonId', '=', person.personId),
            eb('caseId', 'is', null),
          ]),
        );
      return eb.or(about);
    })
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), at: new Date(row.at) }));
}
