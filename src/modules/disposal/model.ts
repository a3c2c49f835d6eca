/**
 * Retention and disposal (gallring), the pure part (issue #14, decision 0031): which rule each
 * service version follows, the pseudonyms a disposed case's remaining records carry, the admin
 * page's figures and the job's log summary. No I/O.
 */
import type { ServiceDefinition } from '../forms/definition.ts';

/** What happens to a closed case when its retention period has ended. */
export type RetentionAction = 'dispose' | 'archive';

/** The ISO 8601 durations a definition may give as its retention period (the import schema's pattern). */
const RETENTION_PERIOD =
  /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Whether `text` is a retention period the database can add to a date ("P10Y", "P6M", "P90D"). */
export function isRetentionPeriod(text: unknown): text is string {
  return typeof text === 'string' && text.length <= 40 && RETENTION_PERIOD.test(text);
}

/** One service version's rule: how long its closed cases are kept, and what happens then. */
export interface RetentionRule {
  versionId: string;
  version: number;
  retentionPeriod: string;
  action: RetentionAction;
}

/**
 * The rule of one version. A version stored before issue #14 has no privacy declaration: its cases
 * are archived, never destroyed, since destruction cannot be undone and nothing declared it allowed.
 * A period the database could not read (none passes the import schema) leaves the version out.
 */
export function retentionRuleOf(version: {
  id: string;
  version: number;
  definition: Pick<ServiceDefinition, 'retentionPeriod'> & { privacy?: { atRetentionEnd?: unknown } };
}): RetentionRule | undefined {
  const { retentionPeriod, privacy } = version.definition;
  if (!isRetentionPeriod(retentionPeriod)) return undefined;
  const action: RetentionAction = privacy?.atRetentionEnd === 'dispose' ? 'dispose' : 'archive';
  return { versionId: version.id, version: version.version, retentionPeriod, action };
}

/** The person's pseudonym within one disposed case, numbered in order of appearance (1 is the applicant). */
export interface Pseudonyms {
  of(personId: string): string;
  /**
   * A copy of a JSON value with every person id removed and the names beside them replaced; an
   * object naming a staff member (`staffId`) is kept as it is.
   */
  scrub<T>(value: T): T;
  /** How many persons were given a pseudonym. */
  readonly count: number;
}

/** The label a disposed case's records show instead of a person ("Gallrad person 1"). */
export const PSEUDONYM_LABEL = 'Gallrad person';

const PERSON_ID_KEY = /^(personId|[a-z][A-Za-z]*PersonId)$/;

/** Pseudonyms for one case; the mapping lives only in this object, so it is gone after the disposal. */
export function createPseudonyms(): Pseudonyms {
  const numbers = new Map<string, number>();
  const of = (personId: string) => {
    let number = numbers.get(personId);
    if (number === undefined) {
      number = numbers.size + 1;
      numbers.set(personId, number);
    }
    return `${PSEUDONYM_LABEL} ${number}`;
  };
  const scrub = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(scrub);
    if (value === null || typeof value !== 'object') return value;
    const source = value as Record<string, unknown>;
    // A staff member acted in their role: the record of an official act keeps who did it.
    if (typeof source.staffId === 'string') return value;
    const personId = typeof source.personId === 'string' ? source.personId : undefined;
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(source)) {
      if (PERSON_ID_KEY.test(key)) continue;
      result[key] = key === 'name' && personId ? of(personId) : scrub(inner);
    }
    return result;
  };
  return {
    of,
    scrub: <T>(value: T) => scrub(value) as T,
    get count() {
      return numbers.size;
    },
  };
}

/** Pending cases of one service: due already (`now`), or due in one month (`YYYY-MM`, Swedish time). */
export interface PendingMonth {
  serviceId: string;
  month: 'now' | string;
  count: number;
  /** The earliest due time of these cases. */
  firstDueAt: Date;
}

/** One service's coming disposals or archivings, for the admin page. */
export interface UpcomingOfService {
  serviceId: string;
  /** Due already: the next run handles them. */
  dueNow: number;
  /** The months from this one on, up to `horizon` months, that have cases, oldest first. */
  months: { month: string; count: number }[];
  /** Due after the horizon. */
  later: number;
  /** The next due time still ahead, if any. */
  nextDueAt: Date | undefined;
}

