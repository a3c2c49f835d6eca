/**
 * When a session ends (issue #14): a logged-in session after SESSION_IDLE_MINUTES without a request
 * and, whatever the activity, SESSION_TTL_HOURS after login. Pure: no I/O.
 *
 * Anonymous sessions keep only the absolute limit: they hold no identity to protect, and an
 * anonymous draft is reachable only through its session, so an idle end would lose it.
 */

export interface SessionTimeouts {
  /** From the start of the session (login starts a new one), SESSION_TTL_HOURS. */
  absoluteMs: number;
  /** Without activity, for sessions with a person, SESSION_IDLE_MINUTES. */
  idleMs: number;
}

/** Why a session is no longer live. */
export type SessionEnd = 'idle' | 'absolute';

export interface SessionClock {
  personId: string | null;
  expiresAt: Date;
  lastActiveAt: Date;
}

/**
 * Activity is recorded at most this often: a request does not cost a write. The idle limit is
 * therefore kept to within a minute (a session may end up to this much early).
 */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * An ended session stays this long, so that the person's next request can be told why they were
 * logged out (the cookie lives as long); then the sweep deletes it.
 */
export const ENDED_NOTICE_MS = 60 * 60_000;

/** Why the session has ended at `now`, or undefined while it is live. */
export function sessionEnd(
  session: SessionClock,
  now: Date,
  timeouts: SessionTimeouts,
): SessionEnd | undefined {
  if (session.expiresAt.getTime() <= now.getTime()) return 'absolute';
  if (session.personId && session.lastActiveAt.getTime() + timeouts.idleMs <= now.getTime()) return 'idle';
  return undefined;
}

/** Whether a live session's recorded activity is old enough to be renewed by this request. */
export function needsTouch(session: SessionClock, now: Date): boolean {
  return session.personId !== null && now.getTime() - session.lastActiveAt.getTime() >= TOUCH_INTERVAL_MS;
}
