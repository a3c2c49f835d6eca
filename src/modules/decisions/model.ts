/**
 * Decision rules: the outcomes and their names, and validation of the decision form. Pure.
 * Förvaltningslagen (2017:900) 32 § asks for a justification, 33 § for information on how to appeal
 * when a decision goes against the applicant; the letter and these rules follow that.
 */
import type { DecisionOutcome } from '../../db/schema.ts';
import type { LocalizedText } from '../forms/definition.ts';

export type { DecisionOutcome };

export const DECISION_OUTCOMES: readonly DecisionOutcome[] = [
  'granted',
  'partlyGranted',
  'rejected',
  'dismissed',
];

/** The officer's and the letter's name for each outcome. */
export const outcomeLabel: Record<DecisionOutcome, LocalizedText> = {
  granted: { sv: 'Bifall', en: 'Granted' },
  partlyGranted: { sv: 'Delvis bifall', en: 'Partly granted' },
  rejected: { sv: 'Avslag', en: 'Rejected' },
  dismissed: { sv: 'Avvisning', en: 'Dismissed' },
};

/** What the outcome means for the resident, in plain words. */
export const residentOutcomeText: Record<DecisionOutcome, LocalizedText> = {
  granted: { sv: 'Din ansökan har beviljats.', en: 'Your application has been granted.' },
  partlyGranted: { sv: 'Din ansökan har beviljats delvis.', en: 'Your application has been partly granted.' },
  rejected: { sv: 'Din ansökan har avslagits.', en: 'Your application has been rejected.' },
  dismissed: {
    sv: 'Din ansökan har avvisats. Det betyder att vi inte har prövat den i sak.',
    en: 'Your application has been dismissed. This means we have not considered it on its merits.',
  },
};

/**
 * The default appeal information (överklagandehänvisning) the form starts with; the officer may
 * edit it. Förvaltningslagen 43–46 §§: in writing, to the authority that decided, within three weeks
 * of being notified; the authority reconsiders and then forwards the appeal to the court.
 */
export const DEFAULT_APPEAL_INFORMATION =
  'Om du inte är nöjd med beslutet kan du överklaga det. Skriv till kommunen och tala om vilket beslut ' +
  'du överklagar (ange ärendenumret), hur du vill att beslutet ska ändras och varför. Överklagandet ' +
  'ska ha kommit in till kommunen inom tre veckor från den dag du fick del av beslutet. Kommunen ' +
  'prövar först om beslutet ska ändras och skickar sedan överklagandet vidare till förvaltningsrätten.';

export const JUSTIFICATION_MAX = 10000;
export const LEGAL_BASIS_MAX = 500;
export const APPEAL_INFORMATION_MAX = 5000;

/** The form as typed (every value a string, possibly empty). */
export interface DecisionInput {
  outcome: string;
  justification: string;
  legalBasis: string;
  validFrom: string;
  validTo: string;
  appealInformation: string;
  /** Why the decision differs from the case's proposal (issue #10); required only then. */
  proposalDeviation?: string;
}

/** A decision that passed validation, ready to be recorded. */
export interface ValidDecision {
  outcome: DecisionOutcome;
  justification: string;
  legalBasis: string;
  validFrom: string | null;
  validTo: string | null;
  appealInformation: string | null;
}

export type DecisionField = keyof DecisionInput;

export type DecisionErrorKey =
  | 'outcomeMissing'
  | 'justificationMissing'
  | 'justificationTooLong'
  | 'legalBasisMissing'
  | 'legalBasisTooLong'
  | 'validFromInvalid'
  | 'validToInvalid'
  | 'validToBeforeFrom'
  | 'appealInformationMissing'
  | 'appealInformationTooLong'
  | 'proposalDeviationMissing';

export interface DecisionFieldError {
  field: DecisionField;
  message: DecisionErrorKey;
}

