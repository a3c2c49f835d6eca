/**
 * SQL for the person table (the profile module owns it). The personnummer is stored sealed and found
 * by its keyed hash only (issue #14, decision 0034); reads open it (platform/protection).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type DataProtection, PERSON_NUMBER_PURPOSE } from '../../platform/protection/data-protection.ts';
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

type NewPerson = { personalIdentityNumber: string; givenName: string; familyName: string };

/** The row of a new person: the personnummer sealed under the current key, and its look-up hash. */
function newPersonRow(protection: DataProtection, person: NewPerson, now: Date) {
  return {
    personalIdentityNumber: protection.sealText(person.personalIdentityNumber, PERSON_NUMBER_PURPOSE),
    personalIdentityNumberHash: protection.lookupHash(person.personalIdentityNumber),
    sealedKeyId: protection.currentKeyId,
    givenName: person.givenName,
    familyName: person.familyName,
    updatedAt: now,
  };
}

/** Inserts the person or refreshes their name; one statement, so concurrent first logins cannot duplicate. */
export async function upsertPerson(
  db: Kysely<Database>,
  protection: DataProtection,
  person: NewPerson,
  now: Date,
): Promise<Profile> {
  return db
    .insertInto('person')
    .values(newPersonRow(protection, person, now))
    .onConflict((conflict) =>
      conflict.column('personalIdentityNumberHash').doUpdateSet({
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
  protection: DataProtection,
  person: NewPerson,
  now: Date,
): Promise<{ id: string; givenName: string; familyName: string }> {
  const row = newPersonRow(protection, person, now);
  await db
    .insertInto('person')
    .values(row)
    .onConflict((conflict) => conflict.column('personalIdentityNumberHash').doNothing())
    .execute();
  return db
    .selectFrom('person')
    .select(['id', 'givenName', 'familyName'])
    .where('personalIdentityNumberHash', '=', row.personalIdentityNumberHash)
    .executeTakeFirstOrThrow();
}

/** The person with this personnummer (12 digits), or undefined: found by its keyed hash. */
export async function selectPersonByNumber(
  db: Kysely<Database>,
  protection: DataProtection,
  personalIdentityNumber: string,
) {
  return db
    .selectFrom('person')
    .select(['id', 'givenName', 'familyName'])
    .where('personalIdentityNumberHash', '=', protection.lookupHash(personalIdentityNumber))
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
