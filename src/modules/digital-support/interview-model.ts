/**
 * Structured needs interviews (issue #13): what a resident's life situation is, which digital
 * services they use, what is hard, what help they got and what help is missing — as codes, stored
 * without the person. The optional note is refused when it holds a personnummer, an e-mail address
 * or a phone number, so no one is identifiable from it (decision 0029: refuse, not strip, so the
 * interviewer sees what was wrong and rewrites the note). Pure.
 */
import { TARGET_GROUPS, type TargetGroup } from './model.ts';

export const LIFE_SITUATIONS = [
  'pensionar',
  'nyanland',
  'arbetssokande',
  'studerande',
  'forvarvsarbetande',
  'sjukskriven',
  'foralder',
  'annat',
] as const;
export type LifeSituation = (typeof LIFE_SITUATIONS)[number];

export const DIGITAL_SERVICES = [
  'e-legitimation',
  'bank',
  'vard',
  'forsakringskassan',
  'skatteverket',
  'arbetsformedlingen',
  'kommunen',
  'e-post',
  'videosamtal',
] as const;

export const DIFFICULTIES = [
  'logga-in',
  'ingen-utrustning',
  'internet',
  'sprak',
  'hitta-ratt',
  'formular',
  'bedrageri',
  'syn-motorik',
] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const HELP_RECEIVED = [
  'anhorig',
  'bibliotek',
  'kundcenter',
  'forening',
  'studieforbund',
  'ingen',
] as const;

export const HELP_MISSING = [
  'personlig-handledning',
  'eget-sprak',
  'hembesok',
  'telefonstod',
  'kurs',
  'lana-utrustning',
  'kvallar-helger',
] as const;
export type MissingHelp = (typeof HELP_MISSING)[number];

/** The interview's code lists, by form field. */
export const INTERVIEW_LISTS = {
  servicesUsed: DIGITAL_SERVICES,
  difficulties: DIFFICULTIES,
  helpReceived: HELP_RECEIVED,
  helpMissing: HELP_MISSING,
} as const;
export type InterviewListField = keyof typeof INTERVIEW_LISTS;

/** An interview as stored: codes only, and the checked note. */
export interface Interview {
  interviewedOn: string;
  targetGroup: TargetGroup;
  lifeSituation: LifeSituation;
  servicesUsed: string[];
  difficulties: Difficulty[];
  helpReceived: string[];
  helpMissing: MissingHelp[];
  note: string;
}

export type InterviewInput = Record<string, string | string[] | undefined>;

const MAX_NOTE = 500;

/** What in a text identifies a person: a personnummer (or samordningsnummer), an e-mail, a phone number. */
export function personalDataIn(text: string): ('personnummer' | 'email' | 'phone')[] {
  const found: ('personnummer' | 'email' | 'phone')[] = [];
  // YYMMDD-NNNN, YYYYMMDDNNNN, with -, + or nothing between: ten or twelve digits in a row.
  if (/(?<!\d)(\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/.test(text)) found.push('personnummer');
  if (/[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}/i.test(text)) found.push('email');
  // A Swedish phone number: 0 or +46 then at least six more digits, spaces and dashes allowed.
  const withoutNumbers = text.replace(/(?<!\d)(\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/g, '');
  if (/(\+46|(?<![\d])0)[\s-]?\d(?:[\s-]?\d){5,}/.test(withoutNumbers)) found.push('phone');
  return found;
}

const listOf = (value: unknown): string[] =>
  value === undefined ? [] : [value].flat().filter((item): item is string => typeof item === 'string');
const member = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** Checks the interview form: field errors as codes (messages.ts), or the interview to store. */
export function checkInterview(
  input: InterviewInput,
  today: string,
): { ok: Interview } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const interviewedOn = typeof input.interviewedOn === 'string' ? input.interviewedOn.trim() : '';
  // A real calendar day: 2026-02-30 parses in some engines, so the date must come back unchanged.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(interviewedOn)
    ? new Date(`${interviewedOn}T00:00:00Z`)
    : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== interviewedOn)
    errors.push({ field: 'interviewedOn', message: 'invalidDate' });
  else if (interviewedOn > today) errors.push({ field: 'interviewedOn', message: 'futureDate' });
  if (!member(TARGET_GROUPS, input.targetGroup)) errors.push({ field: 'targetGroup', message: 'choose' });
  if (!member(LIFE_SITUATIONS, input.lifeSituation))
    errors.push({ field: 'lifeSituation', message: 'choose' });
  const pick = <T extends string>(field: InterviewListField, list: readonly T[]) =>
    list.filter((code) => listOf(input[field]).includes(code));
  const difficulties = pick('difficulties', DIFFICULTIES);
  if (difficulties.length === 0) errors.push({ field: 'difficulties', message: 'chooseOne' });
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (note.length > MAX_NOTE) errors.push({ field: 'note', message: 'noteTooLong' });
  const personal = personalDataIn(note);
  if (personal.length > 0) errors.push({ field: 'note', message: `personalData-${personal[0]}` });
  if (errors.length > 0) return { errors };
  return {
    ok: {
      interviewedOn,
      targetGroup: input.targetGroup as TargetGroup,
      lifeSituation: input.lifeSituation as LifeSituation,
      servicesUsed: pick('servicesUsed', DIGITAL_SERVICES),
      difficulties,
      helpReceived: pick('helpReceived', HELP_RECEIVED),
      helpMissing: pick('helpMissing', HELP_MISSING),
      note,
    },
  };
}

/** How often each code was given, most common first (ties in the code list's order). */
export interface CodeCount<T extends string> {
  code: T;
  count: number;
}

export interface GapSummary {
  interviews: number;
  difficulties: CodeCount<Difficulty>[];
  helpMissing: CodeCount<MissingHelp>[];
  /** Per target group that was interviewed: its count and its most common difficulty and missing help. */
  byTargetGroup: {
    targetGroup: TargetGroup;
    interviews: number;
    difficulties: CodeCount<Difficulty>[];
    helpMissing: CodeCount<MissingHelp>[];
  }[];
}

function countCodes<T extends string>(
  list: readonly T[],
  given: readonly (readonly string[])[],
): CodeCount<T>[] {
  return list
    .map((code) => ({ code, count: given.filter((codes) => codes.includes(code)).length }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** The most common difficulties and missing help, overall and per target group. */
export function gapSummary(
  interviews: readonly Pick<Interview, 'targetGroup' | 'difficulties' | 'helpMissing'>[],
): GapSummary {
  const byTargetGroup = TARGET_GROUPS.flatMap((targetGroup) => {
    const of = interviews.filter((interview) => interview.targetGroup === targetGroup);
    if (of.length === 0) return [];
    return [
      {
        targetGroup,
        interviews: of.length,
        difficulties: countCodes(
          DIFFICULTIES,
          of.map((i) => i.difficulties),
        ),
        helpMissing: countCodes(
          HELP_MISSING,
          of.map((i) => i.helpMissing),
        ),
      },
    ];
  });
  return {
    interviews: interviews.length,
    difficulties: countCodes(
      DIFFICULTIES,
      interviews.map((i) => i.difficulties),
    ),
    helpMissing: countCodes(
      HELP_MISSING,
      interviews.map((i) => i.helpMissing),
    ),
    byTargetGroup,
  };
}