export type DecisionValidation =
  | { ok: true; value: ValidDecision }
  | { ok: false; errors: DecisionFieldError[] };

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether a string could be a decision id (a uuid), a guard before a lookup. */
export function isDecisionId(value: string | undefined): value is string {
  return (
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}

function parseOutcome(value: string): DecisionOutcome | undefined {
  return DECISION_OUTCOMES.find((outcome) => outcome === value);
}

/** Trims and normalises line endings of a free-text field. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/\r\n?/g, '\n').trim();
}

function textErrors(
  field: DecisionField,
  value: string,
  max: number,
  missing: DecisionErrorKey,
  tooLong: DecisionErrorKey,
): DecisionFieldError[] {
  if (!value) return [{ field, message: missing }];
  return value.length > max ? [{ field, message: tooLong }] : [];
}

function validityErrors(validFrom: string, validTo: string): DecisionFieldError[] {
  const errors: DecisionFieldError[] = [];
  if (validFrom && !isIsoDate(validFrom)) errors.push({ field: 'validFrom', message: 'validFromInvalid' });
  if (validTo && !isIsoDate(validTo)) errors.push({ field: 'validTo', message: 'validToInvalid' });
  if (errors.length === 0 && validFrom && validTo && validTo < validFrom) {
    errors.push({ field: 'validTo', message: 'validToBeforeFrom' });
  }
  return errors;
}

/**
 * Validates the decision form. Appeal information is required for a rejection; a full grant does
 * not go against the applicant, so it carries none (FL 33 §) even if the prefilled text was left.
 */
export function validateDecision(input: Partial<DecisionInput>): DecisionValidation {
  const outcome = parseOutcome(clean(input.outcome));
  const justification = clean(input.justification);
  const legalBasis = clean(input.legalBasis);
  const validFrom = clean(input.validFrom);
  const validTo = clean(input.validTo);
  const appeal = outcome === 'granted' ? '' : clean(input.appealInformation);
  const errors: DecisionFieldError[] = [
    ...(outcome ? [] : [{ field: 'outcome', message: 'outcomeMissing' } as const]),
    ...textErrors(
      'justification',
      justification,
      JUSTIFICATION_MAX,
      'justificationMissing',
      'justificationTooLong',
    ),
    ...textErrors('legalBasis', legalBasis, LEGAL_BASIS_MAX, 'legalBasisMissing', 'legalBasisTooLong'),
    ...validityErrors(validFrom, validTo),
  ];
  if (outcome === 'rejected' && !appeal)
    errors.push({ field: 'appealInformation', message: 'appealInformationMissing' });
  if (appeal.length > APPEAL_INFORMATION_MAX) {
    errors.push({ field: 'appealInformation', message: 'appealInformationTooLong' });
  }
  if (errors.length > 0 || !outcome) return { ok: false, errors };
  return {
    ok: true,
    value: {
      outcome,
      justification,
      legalBasis,
      validFrom: validFrom || null,
      validTo: validTo || null,
      appealInformation: appeal || null,
    },
  };
}

/**
 * Deciding otherwise than the rule's proposal needs a reason of its own (issue #10), so that a
 * deviation is always explained; following the proposal, or a case without one, needs none.
 */
export function proposalDeviationErrors(
  input: Partial<DecisionInput>,
  proposed: DecisionOutcome | undefined,
): DecisionFieldError[] {
  const outcome = parseOutcome(clean(input.outcome));
  if (!proposed || !outcome || outcome === proposed || clean(input.proposalDeviation)) return [];
  return [{ field: 'proposalDeviation', message: 'proposalDeviationMissing' }];
}

/** Whether a proposed outcome is one a decision can have (not "manual", not a failed proposal). */
export function isDecisionOutcome(value: unknown): value is DecisionOutcome {
  return typeof value === 'string' && (DECISION_OUTCOMES as readonly string[]).includes(value);
}

/** The form's starting values: empty with the default appeal text, or those of the decision corrected. */
export function initialDecisionInput(
  corrects?: Omit<ValidDecision, 'outcome'> & { outcome: string },
): DecisionInput {
  if (!corrects) {
    return {
      outcome: '',
      justification: '',
      legalBasis: '',
      validFrom: '',
      validTo: '',
      appealInformation: DEFAULT_APPEAL_INFORMATION,
    };
  }
  return {
    outcome: corrects.outcome,
    justification: corrects.justification,
    legalBasis: corrects.legalBasis,
    validFrom: corrects.validFrom ?? '',
    validTo: corrects.validTo ?? '',
    appealInformation: corrects.appealInformation ?? DEFAULT_APPEAL_INFORMATION,
  };
}

/** Ids of decisions that a later decision replaces. */
export function supersededIds(decisions: readonly { correctsDecisionId: string | null }[]): Set<string> {
  return new Set(
    decisions.flatMap((decision) => (decision.correctsDecisionId ? [decision.correctsDecisionId] : [])),
  );
}

/** The letter's file name: `beslut-EXS-2026-000123-2026-11-24.pdf`. */
export function letterFilename(reference: string, decidedOn: string): string {
  return `beslut-${reference}-${decidedOn}.pdf`;
}
