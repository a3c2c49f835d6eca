/**
 * The officer queue's filters, sort orders and keyset cursors, read from the query string that the
 * route's schema has checked (officer-input.ts: each value one string). Pure.
 */

import { CASE_CHANNELS, type CaseChannel } from '../cases/intake-model.ts';
import { toPrefixQuery } from '../catalogue/model.ts';
import { isValidIsoDate, normalizePersonalIdentityNumber } from '../forms/normalize.ts';
import type { QueueQueryInput } from './officer-input.ts';

export type QueueSort = 'newest' | 'oldest' | 'due';
export type AssignedFilter = 'any' | 'me' | 'unassigned';

export interface QueueFilters {
  status?: string;
  serviceId?: string;
  /** The way the cases came in (issue #9). */
  channel?: CaseChannel;
  assigned: AssignedFilter;
  overdue: boolean;
  /** Only cases whose resident asked for human review of an automatic decision (issue #10). */
  reviewRequested: boolean;
  /** Inclusive Swedish calendar dates (YYYY-MM-DD). */
  submittedFrom?: string;
  submittedTo?: string;
  /** The free text as typed (shown back in the form). */
  text?: string;
  /** The prefix tsquery made from `text`; undefined when nothing searchable was typed. */
  tsQuery?: string;
  /** A case reference typed in the search box matches exactly. */
  reference?: string;
  /**
   * A personnummer typed in the search box (12 digits): matches the applicant's or a personnummer
   * answer exactly, through keyed hashes; never a text search (issue #14, decision 0034).
   */
  personalIdentityNumber?: string;
  sort: QueueSort;
  closed: boolean;
}

/** Where the next page starts: the sort key and id of the last row shown. */
export interface QueueCursor {
  key: string;
  id: string;
}

export const QUEUE_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REFERENCE = /^[A-Za-z]{2,5}-\d{4}-\d{6,}$/;
const STATUS_ID = /^[a-z][a-zA-Z0-9]*$/;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 ? trimmed.slice(0, 200) : undefined;
}

/** Reads filters from the query string; unknown or malformed values are ignored, never an error. */
export function parseQueueFilters(query: QueueQueryInput): QueueFilters {
  const status = text(query.status);
  const serviceId = text(query.tjanst);
  const from = text(query.fran);
  const to = text(query.till);
  const free = text(query.sok);
  const personalIdentityNumber = free ? normalizePersonalIdentityNumber(free) : undefined;
  const channel = CASE_CHANNELS.find((known) => known === query.kanal);
  const assigned = query.tilldelad === 'mig' ? 'me' : query.tilldelad === 'ingen' ? 'unassigned' : 'any';
  const sort = query.sortering === 'aldst' ? 'oldest' : query.sortering === 'forfaller' ? 'due' : 'newest';
  return {
    status: status && STATUS_ID.test(status) ? status : undefined,
    serviceId: serviceId && UUID.test(serviceId) ? serviceId : undefined,
    channel,
    assigned,
    overdue: query.forsenade === 'ja',
    reviewRequested: query.provning === 'ja',
    submittedFrom: from && isValidIsoDate(from) ? from : undefined,
    submittedTo: to && isValidIsoDate(to) ? to : undefined,
    text: free,
    reference: free && REFERENCE.test(free) ? free.toUpperCase() : undefined,
    personalIdentityNumber,
    tsQuery: free && !REFERENCE.test(free) && !personalIdentityNumber ? toPrefixQuery(free) : undefined,
    sort,
    closed: query.avslutade === 'ja',
  };
}

/** The query string for the same filters (links to the next page, sort changes). */
export function queueQueryString(filters: QueueFilters, cursor?: QueueCursor): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.serviceId) params.set('tjanst', filters.serviceId);
  if (filters.channel) params.set('kanal', filters.channel);
  if (filters.assigned !== 'any') params.set('tilldelad', filters.assigned === 'me' ? 'mig' : 'ingen');
  if (filters.overdue) params.set('forsenade', 'ja');
  if (filters.reviewRequested) params.set('provning', 'ja');
  if (filters.closed) params.set('avslutade', 'ja');
  if (filters.submittedFrom) params.set('fran', filters.submittedFrom);
  if (filters.submittedTo) params.set('till', filters.submittedTo);
  if (filters.text) params.set('sok', filters.text);
  if (filters.sort !== 'newest') params.set('sortering', filters.sort === 'oldest' ? 'aldst' : 'forfaller');
  if (cursor) params.set('efter', encodeCursor(cursor));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** An opaque, URL-safe cursor. */
export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(`${cursor.key}|${cursor.id}`).toString('base64url');
}

/** Decodes a cursor; undefined for anything malformed (the first page is shown). */
export function decodeCursor(raw: string | undefined): QueueCursor | undefined {
  if (raw === undefined || raw.length > 200) return undefined;
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  const [key, id] = decoded.split('|');
  if (!key || !id || !UUID.test(id) || Number.isNaN(Date.parse(key))) return undefined;
  return { key, id };
}

const STOCKHOLM_HOUR = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Start of a Swedish calendar day as an instant (for "submitted between" filters). */
export function swedishDayStart(isoDate: string): Date {
  // Noon UTC is always the same Swedish date; the offset that day gives local midnight.
  const noon = new Date(`${isoDate}T12:00:00Z`);
  const offsetHours = Number(STOCKHOLM_HOUR.format(noon)) - 12;
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - offsetHours * 3600_000);
}
