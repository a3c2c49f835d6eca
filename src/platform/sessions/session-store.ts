/** SQL for the session table. */
import type { Kysely } from 'kysely';
import type { Database, SessionData } from '../../db/schema.ts';

export interface StoredSession {
  id: string;
  personId: string | null;
  data: SessionData;
  expiresAt: Date;
  person: { id: string; givenName: string; familyName: string; personalIdentityNumber: string } | null;
}

/** Loads a live session with its person, or undefined. */
export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('session')
    .leftJoin('person', 'person.id', 'session.personId')
    .select([
      'session.id',
      'session.personId',
      'session.data',
      'session.expiresAt',
      'person.givenName',
      'person.familyName',
      'person.personalIdentityNumber',
    ])
    .where('session.id', '=', id)
    .where('session.expiresAt', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const person =
    row.personId && row.givenName && row.familyName && row.personalIdentityNumber
      ? {
          id: row.personId,
          givenName: row.givenName,
          familyName: row.familyName,
          personalIdentityNumber: row.personalIdentityNumber,
        }
      : null;
  return { id: row.id, personId: row.personId, data: row.data, expiresAt: row.expiresAt, person };
}

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; personId: string | null; data: SessionData; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('session')
    .values({ ...session, data: JSON.stringify(session.data) })
    .execute();
}

export async function updateSessionData(db: Kysely<Database>, id: string, data: SessionData): Promise<void> {
  await db
    .updateTable('session')
    .set({ data: JSON.stringify(data) })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

/** Deletes every session of a person (all their devices); returns how many. */
export async function deleteSessionsOfPerson(db: Kysely<Database>, personId: string): Promise<number> {
  const result = await db.deleteFrom('session').where('personId', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
