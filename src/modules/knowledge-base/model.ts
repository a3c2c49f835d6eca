/**
 * The knowledge base's rules (issue #13), pure: what an entry is, the form's checks (with Swedish
 * error codes), the review cycle, and how an answer's plain text becomes paragraphs, lists and links.
 */
import type { ProblemFieldError } from '../../platform/errors.ts';

export const ENTRY_STATUSES = ['published', 'draft', 'archived'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** The review intervals the form offers, in months. */
export const REVIEW_INTERVALS = [3, 6, 12, 24] as const;
export const DEFAULT_REVIEW_INTERVAL = 12;

export const QUESTION_MAX = 300;
export const ANSWER_MAX = 10_000;
export const CATEGORY_MAX = 80;

/** An entry as the form gives it, checked. */
export interface EntryInput {
  question: string;
  answer: string;
  category: string;
  serviceIds: string[];
  ownerUnitId: string | null;
  status: EntryStatus;
  reviewIntervalMonths: number;
}

/** What the form posted (every field as text or a list of texts). */
export interface EntryForm {
  question?: string;
  answer?: string;
  category?: string;
  serviceIds?: string[];
  ownerUnitId?: string;
  status?: string;
  reviewIntervalMonths?: string;
}

const oneLine = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/** Trims each line and keeps at most one blank line between paragraphs. */
export function cleanAnswer(value: string | undefined): string {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function lengthError(value: string, max: number, missing: string, tooLong: string): string | undefined {
  if (value.length === 0) return missing;
  return value.length > max ? tooLong : undefined;
}

/**
 * Checks the form: question, answer and category are required and bounded, the status and interval
 * are among the offered ones, and every link in the answer goes to https:// or a path on this site.
 * Whether the unit and services belong to the tenant is the service's check (it knows them).
 */
export function checkEntryForm(form: EntryForm): { ok: EntryInput } | { errors: ProblemFieldError[] } {
  const question = oneLine(form.question);
  const answer = cleanAnswer(form.answer);
  const category = oneLine(form.category);
  const status = ENTRY_STATUSES.find((candidate) => candidate === form.status);
  const interval = REVIEW_INTERVALS.find((months) => String(months) === form.reviewIntervalMonths);
  const problems: [string, string | undefined][] = [
    ['question', lengthError(question, QUESTION_MAX, 'questionMissing', 'questionTooLong')],
    [
      'answer',
      lengthError(answer, ANSWER_MAX, 'answerMissing', 'answerTooLong') ??
        (badLinks(answer) ? 'answerLinkInvalid' : undefined),
    ],
    ['category', lengthError(category, CATEGORY_MAX, 'categoryMissing', 'categoryTooLong')],
    ['status', status ? undefined : 'statusInvalid'],
    ['reviewIntervalMonths', interval ? undefined : 'intervalInvalid'],
  ];
  const errors = problems.flatMap(([field, message]) => (message ? [{ field, message }] : []));
  if (errors.length > 0 || !status || !interval) return { errors };
  const ownerUnitId = oneLine(form.ownerUnitId) || null;
  const serviceIds = [...new Set((form.serviceIds ?? []).map((id) => id.trim()).filter(Boolean))];
  return {
    ok: { question, answer, category, serviceIds, ownerUnitId, status, reviewIntervalMonths: interval },
  };
}

/**
 * The form's checks and the tenant's: the owner unit must be one of the tenant's units; e-services
 * that are not the tenant's are dropped (no page of ours offers them).
 */
export function checkEntryOfTenant(
  form: EntryForm,
  tenant: { unitIds: readonly string[]; serviceIds: readonly string[] },
): { ok: EntryInput } | { errors: ProblemFieldError[] } {
  const result = checkEntryForm(form);
  const unitId = (form.ownerUnitId ?? '').trim();
  const unitError =
    unitId && !tenant.unitIds.includes(unitId) ? [{ field: 'ownerUnitId', message: 'unitInvalid' }] : [];
  if ('errors' in result) return { errors: [...result.errors, ...unitError] };
  if (unitError.length > 0) return { errors: unitError };
  const serviceIds = result.ok.serviceIds.filter((id) => tenant.serviceIds.includes(id));
  return { ok: { ...result.ok, serviceIds } };
}

/** `from` plus whole months (the 31st becomes the month's last day, as people count months). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/** Whether an entry's review is due at `now` (archived entries are never due). */
export function isReviewDue(entry: { status: EntryStatus; nextReviewAt: Date }, now: Date): boolean {
  return entry.status !== 'archived' && entry.nextReviewAt.getTime() <= now.getTime();
}

// ---------------------------------------------------------------------------------------------
// The answer's text: paragraphs separated by blank lines; a paragraph whose every line starts with
// "- " is a list; `[text](https://…)` or `[text](/path)` is a link, and so is a bare https:// address.

/** A piece of a line: text, or a link. */
export type Inline = { text: string } | { text: string; href: string };
/** A paragraph (its lines) or a list (its items), each line a row of pieces. */
export type Block = { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

const LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|(https:\/\/[^\s<>()]+[^\s<>().,;:!?])/g;
const MARKED_LINK = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)/g;

/** Whether a link target is allowed: https:// or a path on this site (never javascript: and the like). */
export function isSafeHref(href: string): boolean {
  return /^https:\/\/[^\s]+$/.test(href) || /^\/(?!\/)[^\s]*$/.test(href);
}

function badLinks(answer: string): boolean {
  return [...answer.matchAll(MARKED_LINK)].some((match) => !isSafeHref(match[2] ?? ''));
}

/** One line's pieces. */
export function inlinesOf(line: string): Inline[] {
  const pieces: Inline[] = [];
  let at = 0;
  for (const match of line.matchAll(LINK)) {
    const index = match.index ?? 0;
    if (index > at) pieces.push({ text: line.slice(at, index) });
    const [whole, label, target, bare] = match;
    const href = bare ?? target ?? '';
    pieces.push(isSafeHref(href) ? { text: label ?? href, href } : { text: whole });
    at = index + whole.length;
  }
  if (at < line.length) pieces.push({ text: line.slice(at) });
  return pieces;
}

/** The answer as blocks to render. */
export function answerBlocks(answer: string): Block[] {
  return cleanAnswer(answer)
    .split(/\n\n+/)
    .filter(Boolean)
    .map((paragraph): Block => {
      const lines = paragraph.split('\n');
      if (lines.every((line) => /^[-•*]\s+/.test(line)))
        return { kind: 'list', items: lines.map((line) => inlinesOf(line.replace(/^[-•*]\s+/, ''))) };
      return { kind: 'paragraph', lines: lines.map(inlinesOf) };
    });
}

/** The answer as plain text (links as their words), for excerpts and ranking. */
export function plainAnswer(answer: string): string {
  return cleanAnswer(answer)
    .replace(MARKED_LINK, '$1')
    .replace(/^[-•*]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The answer's first words, at most `max` characters, cut at a word and ended with "…". */
export function excerptOf(answer: string, max = 200): string {
  const plain = plainAnswer(answer);
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')} …`;
}

/**
 * Keeps the hits worth showing: at most `limit`, none far below the best (a question shares some
 * letter sequences with almost any answer, so the tail is noise).
 */
export function strongHits<T extends { score: number }>(hits: T[], limit: number): T[] {
  const best = hits[0]?.score ?? 0;
  const floor = Math.max(0.02, best * 0.25);
  return hits.filter((hit) => hit.score >= floor).slice(0, limit);
}

/** How much an entry linked to the e-service being asked about is lifted in the ranking. */
export const SERVICE_BOOST = 1.5;
