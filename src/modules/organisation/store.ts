/** SQL for units, staff members, unit membership and which unit handles which service. */
import { type Kysely, sql } from 'kysely';
import type { Database, StaffRole } from '../../db/schema.ts';

/** A staff member of a tenant with their unit ids and names (one query). */
export async function selectStaffActor(db: Kysely<Database>, tenantId: string, personId: string) {
  return db
    .selectFrom('staffMember as s')
    .innerJoin('person as p', 'p.id', 's.personId')
    .leftJoin('unitMembership as m', 'm.staffMemberId', 's.id')
    .leftJoin('unit as u', 'u.id', 'm.unitId')
    .where('s.tenantId', '=', tenantId)
    .where('s.personId', '=', personId)
    .where('s.active', '=', true)
    .groupBy(['s.id', 'p.givenName', 'p.familyName'])
    .select([
      's.id',
      's.personId',
      's.tenantId',
      's.role',
      'p.givenName',
      'p.familyName',
      sql<
        string[]
      >`coalesce(array_agg(u.id::text order by u.name) filter (where u.id is not null), '{}')::text[]`.as(
        'unitIds',
      ),
      sql<
        string[]
      >`coalesce(array_agg(u.name order by u.name) filter (where u.id is not null), '{}')::text[]`.as(
        'unitNames',
      ),
    ])
    .executeTakeFirst();
}

export async function selectUnits(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('unit')
    .where('tenantId', '=', tenantId)
    .select(['id', 'name'])
    .orderBy('name')
    .execute();
}

export async function selectUnit(db: Kysely<Database>, tenantId: string, unitId: string) {
  return db
    .selectFrom('unit')
    .where('tenantId', '=', tenantId)
    .where('id', '=', unitId)
    .select(['id', 'name'])
    .executeTakeFirst();
}

export async function selectUnitByName(db: Kysely<Database>, tenantId: string, name: string) {
  return db
    .selectFrom('unit')
    .where('tenantId', '=', tenantId)
    .where('name', '=', name)
    .select(['id', 'name'])
    .executeTakeFirst();
}

export async function insertUnit(db: Kysely<Database>, tenantId: string, name: string): Promise<string> {
  const row = await db
    .insertInto('unit')
    .values({ tenantId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUnitName(db: Kysely<Database>, unitId: string, name: string): Promise<void> {
  await db.updateTable('unit').set({ name }).where('id', '=', unitId).execute();
}

/** Every staff member of a tenant with their units' ids. */
export async function selectStaff(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('staffMember as s')
    .innerJoin('person as p', 'p.id', 's.personId')
    .leftJoin('unitMembership as m', 'm.staffMemberId', 's.id')
    .where('s.tenantId', '=', tenantId)
    .groupBy(['s.id', 'p.givenName', 'p.familyName', 'p.personalIdentityNumber'])
    .select([
      's.id',
      's.personId',
      's.role',
      's.active',
      'p.givenName',
      'p.familyName',
      'p.personalIdentityNumber',
      sql<
        string[]
      >`coalesce(array_agg(m.unit_id::text) filter (where m.unit_id is not null), '{}')::text[]`.as(
        'unitIds',
      ),
    ])
    .orderBy('p.familyName')
    .orderBy('p.givenName')
    .execute();
}

export async function selectStaffMember(db: Kysely<Database>, tenantId: string, staffId: string) {
  return db
    .selectFrom('staffMember')
    .where('tenantId', '=', tenantId)
    .where('id', '=', staffId)
    .select(['id', 'personId', 'role', 'active'])
    .executeTakeFirst();
}

/** Creates or updates the staff member for a person in a tenant. */
export async function upsertStaffMember(
  db: Kysely<Database>,
  values: { tenantId: string; personId: string; role: StaffRole; active: boolean },
): Promise<string> {
  const row = await db
    .insertInto('staffMember')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['tenantId', 'personId']).doUpdateSet({ role: values.role, active: values.active }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMembership(
  db: Kysely<Database>,
  values: { tenantId: string; unitId: string; staffMemberId: string },
): Promise<void> {
  await db
    .insertInto('unitMembership')
    .values(values)
    .onConflict((conflict) => conflict.columns(['unitId', 'staffMemberId']).doNothing())
    .execute();
}

export async function deleteMembership(db: Kysely<Database>, unitId: string, staffMemberId: string) {
  await db
    .deleteFrom('unitMembership')
    .where('unitId', '=', unitId)
    .where('staffMemberId', '=', staffMemberId)
    .execute();
}

/** Members of a unit (active staff), for assignment lists. */
export async function selectUnitMembers(db: Kysely<Database>, unitId: string) {
  return db
    .selectFrom('unitMembership as m')
    .innerJoin('staffMember as s', 's.id', 'm.staffMemberId')
    .innerJoin('person as p', 'p.id', 's.personId')
    .where('m.unitId', '=', unitId)
    .where('s.active', '=', true)
    .select(['s.id', 's.role', 'p.givenName', 'p.familyName'])
    .orderBy('p.familyName')
    .orderBy('p.givenName')
    .execute();
}

export async function selectHandlingUnit(db: Kysely<Database>, serviceId: string) {
  const row = await db
    .selectFrom('serviceHandling')
    .where('serviceId', '=', serviceId)
    .select('unitId')
    .executeTakeFirst();
  return row?.unitId ?? null;
}

export async function selectServiceHandling(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('serviceHandling')
    .where('tenantId', '=', tenantId)
    .select(['serviceId', 'unitId'])
    .execute();
}

export async function upsertServiceHandling(
  db: Kysely<Database>,
  values: { tenantId: string; serviceId: string; unitId: string },
): Promise<void> {
  await db
    .insertInto('serviceHandling')
    .values(values)
    .onConflict((conflict) => conflict.column('serviceId').doUpdateSet({ unitId: values.unitId }))
    .execute();
}

/** The unit ids of one staff member of a tenant; undefined when there is no such staff member. */
export async function selectStaffUnitIds(db: Kysely<Database>, tenantId: string, staffId: string) {
  const row = await db
    .selectFrom('staffMember as s')
    .leftJoin('unitMembership as m', 'm.staffMemberId', 's.id')
    .where('s.tenantId', '=', tenantId)
    .where('s.id', '=', staffId)
    .groupBy('s.id')
    .select(
      sql<
        string[]
      >`coalesce(array_agg(m.unit_id::text) filter (where m.unit_id is not null), '{}')::text[]`.as(
        'unitIds',
      ),
    )
    .executeTakeFirst();
  return row?.unitIds;
}

/** The tenants where the person is on the staff, active or not (issue #14: keeps their profile). */
export async function selectStaffTenantIds(db: Kysely<Database>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staffMember')
    .select('tenantId')
    .where('personId', '=', personId)
    .execute();
  return rows.map((row) => row.tenantId);
}
