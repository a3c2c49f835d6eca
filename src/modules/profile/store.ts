/** SQL for the person table (the profile module owns it). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Contact, Profile } from './model.ts';

const PROFILE_COLUMNS = [
  'id',
  'personalIdentityNumber',
  'givenName',
  'familyName',
  'email',
  'phone',
  'address',
  'preferredLanguage',
] as const;

/** Inserts the person or refreshes their name; one statement, so concurrent first logins cannot duplicate. */
export async function upsertPerson(
  db: Kysely<Database>,
  person: { personalIdentityNumber: string; givenName: string; familyName: string },
  now: Date,
): Promise<Profile> {
  return db
    .insertInto('person')
    .values({
      personalIdentityNumber: person.personalIdentityNumber,
      givenName: person.givenName,
      familyName: person.familyName,
      updatedAt: now,
    })
    .onConflict((conflict) =>
      conflict.column('personalIdentityNumber').doUpdateSet({
        givenName: person.givenName,
        familyName: person.familyName,
        updatedAt: now,
      }),
    )
    .returning(PROFILE_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The person with this personnummer, created with these names only if there is none (names kept). */
export async function insertPersonIfMissing(
  db: Kysely<Database>,
  person: { personalIdentityNumber: string; givenName: string; familyName: string },
  now: Date,
): Promise<{ id: string; givenName: string; familyName: string }> {
  await db
    .insertInto('person')
    .values({
      personalIdentityNumber: person.personalIdentityNumber,
      givenName: person.givenName,
      familyName: person.familyName,
      updatedAt: now,
    })
    .onConflict((conflict) => conflict.column('personalIdentityNumber').doNothing())
    .execute();
  return db
    .selectFrom('person')
    .select(['id', 'givenName', 'familyName'])
    .where('personalIdentityNumber', '=', person.personalIdentityNumber)
    .executeTakeFirstOrThrow();
}

/** The person with this personnummer (12 digits), or undefined. */
export async function selectPersonByNumber(db: Kysely<Database>, personalIdentityNumber: string) {
  return db
    .selectFrom('person')
    .select(['id', 'givenName', 'familyName'])
    .where('personalIdentityNumber', '=', personalIdentityNumber)
    .executeTakeFirst();
}

/** The person with this id, or undefined. */
export async function selectPerson(db: Kysely<Database>, personId: string): Promise<Profile | undefined> {
  return db.selectFrom('person').select(PROFILE_COLUMNS).where('id', '=', personId).executeTakeFirst();
}

/** Writes the given contact details (missing keys untouched); returns the updated person. */
export async function updatePersonContact(
  db: Kysely<Database>,
  personId: string,
  contact: Partial<Contact>,
  now: Date,
): Promise<Profile | undefined> {
  const { address, ...rest } = contact;
  const changes = {
    ...rest,
    ...(address === undefined ? {} : { address: address === null ? null : JSON.stringify(address) }),
    updatedAt: now,
  };
  return db
    .updateTable('person')
    .set(changes)
    .where('id', '=', personId)
    .returning(PROFILE_COLUMNS)
    .executeTakeFirst();
}

/** Deletes the person's row; true when there was one. */
export async function deletePersonRow(db: Kysely<Database>, personId: string): Promise<boolean> {
  const result = await db.deleteFrom('person').where('id', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
