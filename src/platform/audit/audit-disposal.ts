/**
 * The audit log's part of a case's disposal (issue #14, decision 0031). Audit entries are the
 * record of who did what to the case and stay; what ties them to the applicant or another resident
 * goes: the person links become null, a resident actor's name becomes the case's pseudonym for that
 * person, and person ids and names in the details are replaced the same way. The free-text reasons
 * officers gave (for sharing the case, for revealing a protected answer) may describe the person,
 * so they go too; the entry still says what was done, by whom and when. Entries of staff members
 * and API clients keep their actor (an official act). The table is append-only; the
 * database lets exactly these columns change inside a disposal transaction (migration 0023).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

interface Target {
  tenantId: string;
  caseId: string;
  pseudonyms: { of(personId: string): string; scrub<T>(value: T): T };
}

/** The case's entries that name a person (by tenant and case, as the `audit_log_case` index reads). */
async function selectPersonalEntries(db: Kysely<Database>, tenantId: string, caseId: string) {
  return db
    .selectFrom('auditLog')
    .select([
      'id',
      'actorStaffId',
      'actorApiClientId',
      'actorPersonId',
      'actorName',
      'subjectPersonId',
      'details',
    ])
    .where('tenantId', '=', tenantId)
    .where('caseId', '=', caseId)
    .where((eb) =>
      eb.or([
        eb('actorPersonId', 'is not', null),
        eb('subjectPersonId', 'is not', null),
        eb(sql<string>`details::text`, 'ilike', '%personid%'),
        eb(sql<boolean>`details ? 'reason'`, '=', true),
      ]),
    )
    .orderBy('id')
    .execute();
}

/** The part for the disposal service (ports.ts `CaseDisposalPart`). */
export const auditOfCaseDisposal = {
  async dispose(trx: Kysely<Database>, target: Target) {
    const entries = await selectPersonalEntries(trx, target.tenantId, target.caseId);
    const changed = entries.map((entry) => {
      const resident = entry.actorStaffId === null && entry.actorApiClientId === null;
      const actorPersonId = resident ? null : entry.actorPersonId;
      const actorName =
        resident && entry.actorPersonId ? target.pseudonyms.of(entry.actorPersonId) : entry.actorName;
      const { reason: _reason, ...details } = target.pseudonyms.scrub(entry.details);
      return { id: entry.id, actorPersonId, actorName, details };
    });
    if (changed.length > 0)
      await sql`update audit_log a set actor_person_id = v.actor_person_id, actor_name = v.actor_name,
          subject_person_id = null, details = v.details
        from jsonb_to_recordset(${JSON.stringify(changed.map(snakeCase))}::jsonb)
          as v(id bigint, actor_person_id uuid, actor_name text, details jsonb)
        where a.id = v.id and a.tenant_id = ${target.tenantId} and a.case_id = ${target.caseId}`.execute(trx);
    return { counts: { auditEntries: changed.length } };
  },
};

function snakeCase(entry: { id: number; actorPersonId: string | null; actorName: string; details: unknown }) {
  return {
    id: entry.id,
    actor_person_id: entry.actorPersonId,
    actor_name: entry.actorName,
    details: entry.details,
  };
}
