/** The officer's case page: props, and which refused form and field an error belongs to. */
import type { ComponentChildren } from 'preact';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { type OfficerMessageKey, officerMessages } from '../messages.ts';
import { type SecrecyMessageKey, secrecyMessages } from '../secrecy-messages.ts';
import type { OfficerCaseDetails } from '../service.ts';

/** A refused form on the page: which form, its field errors (message keys) and the values typed. */
export interface CaseFormErrors {
  form: 'status' | 'note' | 'completion' | 'assign' | 'move' | 'share' | 'reveal';
  errors: { field: string; message: string }[];
  values: Partial<Record<string, string | string[]>>;
}

export interface OfficerCaseViewProps {
  ctx: PageContext;
  actor: StaffActor;
  details: OfficerCaseDetails;
  notice?: OfficerMessageKey | SecrecyMessageKey;
  refused?: CaseFormErrors;
  /** Sections other modules render (decisions, messages). */
  decisionSection?: ComponentChildren;
  messagesSection?: ComponentChildren;
  /** A fault report's category, position and reporter answers (issue #11). */
  faultReportSection?: ComponentChildren;
  /** Where the case may be moved (issue #13): the tenant's units and live e-services, by id and name. */
  moveChoices?: { units: [string, string][]; services: [string, string][] };
  /** The tenant's units by id and name, to share the case with (decision 0033). */
  shareUnits?: [string, string][];
}

const INPUT_IDS: Record<CaseFormErrors['form'], Record<string, string>> = {
  status: { status: 'status', message: 'status-message' },
  note: { note: 'note' },
  completion: { steps: 'completion-steps', message: 'completion-message' },
  assign: { staffId: 'assign-staff' },
  move: { unitId: 'move-unit', serviceId: 'move-service', reason: 'move-reason' },
  share: { unitId: 'share-unit', reason: 'share-reason', endsOn: 'share-ends' },
  reveal: {},
};

/** The id of a protected answer's reveal reason (one form per field). */
export function revealInputId(fieldId: string): string {
  return `reveal-reason-${fieldId}`;
}

/** The input id an error belongs to, for the summary link and the inline message. */
export function errorInputId(refused: CaseFormErrors, field: string): string {
  if (refused.form === 'reveal') return revealInputId(String(refused.values.fieldId ?? ''));
  return (
    INPUT_IDS[refused.form][field] ??
    INPUT_IDS[refused.form][Object.keys(INPUT_IDS[refused.form])[0] ?? ''] ??
    field
  );
}

export function errorFor(
  props: OfficerCaseViewProps,
  form: CaseFormErrors['form'],
  field: string,
): string | undefined {
  const t = translator(officerMessages, props.ctx.lang);
  const found =
    props.refused?.form === form ? props.refused.errors.find((error) => error.field === field) : undefined;
  if (!found) return undefined;
  if (found.message in secrecyMessages.sv)
    return translator(secrecyMessages, props.ctx.lang)(found.message as SecrecyMessageKey);
  return found.message in officerMessages.sv ? t(found.message as OfficerMessageKey) : t('invalid');
}

export function typedValue(
  props: OfficerCaseViewProps,
  form: CaseFormErrors['form'],
  name: string,
): string | undefined {
  const value = props.refused?.form === form ? props.refused.values[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
