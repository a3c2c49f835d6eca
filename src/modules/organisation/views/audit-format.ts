/**
 * The audit log in words and as files: plain-language actions, summarised details, and the CSV and
 * JSON exports an auditor downloads (issue #3).
 */
import type { AuditRow } from '../../../platform/audit/audit-log.ts';
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import { type AdminMessageKey, adminMessages } from '../messages.ts';

/** Names of ids the details mention (units, staff members, services), for a readable summary. */
export type AuditNames = Map<string, string>;

const NAMED_DETAILS = new Set(['unitId', 'staffId', 'serviceId', 'sharedWithUnitId']);

function messageKey(key: string): AdminMessageKey | undefined {
  return key in adminMessages.sv ? (key as AdminMessageKey) : undefined;
}

/** The action in plain words (`case.read` → "Öppnade ärendet"); unknown actions as their code. */
export function actionText(action: string, lang: Language): string {
  const key = messageKey(`action_${action.replaceAll('.', '_')}`);
  return key ? translator(adminMessages, lang)(key) : action;
}

function detailValue(key: string, value: unknown, names: AuditNames, lang: Language): string {
  const t = translator(adminMessages, lang);
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'string') {
    if (NAMED_DETAILS.has(key)) return names.get(value) ?? value;
    const known = key === 'role' || key === 'scope' ? messageKey(`${key}_${value}`) : undefined;
    return known ? t(known) : value;
  }
  if (Array.isArray(value)) return value.map((item) => detailValue(key, item, names, lang)).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The details of an entry as "Enhet: Gatuenheten; Namn: …" (ids replaced by names where known). */
export function detailsSummary(details: Record<string, unknown>, names: AuditNames, lang: Language): string {
  const t = translator(adminMessages, lang);
  return Object.entries(details)
    .map(([key, value]) => {
      const label = messageKey(`detail_${key}`);
      return `${label ? t(label) : key}: ${detailValue(key, value, names, lang)}`;
    })
    .join('; ');
}

// Made once (an export has thousands of rows; toLocaleString builds a formatter per call).
const SWEDISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Swedish local time with seconds, `2026-11-24 14:03:12`, as Swedish spreadsheets read it. */
export function swedishTime(at: Date | string): string {
  return SWEDISH_TIME.format(new Date(at));
}

// A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-looking text defused, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV the way Swedish Excel opens it: UTF-8 with BOM, semicolons, CRLF line ends. */
export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** The audit entries as a CSV file with a header row. */
export function auditCsv(entries: AuditRow[], names: AuditNames, lang: Language): string {
  const t = translator(adminMessages, lang);
  const header: AdminMessageKey[] = [
    'colTime',
    'colTimeUtc',
    'colWho',
    'colUnits',
    'colAction',
    'colActionCode',
    'colCase',
    'colDetails',
  ];
  const rows = entries.map((entry) => [
    swedishTime(entry.at),
    new Date(entry.at).toISOString(),
    entry.actorName,
    entry.actorUnits.join(', '),
    actionText(entry.action, lang),
    entry.action,
    entry.reference ?? '',
    detailsSummary(entry.details, names, lang),
  ]);
  return toCsv([header.map((key) => t(key)), ...rows]);
}

/** The audit entries as plain JSON objects (ids and codes kept, with the action in words beside). */
export function auditJson(entries: AuditRow[], lang: Language) {
  return entries.map((entry) => ({
    id: String(entry.id),
    at: new Date(entry.at).toISOString(),
    actor: { name: entry.actorName, units: entry.actorUnits },
    action: entry.action,
    description: actionText(entry.action, lang),
    caseReference: entry.reference ?? null,
    details: entry.details,
  }));
}