/** `YYYY-MM` of a time in Swedish time. */
export function swedishMonth(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 7);
}

/** The month `count` months after `month` (`YYYY-MM`). */
export function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Groups the pending rows per service: due now, the next `horizon` months (this one first), later. */
export function upcomingByService(rows: PendingMonth[], now: Date, horizon = 12): UpcomingOfService[] {
  const last = addMonths(swedishMonth(now), horizon - 1);
  const byService = new Map<string, UpcomingOfService>();
  for (const row of rows) {
    const entry = byService.get(row.serviceId) ?? {
      serviceId: row.serviceId,
      dueNow: 0,
      months: [],
      later: 0,
      nextDueAt: undefined,
    };
    byService.set(row.serviceId, entry);
    if (row.month === 'now') {
      entry.dueNow += row.count;
      continue;
    }
    if (row.month <= last) entry.months.push({ month: row.month, count: row.count });
    else entry.later += row.count;
    if (!entry.nextDueAt || row.firstDueAt < entry.nextDueAt) entry.nextDueAt = row.firstDueAt;
  }
  for (const entry of byService.values()) entry.months.sort((a, b) => a.month.localeCompare(b.month));
  return [...byService.values()];
}

/** What one disposal run did (no names, no personnummer: references and service slugs only). */
export interface DisposalRunResult {
  cases: { reference: string; service: string; action: 'disposed' | 'archived' }[];
  disposed: number;
  archived: number;
  drafts: number;
  anonymousDrafts: number;
  sessions: number;
  files: number;
  /** Cases whose disposal failed and was rolled back whole; the next run tries again. */
  failed: { reference: string; service: string; error: string }[];
}

const LOGGED_CASES = 100;

/** The job's log line: the counts, and the first cases by reference and service. */
export function summaryForLog(result: DisposalRunResult): Record<string, unknown> {
  const { cases, failed: _failed, ...counts } = result;
  return {
    ...counts,
    cases: cases.slice(0, LOGGED_CASES).map((c) => `${c.reference} ${c.service} ${c.action}`),
    ...(cases.length > LOGGED_CASES ? { casesNotListed: cases.length - LOGGED_CASES } : {}),
  };
}

/** Whether a run did anything worth a log line. */
export function didAnything(result: DisposalRunResult): boolean {
  const { cases: _cases, failed: _failed, ...counts } = result;
  return Object.values(counts).some((count) => count > 0);
}

/** Adds counts of the same names together. */
export function addCounts(...all: (Record<string, number> | undefined)[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of all)
    for (const [key, value] of Object.entries(counts ?? {})) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** One service's retention rules, every version's (cases stay bound to the version they came in by). */
export interface ServiceRules {
  serviceId: string;
  slug: string;
  /** The newest version's title. */
  title: { sv: string; en: string };
  /** Newest first; versions whose period cannot be read are left out. */
  versions: RetentionRule[];
}

/** The tenant's rules per service, from its services and their versions (catalogue's `allVersions`). */
export function rulesOfServices(
  services: {
    serviceId: string;
    slug: string;
    versions: (Parameters<typeof retentionRuleOf>[0] & {
      definition: { title: { sv: string; en: string } };
    })[];
  }[],
): ServiceRules[] {
  return services.map((service) => {
    const newest = [...service.versions].sort((a, b) => b.version - a.version);
    return {
      serviceId: service.serviceId,
      slug: service.slug,
      title: newest[0]?.definition.title ?? { sv: service.slug, en: service.slug },
      versions: newest.flatMap((version) => retentionRuleOf(version) ?? []),
    };
  });
}

/** A retention period's parts ("P1Y6M" → years 1, months 6), for showing it in words; zero parts left out. */
export function periodParts(
  period: string,
): { unit: 'years' | 'months' | 'weeks' | 'days' | 'hours'; n: number }[] {
  const match = RETENTION_PERIOD.exec(period);
  if (!match) return [];
  const units = ['years', 'months', 'weeks', 'days', 'hours'] as const;
  return units.flatMap((unit, index) => {
    const n = Number(match[index + 1] ?? 0);
    return n > 0 ? [{ unit, n }] : [];
  });
}
