/** When a failed job is tried again, when it is given up on, and what its error says. Pure. */

/** The first retry waits this long; each further failure doubles the wait. */
export const FIRST_RETRY_SECONDS = 30;
/** No retry waits longer than an hour. */
export const MAX_RETRY_SECONDS = 60 * 60;
/** After this many attempts a job is dead (12 attempts ≈ 5 hours of retrying). */
export const MAX_ATTEMPTS = 12;

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
 * The error text kept in `last_error` (shown to admins) and logs: the message only, one line,
 * bounded, with e-mail addresses, quoted values and long digit runs masked: an SMTP refusal often
 * quotes the recipient, and a database error may quote a value it refused (a name, a personnummer).
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text
    .replace(/[^\s<>@"']+@[^\s<>@"']+/g, '<address>')
    .replace(/"[^"]*"|'[^']*'|“[^”]*”|«[^»]*»/g, '<value>')
    .replace(/\d{6,}/g, '<number>')
    .replace(/\s+/g, ' ')
    .slice(0, 1000);
}
