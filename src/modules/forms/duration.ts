/** Short ISO 8601 durations (weeks, days, hours, minutes) as milliseconds. Pure. */

const SHORT_DURATION = /^P(?=\d|T\d)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;

const MINUTE_MS = 60_000;

/**
 * "P14D" → 14 days in milliseconds; undefined for anything else. Years and months are refused: their
 * length depends on the calendar, and a target time or answer window must be a fixed span.
 */
export function shortDurationMs(text: string): number | undefined {
  const match = SHORT_DURATION.exec(text);
  if (!match) return undefined;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * MINUTE_MS;
}
