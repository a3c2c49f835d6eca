/** Profile use cases: keep the person in step with their e-ID, read the profile, change contact details. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { DataProtection } from '../../platform/protection/data-protection.ts';
import { type Contact, type ContactInput, contactOf, type Profile, validateContact } from './model.ts';
import {
  deletePersonRow,
  insertPersonIfMissing,
  selectPerson,
  selectPersonByNumber,
  updatePersonContact,
  upsertPerson,
} from './store.ts';

export type { Contact, ContactInput, Profile };

export interface ProfileService {
  /** Creates the person at first login; refreshes the name from the e-ID on every login. */
  upsertFromLogin(identity: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
  }): Promise<Profile>;
  /**
   * The person with this personnummer, created if missing. Unlike a login it never overwrites the
   * names: an admin's typing must not replace what the e-ID says.
   */
  ensurePerson(
    identity: { personalIdentityNumber: string; givenName: string; familyName: string },
    trx?: Kysely<Database>,
  ): Promise<{ id: string; givenName: string; familyName: string }>;
  /** The person with this personnummer (12 digits), if the register has them; creates nobody. */
  personByNumber(
    personalIdentityNumber: string,
    trx?: Kysely<Database>,
  ): Promise<{ id: string; givenName: string; familyName: string } | undefined>;
  /** The person's profile; NOT_FOUND when there is none. */
  getProfile(personId: string): Promise<Profile>;
  /** The contact details prefill uses ("once only"). */
  getContact(personId: string): Promise<Contact>;
  /**
   * Validates and saves contact details (missing keys unchanged, empty values removed). Throws
   * VALIDATION_FAILED whose `errors` are `{ field, message: problem code }` (see ContactProblem).
   */
  updateContact(personId: string, input: ContactInput): Promise<Profile>;
  /**
   * Deletes the person inside the caller's transaction (issue #14); the caller has removed or
   * checked everything that points at them. NOT_FOUND when there is no such person.
   */
  deletePerson(personId: string, trx: Kysely<Database>): Promise<void>;
}

/** Creates the profile service. */
export function createProfileService(
  db: Kysely<Database>,
  protection: DataProtection,
  now: () => Date,
): ProfileService {
  const getProfile = async (personId: string) => {
    const profile = await selectPerson(db, personId);
    if (!profile) throw new AppError('NOT_FOUND');
    return profile;
  };
  return {
    upsertFromLogin: (identity) => upsertPerson(db, protection, identity, now()),
    ensurePerson: (identity, trx) => insertPersonIfMissing(trx ?? db, protection, identity, now()),
    personByNumber: (personalIdentityNumber, trx) =>
      selectPersonByNumber(trx ?? db, protection, personalIdentityNumber),
    getProfile,
    getContact: async (personId) => contactOf(await getProfile(personId)),
    async updateContact(personId, input) {
      const result = validateContact(input);
      if (!result.ok) {
        const errors = result.errors.map((error) => ({ field: error.field, message: error.problem }));
        throw new AppError('VALIDATION_FAILED', 'The contact details are not valid', errors);
      }
      const updated = await updatePersonContact(db, personId, result.contact, now());
      if (!updated) throw new AppError('NOT_FOUND');
      return updated;
    },
    async deletePerson(personId, trx) {
      if (!(await deletePersonRow(trx, personId))) throw new AppError('NOT_FOUND');
    },
  };
}
