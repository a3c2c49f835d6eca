/**
 * Stored search queries keep no personal data (issue #13): a personnummer or samordningsnummer
 * (10 or 12 digits, with or without - or +), a phone number (Swedish formats, +46 or 00 46) and an
 * e-mail address are removed before a query is kept. Pure.
 */

/** Anything with an @ between non-space characters: e-mail addresses, however unusual. */
const EMAIL = /\S*@\S*/gu;
/**
 * A run of digits with the separators people type inside numbers (space, dash, plus, parentheses,
 * slash, dot). Runs with six digits or more are numbers about someone (personnummer, phone, account),
 * never what a resident needs to find a service; shorter ones (a house number, a year) stay.
 */
const DIGIT_RUN = /[+(]*\d(?:[\s\-+()/.]*\d)*/gu;
const MIN_DIGITS_REMOVED = 6;

/** The query without personal numbers and e-mail addresses, spaces collapsed, at most `max` characters. */
export function scrubQuery(text: string, max = 200): string {
  const withoutEmail = text.normalize('NFC').replace(EMAIL, ' ');
  const withoutNumbers = withoutEmail.replace(DIGIT_RUN, (run) =>
    (run.match(/\d/g)?.length ?? 0) >= MIN_DIGITS_REMOVED ? ' ' : run,
  );
  return withoutNumbers.replace(/\s+/gu, ' ').trim().slice(0, max).trim();
}
