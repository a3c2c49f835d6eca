/** When a failed outbox job is tried again, and when it is given up on. Pure. */

/** The first retry waits this long; each further failure doubles the wait. */
export const FIRST_RETRY_SECONDS = 30;
/** No retry waits longer than an hour. */
export const MAX_RETRY_SECONDS = 60 * 60;
/** After this many attempts a job is dead (12 attempts ≈ 5 hours of retrying). */
export const MAX_ATTEMPTS = 12;
/**
 * A dead job keeps `processed_at` null (it was never done) and gets this `available_at`, so no
 * worker claims it again; `last_error` says why. Reviving it: set `available_at = now()`, `attempts = 0`.
 */
export const DEAD_AVAILABLE_AT = new Date('9999-12-31T00:00:00.000Z');

/** Seconds to wait after the given (1-based) failed attempt: 30 s, 60 s, 120 s, … capped at an hour. */
export function retryDelaySeconds(
  attempt: number,
  first = FIRST_RETRY_SECONDS,
  max = MAX_RETRY_SECONDS,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(max, first * 2 ** exponent);
}

/**
 * The error text kept in `last_error` and logs: the message only, one line, bounded, with e-mail
 * addresses masked (an SMTP refusal often quotes the recipient, which is personal data).
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text
    .replace(/[^\s<>@"']+@[^\s<>@"']+/g, '<address>')
    .replace(/\s+/g, ' ')
    .slice(0, 1000);
}
