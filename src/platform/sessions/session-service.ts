/**
 * Server-side sessions: the cookie holds a random token, the database its SHA-256.
 * Logging in always starts a new session (no session fixation); a CSRF token lives in each session.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SessionData } from '../../db/schema.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfPerson,
  findLiveSession,
  insertSession,
  type StoredSession,
  updateSessionData,
} from './session-store.ts';

export type { StoredSession };

export const SESSION_COOKIE = 'ingang_session';

export interface SessionService {
  /** Finds the live session for a cookie token. */
  load(token: string): Promise<StoredSession | undefined>;
  /** Starts a session (anonymous, or for a person); returns the cookie token and the session. */
  start(
    personId: string | null,
    extra?: Partial<SessionData>,
  ): Promise<{ token: string; session: StoredSession }>;
  saveData(session: StoredSession, data: SessionData): Promise<void>;
  end(sessionId: string): Promise<void>;
  /** Ends every session of a person, inside the caller's transaction (their profile is deleted, issue #14). */
  endAllOf(personId: string, trx: Kysely<Database>): Promise<number>;
  /** Deletes expired sessions; returns how many. */
  sweep(): Promise<number>;
  ttlSeconds: number;
}

/** Hashes a cookie token into the stored session id. */
export function sessionIdFor(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export function createSessionService(
  db: Kysely<Database>,
  ttlHours: number,
  now: () => Date,
): SessionService {
  const ttlMs = ttlHours * 3600_000;
  return {
    ttlSeconds: ttlHours * 3600,
    load: (token) => findLiveSession(db, sessionIdFor(token), now()),
    async start(personId, extra = {}) {
      const token = crypto.randomBytes(32).toString('base64url');
      const id = sessionIdFor(token);
      const data: SessionData = { csrfToken: crypto.randomBytes(24).toString('base64url'), ...extra };
      const expiresAt = new Date(now().getTime() + ttlMs);
      await insertSession(db, { id, personId, data, expiresAt });
      const session = await findLiveSession(db, id, now());
      if (!session) throw new Error('session vanished right after insert');
      return { token, session };
    },
    saveData: (session, data) => updateSessionData(db, session.id, data),
    end: (sessionId) => deleteSession(db, sessionId),
    endAllOf: (personId, trx) => deleteSessionsOfPerson(trx, personId),
    sweep: () => deleteExpiredSessions(db, now()),
  };
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfTokenMatches(session: StoredSession | undefined, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string' || submitted.length === 0) return false;
  const expected = Buffer.from(session.data.csrfToken);
  const given = Buffer.from(submitted);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
