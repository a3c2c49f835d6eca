/**
 * Server-side sessions: the cookie holds a random token, the database its SHA-256.
 * Logging in always starts a new session (no session fixation); a CSRF token lives in each session.
 * A logged-in session ends after SESSION_IDLE_MINUTES without activity and SESSION_TTL_HOURS after
 * login (issue #14, session-model.ts); activity is written at most once a minute.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SessionData } from '../../db/schema.ts';
import {
  ENDED_NOTICE_MS,
  needsTouch,
  type SessionEnd,
  sessionEnd,
  TOUCH_INTERVAL_MS,
} from './session-model.ts';
import {
  deleteEndedSessions,
  deleteSession,
  deleteSessionsOfPerson,
  findSession,
  insertSession,
  type StoredSession,
  touchSession,
  updateSessionData,
} from './session-store.ts';

export type { StoredSession };

export const SESSION_COOKIE = 'ingang_session';

/** What a cookie token leads to: a live session, or a logged-in one that ended, and why. */
export interface SessionLookup {
  session?: StoredSession;
  ended?: { id: string; reason: SessionEnd; realm: 'resident' | 'staff' };
}

/** The limits (SESSION_TTL_HOURS, SESSION_IDLE_MINUTES). */
export interface SessionLimits {
  absoluteHours: number;
  idleMinutes: number;
}

export interface SessionService {
  /** Finds the live session for a cookie token (recording activity, at most once a minute). */
  load(token: string): Promise<StoredSession | undefined>;
  /** As `load`, and for a logged-in session that has ended, why (to tell the person). */
  resolve(token: string): Promise<SessionLookup>;
  /** Starts a session (anonymous, or for a person); returns the cookie token and the session. */
  start(
    personId: string | null,
    extra?: Partial<SessionData>,
  ): Promise<{ token: string; session: StoredSession }>;
  saveData(session: StoredSession, data: SessionData): Promise<void>;
  end(sessionId: string): Promise<void>;
  /** Ends every session of a person, inside the caller's transaction (their profile is deleted, issue #14). */
  endAllOf(personId: string, trx: Kysely<Database>): Promise<number>;
  /** Deletes ended sessions (logged-in ones an hour after their end); returns how many. */
  sweep(): Promise<number>;
  /** The cookie's lifetime: the absolute limit, and the hour in which its end is explained. */
  ttlSeconds: number;
  limits: SessionLimits;
}

/** Hashes a cookie token into the stored session id. */
export function sessionIdFor(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export function createSessionService(
  db: Kysely<Database>,
  limits: SessionLimits,
  now: () => Date,
): SessionService {
  const timeouts = { absoluteMs: limits.absoluteHours * 3600_000, idleMs: limits.idleMinutes * 60_000 };
  const resolve = async (token: string): Promise<SessionLookup> => {
    const found = await findSession(db, sessionIdFor(token));
    if (!found) return {};
    const at = now();
    const reason = sessionEnd(found, at, timeouts);
    if (reason) {
      // Anonymous sessions end silently: there was no login to explain.
      if (!found.personId) return {};
      const realm = found.data.realm === 'staff' ? 'staff' : 'resident';
      return { ended: { id: found.id, reason, realm } };
    }
    if (needsTouch(found, at)) {
      await touchSession(db, found.id, at, new Date(at.getTime() - TOUCH_INTERVAL_MS));
    }
    return { session: found };
  };
  return {
    ttlSeconds: (timeouts.absoluteMs + ENDED_NOTICE_MS) / 1000,
    limits,
    resolve,
    load: async (token) => (await resolve(token)).session,
    async start(personId, extra = {}) {
      const token = crypto.randomBytes(32).toString('base64url');
      const id = sessionIdFor(token);
      const data: SessionData = { csrfToken: crypto.randomBytes(24).toString('base64url'), ...extra };
      const at = now();
      const expiresAt = new Date(at.getTime() + timeouts.absoluteMs);
      await insertSession(db, { id, personId, data, expiresAt, lastActiveAt: at });
      const session = await findSession(db, id);
      if (!session) throw new Error('session vanished right after insert');
      return { token, session };
    },
    saveData: (session, data) => updateSessionData(db, session.id, data),
    end: (sessionId) => deleteSession(db, sessionId),
    endAllOf: (personId, trx) => deleteSessionsOfPerson(trx, personId),
    sweep: () => deleteEndedSessions(db, now(), timeouts.idleMs, ENDED_NOTICE_MS),
  };
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfTokenMatches(session: StoredSession | undefined, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string' || submitted.length === 0) return false;
  const expected = Buffer.from(session.data.csrfToken);
  const given = Buffer.from(submitted);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** The session limits of a configuration. */
export function sessionLimits(config: {
  sessionTtlHours: number;
  sessionIdleMinutes: number;
}): SessionLimits {
  return { absoluteHours: config.sessionTtlHours, idleMinutes: config.sessionIdleMinutes };
}
