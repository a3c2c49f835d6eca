/**
 * Secrecy inside a case (issue #14, decision 0033), pure: which answers are protected, the answers
 * an officer sees before revealing them, and the rules of a share's form (unit, reason, end date).
 */
import { conditionHolds, visibleSteps } from '../forms/conditions.ts';
import { type Answers, informationClassOf, type ServiceDefinition } from '../forms/definition.ts';

/**
 * The confidentiality level whose answers officers see only after giving a reason: 3, "kvalificerat
 * skyddsvärd" (health, disability, social circumstances — OSL 25 and 26 kap.). Levels 0–2 are shown.
 */
export const PROTECTED_LEVEL = 3;

/** How long a revealed answer stays visible to the officer who revealed it, on that case. */
export const REVEAL_MINUTES = 15;

/** The longest a case may be shared at once: a share is an exception with an end, not a standing access. */
export const SHARE_MAX_DAYS = 366;

export const REASON_MAX_LENGTH = 1000;

/** The ids of the definition's protected fields (confidentiality 3), in form order. */
export function protectedFieldIds(definition: ServiceDefinition): string[] {
  return definition.steps.flatMap((step) =>
    step.fields
      .filter((field) => informationClassOf(field).confidentiality >= PROTECTED_LEVEL)
      .map((field) => field.id),
  );
}

/** The fields shown for these answers (conditions judged on the real answers, before masking). */
export function visibleFieldIds(definition: ServiceDefinition, answers: Answers): string[] {
  return visibleSteps(definition, answers).flatMap((step) =>
    step.fields.filter((field) => conditionHolds(field.showIf, answers)).map((field) => field.id),
  );
}

/** Answers without the protected ones not revealed; `hidden`: the protected fields that had an answer. */
export function maskAnswers(
  answers: Answers,
  protectedIds: readonly string[],
  revealed: ReadonlySet<string>,
): { answers: Answers; hidden: string[] } {
  const hidden = protectedIds.filter((id) => answers[id] !== undefined && !revealed.has(id));
  if (hidden.length === 0) return { answers, hidden };
  const masked = { ...answers };
  for (const id of hidden) delete masked[id];
  return { answers: masked, hidden };
}

/** Why a share is refused, per field (message keys of secrecy-messages.ts). */
export type ShareError =
  | { field: 'unitId'; message: 'shareUnitMissing' | 'shareUnitUnknown' | 'shareUnitAlreadyShared' }
  | { field: 'reason'; message: 'shareReasonMissing' | 'shareReasonTooLong' }
  | { field: 'endsOn'; message: 'shareEndMissing' | 'shareEndInvalid' | 'shareEndPast' | 'shareEndTooLate' };

export interface ShareInput {
  unitId: string;
  reason: string;
  /** The last Swedish calendar day of the share, YYYY-MM-DD (inclusive). */
  endsOn: string;
}

/** What the form is judged against: today's Swedish date, the tenant's units and the case's units. */
export interface ShareContext {
  today: string;
  unitIds: ReadonlySet<string>;
  /** The handling unit: a case is not shared with the unit that already has it. */
  ownerUnitId: string | null;
  /** Units the case is shared with now: one active share per unit (revoke it to change it). */
  sharedWith: ReadonlySet<string>;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date `days` after an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether the text is a real calendar date written YYYY-MM-DD. */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function endDateError(endsOn: string, today: string): ShareError | undefined {
  if (!endsOn) return { field: 'endsOn', message: 'shareEndMissing' };
  if (!isCalendarDate(endsOn)) return { field: 'endsOn', message: 'shareEndInvalid' };
  if (endsOn < today) return { field: 'endsOn', message: 'shareEndPast' };
  if (endsOn > addDays(today, SHARE_MAX_DAYS)) return { field: 'endsOn', message: 'shareEndTooLate' };
  return undefined;
}

/** Checks a share's form: every error at once, or the clean input (reason trimmed). */
export function checkShare(
  input: ShareInput,
  context: ShareContext,
): { errors: ShareError[] } | { ok: ShareInput } {
  const errors: ShareError[] = [];
  const unitId = input.unitId.trim();
  if (!unitId) errors.push({ field: 'unitId', message: 'shareUnitMissing' });
  else if (!context.unitIds.has(unitId) || unitId === context.ownerUnitId)
    errors.push({ field: 'unitId', message: 'shareUnitUnknown' });
  else if (context.sharedWith.has(unitId))
    errors.push({ field: 'unitId', message: 'shareUnitAlreadyShared' });
  const reason = input.reason.trim();
  if (!reason) errors.push({ field: 'reason', message: 'shareReasonMissing' });
  else if (reason.length > REASON_MAX_LENGTH) errors.push({ field: 'reason', message: 'shareReasonTooLong' });
  const endsOn = input.endsOn.trim();
  const endError = endDateError(endsOn, context.today);
  if (endError) errors.push(endError);
  return errors.length > 0 ? { errors } : { ok: { unitId, reason, endsOn } };
}

/** Why a reveal is refused (message keys of secrecy-messages.ts). */
export type RevealError =
  | { field: 'reason'; message: 'revealReasonMissing' | 'revealReasonTooLong' }
  | { field: 'fieldId'; message: 'revealFieldUnknown' };

/** Checks a reveal: a protected field of the case's form and a reason. */
export function checkReveal(
  input: { fieldId: string; reason: string },
  protectedIds: readonly string[],
): { errors: RevealError[] } | { ok: { fieldId: string; reason: string } } {
  if (!protectedIds.includes(input.fieldId))
    return { errors: [{ field: 'fieldId', message: 'revealFieldUnknown' }] };
  const reason = input.reason.trim();
  if (!reason) return { errors: [{ field: 'reason', message: 'revealReasonMissing' }] };
  if (reason.length > REASON_MAX_LENGTH)
    return { errors: [{ field: 'reason', message: 'revealReasonTooLong' }] };
  return { ok: { fieldId: input.fieldId, reason } };
}
