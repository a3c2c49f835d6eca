/**
 * The record of processing and the data inventory as CSV files (issue #14), the way Swedish Excel
 * opens them: UTF-8 with a byte-order mark, semicolons between cells, CRLF line ends. Pure.
 */
import { type Language, localized, translator } from '../../platform/i18n/i18n.ts';
import { privacyMessages } from './messages.ts';
import type { ProcessingRecord } from './record-model.ts';
import { serviceWords } from './record-words.ts';

// A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection,
// OWASP): a definition's labels are typed by people, so each such cell gets a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: formula-looking text defused, then quoted (RFC 4180, quotes doubled) when it holds a
 * separator of either kind, a quote or a line break — so a comma-reading program splits it right too.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;,"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as a CSV document. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

const LIST = '; ';

/** The record of processing: one row per service, the header in the page's language. */
export function recordCsv(record: ProcessingRecord, lang: Language): string {
  const t = translator(privacyMessages, lang);
  const header = [
    t('service'),
    t('purpose'),
    t('legalBasis'),
    t('categories'),
    t('subjects'),
    t('recipients'),
    t('retention'),
    t('atEnd'),
    t('decisions'),
    t('security'),
  ];
  const rows = record.services.map((service) => {
    const words = serviceWords(service, lang);
    return [
      words.title,
      words.purpose,
      words.legalBasis,
      words.categories.join(LIST),
      words.subjects.join(LIST),
      words.recipients.join(LIST),
      words.retention,
      words.atEnd,
      words.decisions,
      words.security,
    ];
  });
  return toCsv([header, ...rows]);
}

/** The data inventory: one row per field of every live service. */
export function inventoryCsv(record: ProcessingRecord, lang: Language): string {
  const t = translator(privacyMessages, lang);
  const header = [
    t('service'),
    t('step'),
    t('fieldId'),
    t('label'),
    t('type'),
    t('confidentiality'),
    t('personalData'),
    t('required'),
  ];
  const rows = record.inventory.map((entry) => [
    localized(entry.serviceTitle, lang),
    localized(entry.stepTitle, lang),
    entry.fieldId,
    localized(entry.label, lang),
    t(`type_${entry.type}`),
    t(`level_${entry.confidentiality}`),
    t(`pd_${entry.personalData}`),
    entry.required ? t('yes') : t('no'),
  ]);
  return toCsv([header, ...rows]);
}
