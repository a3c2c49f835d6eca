/**
 * Words for the record of processing and the privacy notices (issue #14): a retention period in
 * plain Swedish or English, and a GDPR art. 6.1 basis as its letter. Pure.
 */
import type { Language } from '../../platform/i18n/i18n.ts';
import type { LegalBasis } from '../forms/definition.ts';

/** The parts of an ISO 8601 duration, as written (no carrying: P18M stays 18 months). */
export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses `P10Y`, `P2Y6M`, `P30D`, `PT12H`…; undefined for anything else. */
export function parseDuration(iso: string): DurationParts | undefined {
  const match = DURATION.exec(iso);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return {
    years: years ?? 0,
    months: months ?? 0,
    weeks: weeks ?? 0,
    days: days ?? 0,
    hours: hours ?? 0,
    minutes: minutes ?? 0,
    seconds: seconds ?? 0,
  };
}

const UNITS: Record<Language, Record<keyof DurationParts, [string, string]>> = {
  sv: {
    years: ['år', 'år'],
    months: ['månad', 'månader'],
    weeks: ['vecka', 'veckor'],
    days: ['dag', 'dagar'],
    hours: ['timme', 'timmar'],
    minutes: ['minut', 'minuter'],
    seconds: ['sekund', 'sekunder'],
  },
  en: {
    years: ['year', 'years'],
    months: ['month', 'months'],
    weeks: ['week', 'weeks'],
    days: ['day', 'days'],
    hours: ['hour', 'hours'],
    minutes: ['minute', 'minutes'],
    seconds: ['second', 'seconds'],
  },
};

const AND: Record<Language, string> = { sv: 'och', en: 'and' };

/** "2 år och 6 månader", "1 vecka", "2 years, 1 month and 3 days"; empty for a zero duration. */
export function durationWords(parts: DurationParts, lang: Language): string {
  const words = (Object.keys(UNITS[lang]) as (keyof DurationParts)[])
    .filter((unit) => parts[unit] > 0)
    .map((unit) => `${parts[unit]} ${UNITS[lang][unit][parts[unit] === 1 ? 0 : 1]}`);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${AND[lang]} ${words.at(-1)}`;
}

/**
 * How long a closed case is kept, in words: "10 år efter att ärendet avslutats". A period that is
 * not a duration this code reads is shown as written, so the record never hides what was declared.
 */
export function retentionWords(period: string, lang: Language): string {
  const parts = parseDuration(period);
  if (!parts) return period;
  const words = durationWords(parts, lang);
  if (lang === 'sv')
    return words ? `${words} efter att ärendet avslutats` : 'till dess att ärendet avslutats';
  return words ? `${words} after the case was closed` : 'until the case is closed';
}

const LETTERS: Record<LegalBasis, string> = {
  consent: 'a',
  contract: 'b',
  legalObligation: 'c',
  vitalInterests: 'd',
  publicInterest: 'e',
};

/** The point of GDPR art. 6.1 a basis is: "6.1 e". */
export function legalBasisArticle(basis: LegalBasis): string {
  return `6.1 ${LETTERS[basis]}`;
}
