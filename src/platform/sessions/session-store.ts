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

/** A stored session with its person, live or not, and when it was last active. */
export interface FoundSession extends StoredSession {
  lastActiveAt: Date;
}

/** Loads a session with its person, or undefined; whether it is still live is the caller's rule. */
export async function findSession(db: Kysely<Database>, id: string): Promise<FoundSession | undefined> {
  const row = await db
    .selectFrom('session')
    .leftJoin('person', 'person.id', 'session.personId')
    .select([
      'session.id',
      'session.personId',
      'session.data',
      'session.expiresAt',
      'session.lastActiveAt',
      'person.givenName',
      'person.familyName',
      'person.personalIdentityNumber',
    ])
    .where('session.id', '=', id)
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
  const { id: sessionId, personId, data, expiresAt, lastActiveAt } = row;
  return { id: sessionId, personId, data, expiresAt, lastActiveAt, person };
}

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; personId: string | null; data: SessionData; expiresAt: Date; lastActiveAt: Date },
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

/** Records activity, unless another request of the session did so since `staleBefore`. */
export async function touchSession(
  db: Kysely<Database>,
  id: string,
  now: Date,
  staleBefore: Date,
): Promise<void> {
  await db
    .updateTable('session')
    .set({ lastActiveAt: now })
    .where('id', '=', id)
    .where('lastActiveAt', '<', staleBefore)
    .execute();
}

/**
 * Deletes ended sessions: anonymous ones at their end, logged-in ones `noticeMs` after it (until then
 * the person's next request is told why they were logged out). Returns how many.
 */
export async function deleteEndedSessions(
  db: Kysely<Database>,
  now: Date,
  idleMs: number,
  noticeMs: number,
): Promise<number> {
  const noticed = new Date(now.getTime() - noticeMs);
  const result = await db
    .deleteFrom('session')
    .where((eb) =>
      eb.or([
        eb('expiresAt', '<=', noticed),
        eb.and([eb('personId', 'is', null), eb('expiresAt', '<=', now)]),
        eb.and([
          eb('personId', 'is not', null),
          eb('lastActiveAt', '<=', new Date(noticed.getTime() - idleMs)),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
