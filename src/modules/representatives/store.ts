/** SQL for `representation` (migration 0020, owned by modules/representatives). */
import type { Kysely } from 'kysely';
import type { Database, RepresentationKind } from '../../db/schema.ts';
import type { Representation } from './model.ts';

const columns = [
  'id',
  'tenantId',
  'principalPersonId',
  'representativePersonId',
  'kind',
  'serviceIds',
  'validFrom',
  'validTo',
  'revokedAt',
] as const;

type Row = Omit<Representation, 'revokedAt'> & { revokedAt: Date | string | null };

const toRepresentation = (row: Row): Representation => ({
  ...row,
  revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
});

export async function insertRepresentation(
  db: Kysely<Database>,
  values: {
    tenantId: string;
    principalPersonId: string;
    representativePersonId: string;
    kind: RepresentationKind;
    serviceIds: string[] | null;
    validFrom: string;
    validTo: string | null;
    createdByPersonId: string | null;
  },
): Promise<Representation> {
  const row = await db
    .insertInto('representation')
    .values({ ...values, serviceIds: values.serviceIds ? JSON.stringify(values.serviceIds) : null })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toRepresentation(row);
}

/** Every representation a person has given (or has, as a child), newest first. */
export async function selectRepresentationsOfPrincipal(db: Kysely<Database>, principalPersonId: string) {
  const rows = await db
    .selectFrom('representation')
    .select(columns)
    .where('principalPersonId', '=', principalPersonId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map(toRepresentation);
}

/** Every unrevoked representation a person holds (for anyone), oldest first. */
export async function selectRepresentationsHeldBy(
  db: Kysely<Database>,
  representativePersonId: string,
  principalPersonId?: string,
) {
  let query = db
    .selectFrom('representation')
    .select(columns)
    .where('representativePersonId', '=', representativePersonId)
    .where('revokedAt', 'is', null);
  if (principalPersonId) query = query.where('principalPersonId', '=', principalPersonId);
  const rows = await query.orderBy('createdAt').orderBy('id').limit(200).execute();
  return rows.map(toRepresentation);
}

/** Revokes the principal's own appointed representation; undefined when there is none to revoke. */
export async function revokeRepresentation(
  db: Kysely<Database>,
  id: string,
  principalPersonId: string,
  at: Date,
): Promise<Representation | undefined> {
  const row = await db
    .updateTable('representation')
    .set({ revokedAt: at })
    .where('id', '=', id)
    .where('principalPersonId', '=', principalPersonId)
    // A guardianship comes from the population register, not from the child (decision 0028).
    .where('kind', '=', 'representative')
    .where('revokedAt', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ? toRepresentation(row) : undefined;
}

/** Every representation the person is party to, either side, revoked ones too (issue #14). */
export async function selectEveryRepresentationOf(db: Kysely<Database>, personId: string) {
  const rows = await db
    .selectFrom('representation')
    .select(columns)
    .where((eb) =>
      eb.or([eb('principalPersonId', '=', personId), eb('representativePersonId', '=', personId)]),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toRepresentation);
}

/** Deletes the rows of these representations (the caller checked they are no longer in force). */
export async function deleteRepresentations(db: Kysely<Database>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom('representation')
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
