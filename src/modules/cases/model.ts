/** Case rules: references, statuses in plain language, ongoing vs closed. Pure. */
import type { StatusCategory } from '../../db/schema.ts';
import type { LocalizedText } from '../forms/definition.ts';

export type { StatusCategory };

/** `EXS-2026-000123`: tenant prefix, year, a per-tenant and per-year sequence (ARCHITECTURE contract). */
export function formatCaseReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

const REFERENCE_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{6,}$/;

/** Whether a string looks like a case reference (cheap guard before a lookup). */
export function isCaseReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}

/** The calendar year in Sweden at an instant (a case submitted 23:30 on 31 Dec UTC is next year's). */
export function swedishYear(at: Date): number {
  return Number(at.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }));
}

/** The status every new case starts in, until case types define their own (issue #3). */
export const INITIAL_STATUS = { status: 'received', category: 'received' as StatusCategory };

/** Plain-language text for each semantic category, used when a status has no text of its own. */
export const categoryText: Record<StatusCategory, LocalizedText> = {
  received: { sv: 'Mottagen', en: 'Received' },
  inProgress: { sv: 'Under handläggning', en: 'Being processed' },
  waitingForResident: { sv: 'Väntar på dig', en: 'Waiting for you' },
  decided: { sv: 'Beslut fattat', en: 'Decision made' },
  closed: { sv: 'Avslutad', en: 'Closed' },
};

/** Whether a case in this category is closed (My Pages splits ongoing and closed). */
export function isClosedCategory(category: StatusCategory): boolean {
  return category === 'closed';
}

/** Text for history events on the resident's timeline. */
export const eventText: Record<string, LocalizedText> = {
  submitted: { sv: 'Ärendet skickades in', en: 'The case was submitted' },
  statusChanged: { sv: 'Status ändrades', en: 'Status changed' },
};
