/**
 * Human-readable answers for "check your answers", receipts and case pages. Always plain text: views and
 * PDF writers do their own escaping.
 */
import { conditionHolds, visibleSteps } from './conditions.ts';
import type {
  Answers,
  AnswerValue,
  Field,
  FileRef,
  Language,
  LocationValue,
  Option,
  ServiceDefinition,
  Step,
} from './definition.ts';
import { formatNumber } from './messages.ts';
import { isAddress } from './normalize.ts';

const YES_NO: Record<Language, [string, string]> = { sv: ['Ja', 'Nej'], en: ['Yes', 'No'] };

/**
 * Formats one answer in the given language: option labels rather than values, Ja/Nej or Yes/No, dates as
 * ISO (YYYY-MM-DD), addresses on one line, file names, numbers with their unit. An absent answer gives "".
 * Values that do not fit the field type (e.g. an unparsed number) are shown as they are.
 */
export function formatAnswer(field: Field, value: AnswerValue | undefined, lang: Language): string {
  if (value === undefined) return '';
  switch (field.type) {
    case 'yesNo':
      return typeof value === 'boolean' ? YES_NO[lang][value ? 0 : 1] : String(value);
    case 'number':
      return typeof value === 'number' ? formatNumber(value, lang, field.unit) : String(value);
    case 'select':
    case 'radio':
    case 'checkboxes':
      return formatOptions(field.options, value, lang);
    case 'personalIdentityNumber':
      // Stored as 12 digits; the hyphen before the last four makes it readable, as on Swedish ID cards.
      return typeof value === 'string' && /^\d{12}$/.test(value)
        ? `${value.slice(0, 8)}-${value.slice(8)}`
        : String(value);
    case 'address':
      return isAddress(value)
        ? [value.street, `${value.postalCode} ${value.city}`.trim()].filter(Boolean).join(', ')
        : '';
    case 'location':
      return formatLocation(value as LocationValue);
    case 'file':
      return Array.isArray(value) ? (value as FileRef[]).map((file) => file.filename).join(', ') : '';
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

function formatOptions(options: Option[], value: AnswerValue, lang: Language): string {
  const values = Array.isArray(value) ? value : [value];
  return values
    .map((v) => {
      const option = options.find((o) => o.value === v);
      return option ? option.label[lang] : String(v);
    })
    .join(', ');
}

// Coordinates keep a decimal point in both languages: a comma would clash with the separator between them.
function formatLocation(value: LocationValue): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const hasPoint = value.latitude !== undefined && value.longitude !== undefined;
  const point = hasPoint ? `${value.latitude}, ${value.longitude}` : '';
  if (value.address && point) return `${value.address} (${point})`;
  return value.address || point;
}

/** One visible step with its visible fields' answers as text: what receipts and summaries list. */
export interface AnswerSection {
  step: Step;
  rows: { field: Field; text: string }[];
}

/** The visible steps and fields of a definition with each answer formatted ("" when unanswered). */
export function answerSummary(
  definition: ServiceDefinition,
  answers: Answers,
  lang: Language,
): AnswerSection[] {
  return visibleSteps(definition, answers).map((step) => ({
    step,
    rows: step.fields
      .filter((field) => conditionHolds(field.showIf, answers))
      .map((field) => ({ field, text: formatAnswer(field, answers[field.id], lang) })),
  }));
}
